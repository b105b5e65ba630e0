import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { BUDGET_BYTES, checkBudget, gzippedSize, isModule } from "../../scripts/lib/bundle";

const ROOT = new URL("../..", import.meta.url).pathname;

describe("checkBudget", () => {
  it("passes up to 1 MiB gzipped and fails one byte above", () => {
    expect(BUDGET_BYTES).toBe(1024 * 1024);
    expect(checkBudget(94_546)).toEqual({ ok: true, line: "Worker bundle: 92.33 KiB gzipped, within the 1024.00 KiB budget" });
    expect(checkBudget(BUDGET_BYTES).ok).toBe(true);
    expect(checkBudget(BUDGET_BYTES + 1)).toEqual({ ok: false, line: "Worker bundle: 1024.00 KiB gzipped, OVER the 1024.00 KiB budget" });
  });
});

describe("what counts", () => {
  it("counts the uploaded modules, not source maps or wrangler's README", () => {
    expect(["index.js", "chunk.mjs", "yjs.wasm", "index.js.map", "README.md"].filter(isModule)).toEqual(["index.js", "chunk.mjs", "yjs.wasm"]);
  });

  it("gzips the modules together, as wrangler does, not one by one", () => {
    const module = randomBytes(8 * 1024);
    expect(gzippedSize([module, module])).toBe(gzipSync(Buffer.concat([module, module])).byteLength);
    // Together, the second copy costs almost nothing.
    expect(gzippedSize([module, module])).toBeLessThan(gzippedSize([module]) + 1024);
  });
});

describe("npm run bundle-size", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  function outdir(files: Record<string, Uint8Array | string>): string {
    const dir = mkdtempSync(join(tmpdir(), "edge-rooms-bundle-"));
    dirs.push(dir);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return dir;
  }

  const run = (dir: string) => spawnSync("npm", ["run", "--silent", "bundle-size", "--", dir], { cwd: ROOT, encoding: "utf8" });

  it("prints the size and passes a bundle under budget, whatever its source map weighs", () => {
    const { status, stdout } = run(
      outdir({ "index.js": "export default {};\n".repeat(1000), "index.js.map": randomBytes(2 * BUDGET_BYTES), "README.md": "x" }),
    );
    expect(stdout).toMatch(/^bundle-size: Worker bundle: \d+\.\d\d KiB gzipped, within the 1024\.00 KiB budget \(index\.js\)$/m);
    expect(status).toBe(0);
  });

  it("fails a bundle over budget", () => {
    // Random bytes do not compress: 1 MiB and a bit stays over 1 MiB gzipped.
    const { status, stdout } = run(outdir({ "index.js": "export default {};\n", "big.wasm": randomBytes(BUDGET_BYTES + 4096) }));
    expect(stdout).toContain("OVER the 1024.00 KiB budget (big.wasm, index.js)");
    expect(status).toBe(1);
  });

  it("fails when there is nothing to measure", () => {
    const { status, stderr } = run(outdir({ "README.md": "x" }));
    expect(stderr).toContain("no Worker modules");
    expect(status).toBe(1);
  });
});
