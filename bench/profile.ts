/**
 * A CPU profile of our Worker while a scenario runs, taken through wrangler's DevTools
 * inspector (`wrangler dev --inspector-port`) with the Chrome DevTools protocol: Profiler
 * start/stop on the Worker's isolate, which also runs its Durable Objects. Samples are
 * attributed to source modules through the `// src/...` comments esbuild leaves in the
 * unminified bundle wrangler serves.
 */
import WebSocket from "ws";

interface CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface HotSpot {
  fn: string;
  module: string;
  ms: number;
  pct: number;
}

export interface ProfileReport {
  profile: CpuProfile;
  hotSpots: { sampledMs: number; busyMs: number; byModule: HotSpot[]; self: HotSpot[]; inclusive: HotSpot[] };
}

/** A minimal CDP session: numbered requests, answers matched by id. */
class Session {
  #next = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const msg = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      const p = msg.id === undefined ? undefined : this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    });
  }

  static async open(port: number): Promise<Session> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
    const url = targets[0]?.webSocketDebuggerUrl;
    if (!url) throw new Error("the inspector lists no Worker");
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
    return new Session(ws);
  }

  send<T>(method: string, params: object = {}, ms = 60_000): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => (this.#pending.delete(id), reject(new Error(`${method}: no answer in ${ms / 1000} s`))), ms);
      this.#pending.set(id, { resolve: (v) => (clearTimeout(timer), resolve(v as T)), reject: (e) => (clearTimeout(timer), reject(e)) });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }
}

/**
 * Runs `fn` with the profiler on (sampling every 500 µs) for at most `windowMs`, and returns
 * its value and the profile. A window keeps the profile to the part of interest, and lets it
 * be fetched before a saturated isolate stops answering the inspector at all.
 */
export async function profileWhile<T>(inspectorPort: number, windowMs: number, fn: () => Promise<T>): Promise<{ value: T; report: ProfileReport }> {
  const session = await Session.open(inspectorPort);
  try {
    await session.send("Profiler.enable");
    await session.send("Profiler.setSamplingInterval", { interval: 500 });
    await session.send("Profiler.start");
    const running = fn();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([running.catch(() => {}), new Promise((r) => (timer = setTimeout(r, windowMs)))]);
    clearTimeout(timer);
    const { profile } = await session.send<{ profile: CpuProfile }>("Profiler.stop", {}, 120_000);
    // Only now: the debugger slows the isolate down, and its script list is all we need of it.
    await session.send("Debugger.enable");
    const modules = await moduleMaps(session, profile);
    return { value: await running, report: { profile, hotSpots: summarizeProfile(profile, modules) } };
  } finally {
    session.ws.close();
  }
}

/**
 * The JS heap of the Worker's isolate (which also runs its Durable Objects) after a full
 * garbage collection, in KiB: what the objects alive in it hold, which the process's RSS
 * does not show once workerd keeps freed memory. Null if the inspector does not answer.
 * workerd's inspector never answers HeapProfiler.collectGarbage, so the collection is the
 * one a heap snapshot starts with (its chunks are read and dropped): about a second per
 * ten MiB of heap, with the isolate paused.
 */
export async function isolateHeapKiB(inspectorPort: number): Promise<number | null> {
  const session = await Session.open(inspectorPort).catch(() => null);
  if (session === null) return null;
  try {
    await session.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false }, 120_000);
    const { usedSize } = await session.send<{ usedSize: number }>("Runtime.getHeapUsage", {}, 30_000);
    return Math.round(usedSize / 1024);
  } catch {
    return null;
  } finally {
    session.ws.close();
  }
}

/** Per script, the module each line belongs to, from esbuild's `// path` comments. */
async function moduleMaps(session: Session, profile: CpuProfile): Promise<Map<string, string[]>> {
  const maps = new Map<string, string[]>();
  for (const scriptId of new Set(profile.nodes.map((n) => n.callFrame.scriptId))) {
    if (scriptId === "0") continue;
    const { scriptSource } = await session.send<{ scriptSource: string }>("Debugger.getScriptSource", { scriptId }).catch(() => ({ scriptSource: "" }));
    let module = "?";
    maps.set(
      scriptId,
      scriptSource.split("\n").map((line) => {
        const m = /^\/\/ (\S+\.[cm]?[jt]s)$/.exec(line);
        if (m) module = m[1]!;
        return module;
      }),
    );
  }
  return maps;
}

/** Self time per function and per module, and inclusive time per function, in ms. */
export function summarizeProfile(profile: CpuProfile, modules: Map<string, string[]>, top = 25): ProfileReport["hotSpots"] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const moduleOf = (f: CallFrame) => (f.url === "" ? "(runtime)" : (modules.get(f.scriptId)?.[f.lineNumber] ?? f.url));
  const keyOf = (f: CallFrame) => `${f.functionName || "(anonymous)"}\t${moduleOf(f)}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byModule = new Map<string, number>();
  let sampled = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id)!;
    sampled += us;
    if (node.callFrame.functionName === "(idle)") return void (idle += us);
    const key = keyOf(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + us);
    const module = moduleOf(node.callFrame);
    byModule.set(module, (byModule.get(module) ?? 0) + us);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const k = keyOf(byId.get(n)!.callFrame);
      if (!seen.has(k)) seen.add(k), inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  });
  const busy = sampled - idle;
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => {
        const [fn, module] = key.split("\t") as [string, string];
        return { fn, module, ms: Math.round(us / 100) / 10, pct: Math.round((1000 * us) / Math.max(1, busy)) / 10 };
      });
  return {
    sampledMs: Math.round(sampled / 1000),
    busyMs: Math.round(busy / 1000),
    byModule: list(new Map([...byModule].map(([k, v]) => [`\t${k}`, v]))),
    self: list(self),
    inclusive: list(new Map([...inclusive].filter(([k]) => !k.startsWith("(root)")))),
  };
}
