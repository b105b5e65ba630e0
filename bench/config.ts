/**
 * What one `npm run bench` does, from its arguments and environment:
 *
 *   npm run bench -- [scenario ...] [--targets=relay,ours,...] [--traces=DIR] [--quick] [--profile[=SECONDS]]
 *
 * No scenario names: all of them. `--quick` (or BENCH_QUICK=1) shrinks every count and
 * duration for developing the harness; its figures are not comparable with a full run.
 * `--profile` records a CPU profile of each Worker (wrangler's inspector: ours, the relay,
 * y-partyserver) in each scenario, for its first SECONDS (default: all of it).
 * BENCH_VARS (JSON) adds `wrangler dev --var`s for our room to every scenario's own.
 */
import { resolve } from "node:path";

export const TARGET_IDS = ["relay", "ours", "partyserver", "yws"] as const;
export type TargetId = (typeof TARGET_IDS)[number];

export const ROOT = new URL("..", import.meta.url).pathname;

export interface BenchConfig {
  scenarios: string[];
  targets: TargetId[];
  tracesDir: string;
  quick: boolean;
  /** Profile the Workers for this many ms of each scenario (0: no profile). */
  profileMs: number;
  /** BENCH_VARS: `wrangler dev --var`s for our room in every scenario, e.g. '{"MAX_CONNECTIONS_PER_ROOM":"1000"}'. */
  vars: Record<string, string>;
  /** Hard stop for the whole run, whatever hangs. */
  watchdogMs: number;
}

export function readConfig(argv: readonly string[], env: NodeJS.ProcessEnv, known: readonly string[]): BenchConfig {
  const flags = new Map<string, string>();
  const scenarios: string[] = [];
  for (const arg of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (m) flags.set(m[1]!, m[2] ?? "true");
    else scenarios.push(arg);
  }
  const unknown = scenarios.filter((s) => !known.includes(s));
  if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(", ")}; known: ${known.join(", ")}`);
  const targets = (flags.get("targets") ?? env.BENCH_TARGETS ?? TARGET_IDS.join(",")).split(",").filter(Boolean);
  const badTarget = targets.find((t) => !(TARGET_IDS as readonly string[]).includes(t));
  if (badTarget) throw new Error(`unknown target ${badTarget}; known: ${TARGET_IDS.join(", ")}`);
  // The baseline comes first so that every other figure has its ratio.
  const ordered = TARGET_IDS.filter((t) => targets.includes(t));
  return {
    scenarios: scenarios.length > 0 ? scenarios : [...known],
    targets: ordered,
    tracesDir: resolve(ROOT, flags.get("traces") ?? env.BENCH_TRACES ?? "../shared/traces"),
    quick: flags.has("quick") || env.BENCH_QUICK === "1",
    profileMs: profileWindow(flags.get("profile") ?? env.BENCH_PROFILE),
    vars: JSON.parse(env.BENCH_VARS ?? "{}") as Record<string, string>,
    watchdogMs: Number(env.BENCH_WATCHDOG_MIN ?? 90) * 60_000,
  };
}

function profileWindow(value: string | undefined): number {
  if (value === undefined || value === "0") return 0;
  const seconds = Number(value);
  return value === "true" || !(seconds > 0) ? 60 * 60_000 : seconds * 1000;
}
