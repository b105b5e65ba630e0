/**
 * The server side as the OS sees it: a process group (for `wrangler dev`, wrangler's Node
 * processes, its proxy workerd and the workerd that runs the Worker and its Durable Objects;
 * or the Node y-websocket server), read from /proc. Linux only; every function is a
 * bounded scan of /proc.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  comm: string;
  /** utime + stime in clock ticks. */
  cpuTicks: number;
}

export interface ProcSample {
  pid: number;
  comm: string;
  rssKiB: number;
  cpuMs: number;
}

export const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function readStat(pid: number): ProcInfo | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    const open = raw.indexOf("(");
    const close = raw.lastIndexOf(")");
    const comm = raw.slice(open + 1, close);
    // Fields after the comm, starting at field 3 (state).
    const f = raw.slice(close + 2).split(" ");
    return { pid, comm, ppid: Number(f[1]), pgrp: Number(f[2]), cpuTicks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null; // exited meanwhile
  }
}

function allProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const info = readStat(Number(name));
    if (info) out.push(info);
  }
  return out;
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

/** The pid of the `wrangler dev --port <port>` process this process started (the group leader). */
export function findWranglerPid(port: number): number | null {
  const procs = allProcs();
  const matches = procs.filter((p) => {
    const args = cmdline(p.pid);
    const i = args.indexOf("--port");
    return args.some((a) => a.includes("wrangler")) && args.includes("dev") && i >= 0 && args[i + 1] === String(port);
  });
  // startDevServer spawns it detached, so it leads its own process group.
  const leader = matches.find((p) => p.pid === p.pgrp) ?? matches.find((p) => p.ppid === process.pid) ?? matches[0];
  return leader?.pid ?? null;
}

/** The root and every descendant of it, plus anything else in its process group. */
export function serverProcs(rootPid: number): ProcInfo[] {
  const procs = allProcs();
  const byParent = new Map<number, ProcInfo[]>();
  for (const p of procs) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const found = new Map<number, ProcInfo>();
  const root = procs.find((p) => p.pid === rootPid);
  if (!root) return [];
  const stack = [root];
  // Bounded: each pid is visited once.
  while (stack.length > 0 && found.size < 1000) {
    const p = stack.pop()!;
    if (found.has(p.pid)) continue;
    found.set(p.pid, p);
    stack.push(...(byParent.get(p.pid) ?? []));
  }
  for (const p of procs) if (p.pgrp === rootPid && !found.has(p.pid)) found.set(p.pid, p);
  return [...found.values()];
}

function rssKiB(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export function sampleServer(rootPid: number): ProcSample[] {
  return serverProcs(rootPid).map((p) => ({ pid: p.pid, comm: p.comm, rssKiB: rssKiB(p.pid), cpuMs: (p.cpuTicks * 1000) / CLK_TCK }));
}

/**
 * A server as the OS sees it: the process group under `rootPid`, and which of its
 * processes run the room code (the Worker's workerd, or the Node server itself) as opposed
 * to wrangler's own Node process and its proxy workerd.
 */
export interface ServerGroup {
  rootPid: number;
  runtimePids: ReadonlySet<number>;
}

export interface MemorySnapshot {
  label: string;
  /** The process(es) running the room code. */
  runtimeRssMiB: number;
  /** Sum over the whole group (for wrangler: its Node process, the proxy and the Worker's workerd). */
  groupRssMiB: number;
  clientRssMiB: number;
  processes: ProcSample[];
}

export const mib = (kib: number) => Math.round((kib / 1024) * 10) / 10;

const rssOf = (samples: ProcSample[], group: ServerGroup) => ({
  runtime: samples.filter((p) => group.runtimePids.has(p.pid)).reduce((s, p) => s + p.rssKiB, 0),
  total: samples.reduce((s, p) => s + p.rssKiB, 0),
});

export function memorySnapshot(group: ServerGroup, label: string): MemorySnapshot {
  const processes = sampleServer(group.rootPid);
  const rss = rssOf(processes, group);
  return { label, runtimeRssMiB: mib(rss.runtime), groupRssMiB: mib(rss.total), clientRssMiB: mib(process.memoryUsage().rss / 1024), processes };
}

/** CPU time (ms) of each server process so far. */
export function serverCpu(group: ServerGroup): Map<number, { ms: number; runtime: boolean }> {
  return new Map(sampleServer(group.rootPid).map((p) => [p.pid, { ms: p.cpuMs, runtime: group.runtimePids.has(p.pid) }]));
}

/**
 * Server CPU between two readings: per process, so a process that restarted in between
 * (new pid) counts from zero instead of making the sum negative.
 */
export function cpuBetween(
  before: Map<number, { ms: number }>,
  after: Map<number, { ms: number; runtime: boolean }>,
): { total: number; runtime: number; byPid: Record<number, number> } {
  let total = 0;
  let runtime = 0;
  const byPid: Record<number, number> = {};
  for (const [pid, { ms, runtime: isRuntime }] of after) {
    const d = Math.max(0, ms - (before.get(pid)?.ms ?? 0));
    byPid[pid] = Math.round(d);
    total += d;
    if (isRuntime) runtime += d;
  }
  return { total, runtime, byPid };
}

/** Samples the group's RSS periodically to catch the peak; stop() is idempotent. */
export function peakSampler(group: ServerGroup, everyMs = 500) {
  let peakTotal = 0;
  let peakRuntime = 0;
  const tick = () => {
    const rss = rssOf(sampleServer(group.rootPid), group);
    peakTotal = Math.max(peakTotal, rss.total);
    peakRuntime = Math.max(peakRuntime, rss.runtime);
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    /** Returns the peak since the last reset and starts a new window. */
    take(): { groupRssMiB: number; runtimeRssMiB: number } {
      tick();
      const out = { groupRssMiB: mib(peakTotal), runtimeRssMiB: mib(peakRuntime) };
      peakTotal = peakRuntime = 0;
      return out;
    },
    stop: () => clearInterval(timer),
  };
}

/** Every listening TCP socket on this machine: inode → port (from /proc/net/tcp). */
function listeningSockets(): Map<string, number> {
  const out = new Map<string, number>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let lines: string[] = [];
    try {
      lines = readFileSync(file, "utf8").split("\n").slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const f = line.trim().split(/\s+/);
      // local_address is f[1] ("0100007F:1F90"), st is f[3] (0A = LISTEN), inode is f[9].
      if (f.length > 9 && f[3] === "0A") out.set(f[9]!, Number.parseInt(f[1]!.split(":").at(-1)!, 16));
    }
  }
  return out;
}

/** The socket inodes process `pid` holds (its first 10,000 descriptors). */
function socketInodes(pid: number): string[] {
  const inodes: string[] = [];
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`).slice(0, 10_000)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m !== null) inodes.push(m[1]!);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    // exited
  }
  return inodes;
}

/** The TCP ports process `pid` listens on. */
export function listeningPorts(pid: number): number[] {
  const listening = listeningSockets();
  return socketInodes(pid).flatMap((inode) => (listening.has(inode) ? [listening.get(inode)!] : []));
}

/**
 * Which workerd serves the public port. Wrangler runs two: a proxy worker that owns the
 * port wrangler prints and forwards every request, and the one running this Worker and its
 * Durable Objects. Returns pid → "proxy" | "worker" (others untouched).
 */
export function workerdRoles(rootPid: number, publicPort: number): Map<number, "proxy" | "worker"> {
  const roles = new Map<number, "proxy" | "worker">();
  for (const p of serverProcs(rootPid)) {
    if (p.comm.includes("workerd")) roles.set(p.pid, listeningPorts(p.pid).includes(publicPort) ? "proxy" : "worker");
  }
  return roles;
}
