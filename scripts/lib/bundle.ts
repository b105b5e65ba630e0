/**
 * The Worker's size the way wrangler reports it ("Total Upload: … / gzip: …"): the modules
 * it uploads, concatenated and gzipped. Pure, so the budget check is tested directly.
 */
import { gzipSync } from "node:zlib";

/**
 * 1 MiB gzipped, far below the platform's size limit: a small bundle keeps a Worker's cold
 * start, which the platform caps at 1 second, short. The browser pages are static assets
 * and do not count.
 */
export const BUDGET_BYTES = 1024 * 1024;

/** Whether a file of `wrangler deploy --outdir` is uploaded as a module: not a source map, not wrangler's README. */
export function isModule(file: string): boolean {
  return !file.endsWith(".map") && file !== "README.md";
}

/** Gzipped size of the modules together, in bytes. */
export function gzippedSize(modules: readonly Uint8Array[]): number {
  return gzipSync(Buffer.concat(modules)).byteLength;
}

/** Whether `gzipBytes` fits the budget, and the line that says so. */
export function checkBudget(gzipBytes: number, budget = BUDGET_BYTES): { ok: boolean; line: string } {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;
  const ok = gzipBytes <= budget;
  return { ok, line: `Worker bundle: ${kib(gzipBytes)} gzipped, ${ok ? "within" : "OVER"} the ${kib(budget)} budget` };
}
