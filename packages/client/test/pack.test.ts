/**
 * What `npm pack` publishes: the files the `exports` map names, and nothing that imports
 * from outside the tarball except the declared dependencies (the server's modules the
 * package uses are inlined into the JavaScript and the declarations travel with it).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PACKAGE = fileURLToPath(new URL("..", import.meta.url));
const manifest = JSON.parse(readFileSync(join(PACKAGE, "package.json"), "utf8")) as {
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};
const declared = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)];

let work: string;
let unpacked: string;

/** Every file under `dir`. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));

/** The module specifiers a .js or .d.ts file imports or re-exports. */
const specifiersOf = (source: string): string[] => [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1]!);

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "edge-rooms-client-pack-"));
  // `npm pack` runs the build first (prepack).
  execFileSync("npm", ["pack", "--pack-destination", work], { cwd: PACKAGE, stdio: "ignore" });
  const tarball = readdirSync(work).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack wrote no tarball");
  execFileSync("tar", ["-xzf", join(work, tarball), "-C", work]);
  unpacked = join(work, "package");
  // The dependencies, as an app that installed the package would have them beside it.
  symlinkSync(join(PACKAGE, "../../node_modules"), join(work, "node_modules"));
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed package", () => {
  it("holds what its exports map names", () => {
    const targets = Object.values(manifest.exports).flatMap((entry) => (typeof entry === "string" ? [entry] : Object.values(entry)));
    for (const target of targets) expect(existsSync(join(unpacked, target)), target).toBe(true);
    expect(existsSync(join(unpacked, "README.md"))).toBe(true);
  });

  it("imports nothing outside itself but its declared dependencies", () => {
    const code = filesUnder(unpacked).filter((f) => f.endsWith(".js") || f.endsWith(".d.ts"));
    expect(code.length).toBeGreaterThan(2);
    for (const file of code) {
      for (const specifier of specifiersOf(readFileSync(file, "utf8"))) {
        if (specifier.startsWith(".")) {
          const target = resolve(dirname(file), specifier);
          const found = [target, target.replace(/\.js$/, ".d.ts")].some((t) => t.startsWith(unpacked) && existsSync(t));
          expect(found, `${file} imports ${specifier}`).toBe(true);
        } else {
          const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
          expect(declared, `${file} imports ${specifier}`).toContain(name);
        }
      }
    }
  });

  it("runs from the tarball in Node", async () => {
    const entry = join(unpacked, "dist/index.js");
    const mod = (await import(entry)) as typeof import("../src/index");
    expect(typeof mod.createClient).toBe("function");
    expect(typeof mod.openRoom).toBe("function");
    expect(mod.CLOSE.sessionExpired.code).toBe(4401);
  });

  it("type-checks in a Node ESM app, declarations included, with the server's types", () => {
    writeFileSync(join(work, "package.json"), '{ "type": "module" }');
    writeFileSync(
      join(work, "app.ts"),
      `import * as Y from "yjs";
import { ApiError, createClient, openRoom, type RoomJson } from "./package/dist/index.js";
const client = createClient({ baseUrl: "http://127.0.0.1:8787" });
const room: RoomJson = await client.rooms.get("plans");
openRoom(room.id, { doc: new Y.Doc(), client }).on("save", (state, seq) => state.toUpperCase() + (seq + 1));
await client.rooms.create({ id: "plans", title: "Plans", kind: "document" });
// @ts-expect-error a body field of the wrong type
await client.members.put("plans", { email: "bob@example.com", role: "owner" });
// @ts-expect-error a code the API never answers
new ApiError(400, "no_such_code", "message");
`,
    );
    const tsc = join(PACKAGE, "../../node_modules/.bin/tsc");
    const args = ["--noEmit", "--strict", "--skipLibCheck", "false", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022"];
    // Throws with tsc's output when anything fails to resolve or check.
    execFileSync(tsc, [...args, "--lib", "es2023,dom", join(work, "app.ts")], { cwd: work, encoding: "utf8" });
  });
});
