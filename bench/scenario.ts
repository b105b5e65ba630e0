/**
 * What a scenario is to the runner: its metrics (for the table and the ratios), the limits
 * our room needs raised for it (said in the output), and a runner per target.
 */
import type { BenchConfig } from "./config";
import type { ConnectResult, TargetRun } from "./measure";
import type { Summary } from "./stats";

export interface Metric {
  key: string;
  label: string;
  /** Which way is better; ratios are always value ÷ baseline. */
  better: "lower" | "higher";
}

export interface Outcome {
  values: Record<string, number | null>;
  /** What makes this target fail the scenario: lost edits, divergence, errors, timeouts. */
  problems: string[];
  notes: string[];
  /** Everything else, for the JSON file. */
  details: unknown;
}

export type Runner = (run: TargetRun) => Promise<Outcome>;

export interface Scenario {
  id: string;
  title: string;
  metrics: Metric[];
  /** `wrangler dev --var`s our room gets for this scenario, beyond its defaults, and why. */
  vars?: { values: Record<string, string>; why: string };
  /**
   * Whether clients offer permessage-deflate (browsers do). Off by default: on this shared
   * 2-core machine compression would dominate what is measured; fanout-deflate shows its cost.
   */
  perMessageDeflate?: boolean;
  /** Loads what the scenario needs once per run; returns its runner, or why it is skipped. */
  prepare(cfg: BenchConfig): Promise<Runner | { skip: string }>;
}

/** A metric where less is better (latency, CPU, memory), or more (rates). */
export const lower = (key: string, label: string): Metric => ({ key, label, better: "lower" });
export const higher = (key: string, label: string): Metric => ({ key, label, better: "higher" });

/** Picks a count for a full run or for `--quick`. */
export const size = (cfg: BenchConfig, full: number, quick: number) => (cfg.quick ? quick : full);

export const latencyMetrics = (prefix: string, what: string): Metric[] =>
  (["p50", "p95", "p99", "max"] as const).map((q) => lower(`${prefix}_${q}`, `${what} ${q} ms`));

export const latencyValues = (prefix: string, s: Summary): Record<string, number | null> => ({
  [`${prefix}_p50`]: nan(s.p50),
  [`${prefix}_p95`]: nan(s.p95),
  [`${prefix}_p99`]: nan(s.p99),
  [`${prefix}_max`]: nan(s.max),
});

const nan = (x: number) => (Number.isNaN(x) ? null : x);

/** The client and server CPU seconds of the named phases of a run. */
export const cpuMetrics: Metric[] = [lower("client_cpu_s", "client CPU s"), lower("server_cpu_s", "server CPU s")];

export function cpuValues(run: TargetRun, phases: readonly string[]): Record<string, number> {
  const sec = (ms: number) => Math.round(ms / 100) / 10;
  return { client_cpu_s: sec(phaseCpu(run, phases).client), server_cpu_s: sec(phaseCpu(run, phases).server) };
}

function phaseCpu(run: TargetRun, phases: readonly string[]): { client: number; server: number } {
  const picked = run.costs.filter((c) => phases.includes(c.phase));
  return { client: picked.reduce((s, c) => s + c.clientCpuMs, 0), server: picked.reduce((s, c) => s + c.serverCpuMs, 0) };
}

/**
 * The server's CPU (its whole process group, as in "server CPU s") per edit, µs: what one
 * edit costs the server, comparable across targets whatever their rate. `edits` counts what
 * the scenario's target is about: deliveries for a fan-out, edits integrated for throughput.
 */
export const cpuPerEditMetric = (label: string): Metric => lower("server_cpu_per_edit_us", `server CPU per ${label} µs`);

export function cpuPerEditValue(run: TargetRun, phases: readonly string[], edits: number): Record<string, number | null> {
  return { server_cpu_per_edit_us: edits > 0 ? Math.round((1000 * phaseCpu(run, phases).server) / edits) : null };
}

/** Problems common to every scenario: clients that never synced, and client errors. */
export function connectProblems(phase: string, c: ConnectResult, total: number): string[] {
  return c.notSynced > 0 ? [`${phase}: ${c.notSynced}/${total} clients never synced (${c.notOpen} never opened) within ${c.waitedMs / 1000} s`] : [];
}

export function errorProblems(run: TargetRun): string[] {
  const n = run.tracker.errors.length;
  return n > 0 ? [`${n} client errors/closes/reconnects (first: ${describeError(run.tracker.errors[0]!)})`] : [];
}

function describeError(e: { phase: string; kind: string; code?: number; reason?: string; message?: string }): string {
  return `[${e.phase}] ${e.kind}${e.code !== undefined ? ` ${e.code}` : ""}${e.reason ? ` "${e.reason}"` : ""}${e.message ? ` ${e.message}` : ""}`;
}

/** How our room stored a scenario's edits (its `/stats`), as a note; none for other targets. */
/** What our room held back (edit and sync frames of sockets over their share) and dropped as echoes, from its /stats. */
export function intakeNote(what: string, stats: Record<string, unknown> | null): string[] {
  if (typeof stats?.slowed !== "number" || typeof stats.echoes !== "number") return [];
  return [`${what}: ${stats.slowed} frames held back (slowed), ${stats.echoes} presence echoes dropped`];
}

export function writesNote(what: string, stats: Record<string, unknown> | null): string[] {
  if (typeof stats?.writes !== "number" || typeof stats.editsWritten !== "number") return [];
  return [`${what}: stored in ${stats.writes} writes (${(stats.editsWritten / Math.max(1, stats.writes)).toFixed(1)} edits per write)`];
}
