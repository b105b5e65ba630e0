/**
 * The run's output: per scenario, one Markdown table with a column per target and the
 * ratios to the baseline relay (and ours to y-partyserver), measured in the same run;
 * then what failed and why. The same text goes to bench/results/<stamp>.md next to the JSON.
 */
import type { TargetId } from "./config";
import type { PhaseCost } from "./measure";
import type { Outcome, Scenario } from "./scenario";
import { TARGETS } from "./targets";

export interface TargetResult {
  target: TargetId;
  outcome: Outcome;
  serverStartMs: number;
  /** What the server logged as going wrong (bounded). */
  logProblems: string[];
  vars: Record<string, string>;
  /** The server's processes and roles, and what each phase cost, for the JSON file. */
  processes: Array<{ pid: number; comm: string; role: string }>;
  costs: PhaseCost[];
  /** 1-minute load average before and after: other work on this shared machine shows here. */
  load: [number, number];
}

export interface ScenarioResult {
  scenario: Scenario;
  skipped?: string;
  targets: TargetResult[];
}

/** A figure is missing when not measured, or when there was nothing to summarize (NaN). */
const missing = (x: number | null | undefined): x is null | undefined => x === null || x === undefined || Number.isNaN(x);
const num = (x: number | null | undefined) => (missing(x) ? "–" : Number.isInteger(x) ? String(x) : x.toFixed(1));
const ratio = (x: number | null | undefined, base: number | null | undefined) =>
  missing(x) || missing(base) || base === 0 ? "–" : `${(x / base).toFixed(2)}×`;

function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? "---" : "---:"))), ...rows.map(line)].join("\n");
}

export function renderScenario(r: ScenarioResult): string {
  const out = [`### ${r.scenario.id}: ${r.scenario.title}`];
  if (r.skipped) return [...out, "", `skipped: ${r.skipped}`].join("\n");
  if (r.scenario.vars) out.push("", `edge-rooms ran with \`--var\` ${JSON.stringify(r.scenario.vars.values)}: ${r.scenario.vars.why}`);
  const ids = r.targets.map((t) => t.target);
  const byId = new Map(r.targets.map((t) => [t.target, t.outcome.values]));
  const base = byId.get("relay");
  const ratioCols: Array<{ label: string; of: TargetId; to: TargetId }> = [];
  if (base) for (const id of ids) if (id !== "relay") ratioCols.push({ label: `${TARGETS[id].label} ÷ relay`, of: id, to: "relay" });
  if (byId.has("ours") && byId.has("partyserver")) ratioCols.push({ label: "edge-rooms ÷ y-partyserver", of: "ours", to: "partyserver" });
  const header = ["metric", ...ids.map((id) => TARGETS[id].label), ...ratioCols.map((c) => c.label)];
  const rows = r.scenario.metrics.map((m) => [
    `${m.label} ${m.better === "lower" ? "↓" : "↑"}`,
    ...ids.map((id) => num(byId.get(id)?.[m.key])),
    ...ratioCols.map((c) => ratio(byId.get(c.of)?.[m.key], byId.get(c.to)?.[m.key])),
  ]);
  out.push("", markdownTable(header, rows), "");
  for (const t of r.targets) {
    const label = TARGETS[t.target].label;
    for (const n of t.outcome.notes) out.push(`- ${label}: ${n}`);
    if (Math.max(...t.load) > 2.5)
      out.push(`- ${label}: machine load average ${t.load.map((x) => x.toFixed(1)).join(" → ")} (2 cores): other work was running`);
    for (const p of t.outcome.problems) out.push(`- **${label} FAILED**: ${p}`);
    if (t.logProblems.length > 0)
      out.push(`- ${label}: the server logged ${t.logProblems.length} error/warning lines, first: \`${t.logProblems[0]!.slice(0, 160)}\``);
  }
  return out.join("\n");
}

export function failed(results: readonly ScenarioResult[]): string[] {
  return results.flatMap((r) => r.targets.flatMap((t) => t.outcome.problems.map((p) => `${r.scenario.id} / ${TARGETS[t.target].label}: ${p}`)));
}
