/**
 * The package's type declarations, after `vite build` wrote its JavaScript: each source file's
 * declarations on their own (`ts.transpileDeclaration`; tsconfig.json's isolatedDeclarations
 * makes sure every export says its type), with `.js` added to relative imports (Node's ESM
 * resolution wants it). Imports of other packages stay as they are: the peer dependencies.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const PACKAGE = fileURLToPath(new URL("..", import.meta.url));
const SRC = join(PACKAGE, "src");
const OUT = join(PACKAGE, "dist");
const RELATIVE = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+?)(?<!\.js)(["'])/g;

mkdirSync(OUT, { recursive: true });
for (const name of readdirSync(SRC).filter((n) => n.endsWith(".ts"))) {
  const { outputText, diagnostics } = ts.transpileDeclaration(readFileSync(join(SRC, name), "utf8"), {
    fileName: name,
    compilerOptions: { isolatedDeclarations: true, declaration: true, strict: true, module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    reportDiagnostics: true,
  });
  if (diagnostics && diagnostics.length > 0) {
    console.error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => PACKAGE, getNewLine: () => "\n" }));
    process.exit(1);
  }
  writeFileSync(join(OUT, name.replace(/\.ts$/, ".d.ts")), outputText.replace(RELATIVE, "$1$2.js$3"));
}
