/**
 * `npm run bench`: issue 7's benchmarks and issue 6's load test, against the real
 * `wrangler dev` on 127.0.0.1, with stock y-websocket clients, in one run:
 *
 *   npm run bench -- [scenario ...] [--targets=relay,ours,partyserver,yws] [--traces=DIR] [--quick] [--profile[=SECONDS]]
 *
 * For each selected scenario and each target (bench/targets.ts: the baseline relay, our
 * room, y-partyserver, @y/websocket-server) it starts a fresh server, runs the scenario,
 * and stops the server by its process group. It prints one Markdown table per scenario with
 * ratios to the baseline measured in the same run, and writes bench/results/<stamp>.json
 * and .md. Exits 1 if any target failed a scenario (errors, lost edits, divergence), 2 if
 * the run itself failed.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { stripVTControlCharacters } from "node:util";
import { type BenchConfig, ROOT, readConfig, type TargetId } from "./config";
import { TargetRun } from "./measure";
import { type ProfileReport, profileWhile } from "./profile";
import { failed, renderScenario, type ScenarioResult, type TargetResult } from "./report";
import type { Outcome, Runner, Scenario } from "./scenario";
import { bigRoom } from "./scenarios/big-room";
import { coldSync } from "./scenarios/cold-sync";
import { fanoutScenario } from "./scenarios/fanout";
import { hotRoom } from "./scenarios/hot-room";
import { rooms } from "./scenarios/rooms";
import { throughput } from "./scenarios/throughput";
import { traces } from "./scenarios/traces";
import type { RunningServer } from "./servers";
import { TARGETS } from "./targets";

const SCENARIOS: Scenario[] = [
  fanoutScenario({ id: "fanout", title: "1 room, 50 clients, 1 writer at 50 edits/s for 10 s", clients: [50, 10], cursorHz: 0 }),
  fanoutScenario({
    id: "fanout-deflate",
    title: "the same with permessage-deflate offered, as browsers do",
    clients: [50, 10],
    cursorHz: 0,
    perMessageDeflate: true,
  }),
  fanoutScenario({ id: "presence", title: "fan-out with every client moving its cursor at 10 Hz", clients: [50, 10], cursorHz: 10 }),
  fanoutScenario({ id: "presence-100", title: "fan-out to 100 observers, every client moving its cursor at 10 Hz", clients: [101, 20], cursorHz: 10 }),
  throughput,
  rooms,
  coldSync,
  traces,
  bigRoom,
  hotRoom,
];

/** Bound per scenario and target, whatever hangs; the watchdog bounds the whole run. */
const TARGET_TIMEOUT_MS = 10 * 60_000;

// Every provider adds an exit listener to `process`.
process.setMaxListeners(0);

/** What must be stopped if the run is interrupted. */
let current: { server: RunningServer; run?: TargetRun } | undefined;

async function runOnTarget(cfg: BenchConfig, scenario: Scenario, runner: Runner, id: TargetId): Promise<{ result: TargetResult; profile?: ProfileReport }> {
  const target = TARGETS[id];
  const vars = target.takesVars ? { ...scenario.vars?.values, ...cfg.vars } : {};
  console.error(`bench: ${scenario.id} / ${target.label}: starting its server${Object.keys(vars).length ? ` with --var ${JSON.stringify(vars)}` : ""} ...`);
  const server = await target.start(vars);
  const run = new TargetRun(target, server, scenario.perMessageDeflate ?? false);
  current = { server, run };
  const load0 = loadavg()[0]!;
  const result = (outcome: Outcome): TargetResult => ({
    target: id,
    outcome,
    serverStartMs: server.startMs,
    logProblems: logProblems(server),
    vars,
    processes: server.processes,
    costs: run.costs,
    load: [load0, loadavg()[0]!],
  });
  let profile: ProfileReport | undefined;
  try {
    const go = () => withTimeout(runner(run), TARGET_TIMEOUT_MS, `${scenario.id} on ${target.label}`);
    const outcome =
      cfg.profileMs > 0 && server.inspectorPort !== undefined
        ? await profileWhile(server.inspectorPort, cfg.profileMs, go).then(({ value, report }) => ((profile = report), value))
        : await go();
    return { result: result(outcome), profile };
  } catch (err) {
    console.error(`bench: ${scenario.id} / ${target.label} failed:`, err, `\n--- server output (tail) ---\n${server.output().slice(-2000)}`);
    return { result: result({ values: {}, problems: [`the run failed: ${String(err)}`], notes: [], details: {} }), profile };
  } finally {
    run.close();
    await server.stop().catch((e) => console.error("bench: stopping the server:", e));
    current = undefined;
  }
}

/** Lines the server printed about something going wrong, beyond offline-dev noise. */
function logProblems(server: RunningServer): string[] {
  // Without wrangler's colours, so the lines read in the report.
  return stripVTControlCharacters(server.output())
    .split("\n")
    .filter((l) => /error|warn|exception|uncaught/i.test(l) && !/Request\.cf|getaddrinfo|workers\.cloudflare\.com/.test(l))
    .slice(0, 50);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still running after ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function cleanupAndExit(code: number): Promise<never> {
  current?.run?.close();
  await current?.server.stop().catch(() => {});
  process.exit(code);
}

/**
 * The versions that ran: the tools shared with the tests from the root's node_modules, the
 * peers from their own package's (bench/peers/package.json). Read before the run, so that a
 * missing install of the peers fails at once rather than after the scenarios.
 */
function versions(): Record<string, string> {
  const version = (dir: string, pkg: string) => (JSON.parse(readFileSync(`${dir}node_modules/${pkg}/package.json`, "utf8")) as { version: string }).version;
  const shared = ["wrangler", "workerd", "yjs", "y-websocket", "ws"].map((p) => [p, version(ROOT, p)]);
  const peers = ["y-partyserver", "partyserver", "@y/websocket-server"].map((p) => [p, version(`${ROOT}bench/peers/`, p)]);
  return { node: process.version, ...Object.fromEntries([...shared, ...peers]) };
}

async function main(): Promise<number> {
  const cfg = readConfig(
    process.argv.slice(2),
    process.env,
    SCENARIOS.map((s) => s.id),
  );
  const v = versions();
  const started = new Date();
  const watchdog = setTimeout(() => {
    console.error(`bench: watchdog: still running after ${cfg.watchdogMs / 60_000} min, stopping`);
    void cleanupAndExit(3);
  }, cfg.watchdogMs);
  process.once("SIGINT", () => void cleanupAndExit(130));
  process.once("SIGTERM", () => void cleanupAndExit(143));

  const results: ScenarioResult[] = [];
  const profiles: Array<{ scenario: string; report: ProfileReport }> = [];
  for (const scenario of SCENARIOS.filter((s) => cfg.scenarios.includes(s.id))) {
    const prepared = await scenario.prepare(cfg).catch((err: unknown) => ({ skip: `preparing failed: ${String(err)}` }));
    if ("skip" in prepared) {
      console.error(`bench: ${scenario.id}: skipped: ${prepared.skip}`);
      results.push({ scenario, skipped: prepared.skip, targets: [] });
      continue;
    }
    const result: ScenarioResult = { scenario, targets: [] };
    for (const id of cfg.targets) {
      const { result: r, profile } = await runOnTarget(cfg, scenario, prepared, id);
      result.targets.push(r);
      if (profile) profiles.push({ scenario: `${scenario.id}-${id}`, report: profile });
    }
    results.push(result);
    console.log(`${renderScenario(result)}\n`);
  }
  clearTimeout(watchdog);

  const problems = failed(results);
  const header = [
    `## Results ${started.toISOString()}${cfg.quick ? " (--quick: not comparable with a full run)" : ""}`,
    "",
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GiB, shared by client and servers. ` +
      `Versions: ${Object.entries(v)
        .map(([k, x]) => `${k} ${x}`)
        .join(", ")}.`,
    ...(Object.keys(cfg.vars).length > 0 ? ["", `BENCH_VARS: edge-rooms ran every scenario with \`--var\` ${JSON.stringify(cfg.vars)}.`] : []),
  ].join("\n");
  const body = results.map(renderScenario).join("\n\n");
  const verdict =
    problems.length === 0
      ? "RESULT: ok (every target: zero errors, all delivered, converged)"
      : `RESULT: ${problems.length} failure(s)\n  ${problems.join("\n  ")}`;
  console.log(verdict);

  const stamp = started.toISOString().replace(/[:.]/g, "-");
  const dir = `${ROOT}bench/results`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${stamp}.md`, `${header}\n\n${body}\n\n${verdict}\n`);
  for (const p of profiles) writeFileSync(`${dir}/${stamp}-${p.scenario}.cpuprofile`, JSON.stringify(p.report.profile));
  writeFileSync(
    `${dir}/${stamp}.json`,
    `${JSON.stringify(
      {
        startedAt: started.toISOString(),
        config: cfg,
        versions: v,
        machine: { cpus: cpus().length, model: cpus()[0]?.model, totalMemGiB: Math.round(totalmem() / 2 ** 30) },
        problems,
        scenarios: results.map((r) => ({ id: r.scenario.id, title: r.scenario.title, vars: r.scenario.vars, skipped: r.skipped, targets: r.targets })),
        profiles: profiles.map((p) => ({ scenario: p.scenario, hotSpots: p.report.hotSpots })),
      },
      null,
      2,
    )}\n`,
  );
  console.log(`results: bench/results/${stamp}.md and .json${profiles.length ? ` (+ ${profiles.length} .cpuprofile)` : ""}`);
  return problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(err);
    await cleanupAndExit(2);
  },
);
