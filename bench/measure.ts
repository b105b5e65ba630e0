/**
 * One scenario against one target: its fresh server, its clients, and what it cost. Every
 * phase records wall time, client CPU (this process), server CPU (the whole group, and the
 * process running the room code apart), the client's event-loop delay and peak server RSS,
 * so a reader can tell which side was busy on this shared machine.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Account } from "../test/e2e/http-client";
import { type BenchClient, destroyAll, type Endpoint, openClient } from "./clients";
import { cpuBetween, type MemorySnapshot, memorySnapshot, peakSampler, serverCpu } from "./procs";
import { isolateHeapKiB } from "./profile";
import type { RunningServer, Site } from "./servers";
import { type Summary, sleep, summarize, waitFor } from "./stats";
import type { Target } from "./targets";
import { Tracker } from "./tracker";

export interface PhaseCost {
  phase: string;
  wallMs: number;
  clientCpuMs: number;
  serverCpuMs: number;
  /** CPU of the process running the room code (the Worker's workerd, or the Node server). */
  runtimeCpuMs: number;
  /** Server CPU per process (see the server's process list for their roles). */
  serverCpuByPid: Record<number, number>;
  loopDelayP99Ms: number;
  peakGroupRssMiB: number;
  peakRuntimeRssMiB: number;
}

export interface ConnectResult {
  open: Summary;
  synced: Summary;
  notOpen: number;
  notSynced: number;
  waitedMs: number;
  /** Clients whose server accepted permessage-deflate. */
  deflated: number;
}

export class TargetRun {
  readonly tracker = new Tracker();
  readonly costs: PhaseCost[] = [];
  readonly memory: MemorySnapshot[] = [];
  /** Clients not yet destroyed: cut when the run ends, whatever happened. */
  readonly #open = new Set<BenchClient>();
  readonly #sampler: ReturnType<typeof peakSampler>;
  /** Which account client number i connects with; set by prepareRooms. */
  #accountFor: ((client: number) => Account) | undefined;

  constructor(
    readonly target: Target,
    readonly server: RunningServer,
    readonly perMessageDeflate: boolean,
  ) {
    this.#sampler = peakSampler(server.group);
  }

  /**
   * Makes the rooms usable on this target (our room: created and shared); call before
   * opening clients, numbered below `clients`.
   */
  async prepareRooms(rooms: readonly string[], clients: number): Promise<void> {
    this.#accountFor = await this.target.prepare(this.server, rooms, clients);
  }

  /** Where client number `client` connects, as whom: through the server's public site, or another of its sites (RunningServer.direct). */
  endpoint(client: number, site: Site = this.server.site): Endpoint {
    if (this.#accountFor === undefined) throw new Error("prepareRooms first");
    return {
      site,
      serverUrl: this.target.serverUrl({ ...this.server, site }),
      account: this.#accountFor(client),
      perMessageDeflate: this.perMessageDeflate,
    };
  }

  /** Opens a stock client; `acks` is honoured only by a target that has them. */
  open(room: string, index: number, opts: Parameters<typeof openClient>[4] = {}): BenchClient {
    const c = openClient(this.tracker, this.endpoint(index), room, index, { ...opts, acks: opts.acks === true && this.target.acks });
    this.#open.add(c);
    return c;
  }

  async phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.tracker.phase = name;
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const cpu0 = process.cpuUsage();
    const srv0 = serverCpu(this.server.group);
    this.#sampler.take();
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      const cpu = process.cpuUsage(cpu0);
      const srv = cpuBetween(srv0, serverCpu(this.server.group));
      loop.disable();
      const peak = this.#sampler.take();
      this.costs.push({
        phase: name,
        wallMs: Math.round(performance.now() - t0),
        clientCpuMs: Math.round((cpu.user + cpu.system) / 1000),
        serverCpuMs: Math.round(srv.total),
        runtimeCpuMs: Math.round(srv.runtime),
        serverCpuByPid: srv.byPid,
        loopDelayP99Ms: Math.round(loop.percentile(99) / 1e5) / 10,
        peakGroupRssMiB: peak.groupRssMiB,
        peakRuntimeRssMiB: peak.runtimeRssMiB,
      });
    }
  }

  snapshot(label: string): MemorySnapshot {
    const m = memorySnapshot(this.server.group, label);
    this.memory.push(m);
    return m;
  }

  /** Waits (bounded) until every client is synced, then summarizes connect→open and connect→synced. */
  async connectAll(clients: readonly BenchClient[], timeoutMs: number): Promise<ConnectResult> {
    const t = performance.now();
    await waitFor(() => clients.every((c) => c.syncedAt !== undefined) || this.tracker.errors.length >= 5000, timeoutMs);
    const after = (from: number, to: number | undefined) => (to === undefined ? [] : [to - from]);
    return {
      open: summarize(clients.flatMap((c) => after(c.startedAt, c.openAt))),
      synced: summarize(clients.flatMap((c) => after(c.startedAt, c.syncedAt))),
      notOpen: clients.filter((c) => c.openAt === undefined).length,
      notSynced: clients.filter((c) => c.syncedAt === undefined).length,
      waitedMs: Math.round(performance.now() - t),
      deflated: clients.filter((c) => c.extensions?.includes("permessage-deflate")).length,
    };
  }

  /** The JS heap of the Worker isolate after a full GC, KiB; null for a server without wrangler's inspector. */
  heapKiB(): Promise<number | null> {
    return this.server.inspectorPort === undefined ? Promise.resolve(null) : isolateHeapKiB(this.server.inspectorPort);
  }

  /**
   * Our room's own counters (`GET /api/rooms/:id/stats`, as its owner): how many messages it
   * received and sent, which the profile alone cannot tell. Null on other targets.
   */
  async roomStats(room: string, waitMs = 10_000): Promise<Record<string, unknown> | null> {
    if (this.target.id !== "ours") return null;
    const { url } = this.server.site;
    // A saturated room answers late, or not before the scenario ends: bounded.
    const res = await fetch(`${url}/api/rooms/${room}/stats`, {
      headers: { Cookie: this.endpoint(0).account.cookie, Origin: url },
      signal: AbortSignal.timeout(waitMs),
    }).catch(() => null);
    return res?.ok ? ((await res.json()) as { stats: Record<string, unknown> }).stats : null;
  }

  /** Closes these clients; returns how many sockets had not finished closing after `graceMs` (then cut). */
  async disconnect(clients: readonly BenchClient[], graceMs = 3_000): Promise<{ open: number; noCloseFrame: number }> {
    const cutRest = destroyAll([...clients]);
    for (const c of clients) this.#open.delete(c);
    await sleep(graceMs);
    return cutRest();
  }

  /** Cuts every client still open and stops sampling; idempotent. */
  close(): void {
    destroyAll([...this.#open])();
    this.#open.clear();
    this.#sampler.stop();
  }
}
