/**
 * What the packages' pack tests share (packages/client/test/pack.test.ts and
 * packages/react/test/pack.test.ts): `npm pack` a package as a publisher would, unpack the
 * tarball, and read what its files import.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export interface Manifest {
  exports: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export const readManifest = (packageDir: string): Manifest => JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as Manifest;

/** Packs `packageDir` (`npm pack` runs its build first: prepack) and unpacks the tarball at `dest`. */
export function packInto(packageDir: string, dest: string): void {
  const work = dirname(dest);
  mkdirSync(work, { recursive: true });
  const before = new Set(readdirSync(work));
  execFileSync("npm", ["pack", "--pack-destination", work], { cwd: packageDir, stdio: "ignore" });
  const tarball = readdirSync(work).find((name) => name.endsWith(".tgz") && !before.has(name));
  if (!tarball) throw new Error(`npm pack wrote no tarball for ${packageDir}`);
  execFileSync("tar", ["-xzf", join(work, tarball), "-C", work]);
  renameSync(join(work, "package"), dest);
}

/** Every file under `dir`. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));

/** The module specifiers a .js or .d.ts file imports or re-exports. */
const specifiersOf = (source: string): string[] => [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1]!);

/** The exports map's targets that the unpacked package lacks. */
export function missingExports(unpacked: string, manifest: Manifest): string[] {
  const targets = Object.values(manifest.exports).flatMap((entry) => (typeof entry === "string" ? [entry] : Object.values(entry)));
  return targets.filter((target) => !existsSync(join(unpacked, target)));
}

/**
 * The imports in the unpacked package's .js and .d.ts files (as "file imports specifier") that
 * reach outside it other than to a declared dependency or peer; `checked` counts the files read.
 */
export function foreignImports(unpacked: string, manifest: Manifest): { checked: number; foreign: string[] } {
  const declared = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})];
  const code = filesUnder(unpacked).filter((f) => f.endsWith(".js") || f.endsWith(".d.ts"));
  const foreign = code.flatMap((file) =>
    specifiersOf(readFileSync(file, "utf8"))
      .filter((specifier) => {
        if (specifier.startsWith(".")) {
          const target = resolve(dirname(file), specifier);
          return ![target, target.replace(/\.js$/, ".d.ts")].some((t) => t.startsWith(unpacked) && existsSync(t));
        }
        const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
        return !declared.includes(name);
      })
      .map((specifier) => `${file} imports ${specifier}`),
  );
  return { checked: code.length, foreign };
}
