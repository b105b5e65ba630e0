/**
 * `npm run bundle-size [dir]`: prints the gzipped size of the Worker bundle that
 * `wrangler deploy --dry-run --outdir <dir>` wrote (default dist/), and fails above the budget.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { checkBudget, gzippedSize, isModule } from "./lib/bundle";

const dir = process.argv[2] ?? "dist";
// Sorted, so the concatenation (and its gzipped size) does not depend on directory order.
const files = existsSync(dir)
  ? readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => isModule(basename(f)) && statSync(join(dir, f)).isFile())
      .sort()
  : [];
if (files.length === 0) {
  console.error(`bundle-size: no Worker modules in ${dir}/: run \`npx wrangler deploy --dry-run --outdir ${dir}\` first`);
  process.exit(1);
}
const { ok, line } = checkBudget(gzippedSize(files.map((f) => readFileSync(join(dir, f)))));
console.log(`bundle-size: ${line} (${files.join(", ")})`);
process.exitCode = ok ? 0 : 1;
