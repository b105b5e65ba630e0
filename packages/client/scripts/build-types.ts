/**
 * The package's type declarations, after `vite build` wrote its JavaScript: tsc emits them
 * for src/ and for the server's modules it uses (src/wire, src/domain, src/document, kept at
 * their paths under dist/types so their relative imports hold), with `.js` added to every
 * relative import (Node's ESM resolution wants it), and dist/index.d.ts re-exports the entry.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const PACKAGE = fileURLToPath(new URL("..", import.meta.url));
const ROOT = join(PACKAGE, "../..");
const OUT = join(PACKAGE, "dist/types");

const config = ts.getParsedCommandLineOfConfigFile(join(PACKAGE, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
if (!config) throw new Error("cannot read packages/client/tsconfig.json");
const program = ts.createProgram([join(PACKAGE, "src/index.ts")], {
  ...config.options,
  noEmit: false,
  declaration: true,
  emitDeclarationOnly: true,
  rootDir: ROOT,
  outDir: OUT,
});
const result = program.emit();
const problems = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
if (problems.length > 0) {
  console.error(ts.formatDiagnostics(problems, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => "\n" }));
  process.exit(1);
}

const RELATIVE = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+?)(?<!\.js)(["'])/g;
function addExtensions(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) addExtensions(path);
    // tsc names a folder's index as "." where a type is reachable through it.
    else if (name.endsWith(".d.ts"))
      writeFileSync(
        path,
        readFileSync(path, "utf8")
          .replace(RELATIVE, "$1$2.js$3")
          .replace(/import\("\."\)/g, 'import("./index.js")'),
      );
  }
}
addExtensions(OUT);
writeFileSync(join(PACKAGE, "dist/index.d.ts"), 'export * from "./types/packages/client/src/index.js";\n');
