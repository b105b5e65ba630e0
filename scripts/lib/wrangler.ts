/**
 * Runs the project's pinned wrangler on the Node that runs the script: wrangler needs
 * Node 22, which npm scripts provide (the `node` devDependency) whatever the system Node is.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const WRANGLER = join(dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin/wrangler.js");

export interface WranglerRun {
  status: number;
  /** Captured standard output; empty unless `capture` was set. */
  stdout: string;
}

/**
 * Runs `wrangler <args>` in `cwd`. Its standard error always reaches the terminal, so the
 * operator sees wrangler's own explanation of a failure.
 * - `capture`: keep standard output for the caller instead of printing it.
 * - `interactive: false`: no standard input, so wrangler takes its non-interactive answers
 *   instead of prompting.
 */
export function wrangler(
  args: readonly string[],
  { cwd, capture = false, interactive = true, env = process.env }: { cwd: string; capture?: boolean; interactive?: boolean; env?: NodeJS.ProcessEnv },
): WranglerRun {
  const run = spawnSync(process.execPath, [WRANGLER, ...args], {
    cwd,
    env,
    encoding: "utf8",
    stdio: [interactive ? "inherit" : "ignore", capture ? "pipe" : "inherit", "inherit"],
  });
  return { status: run.status ?? 1, stdout: run.stdout ?? "" };
}

/** A deployment wrangler reported in its output file (`WRANGLER_OUTPUT_FILE_PATH`). */
export interface Deployment {
  versionId: string;
  /** The URLs and routes the version serves. */
  targets: string[];
}

/**
 * The deployment recorded in wrangler's output file (one JSON entry per line), or undefined
 * when there is none: wrangler also exits 0 when the operator declines one of its prompts,
 * and then records a deploy entry without a version.
 */
export function deploymentIn(outputFile: string): Deployment | undefined {
  for (const line of outputFile.split("\n")) {
    if (line.trim() === "") continue;
    const entry = JSON.parse(line) as { type?: string; version_id?: string | null; targets?: string[] };
    if (entry.type === "deploy" && typeof entry.version_id === "string") return { versionId: entry.version_id, targets: entry.targets ?? [] };
  }
  return undefined;
}
