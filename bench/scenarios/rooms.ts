/**
 * Many small rooms (issues 6 and 7): 200 rooms × 2 clients: connect→synced, one edit per
 * room, convergence per room, and the memory of the process running the rooms before the
 * clients, while connected, while idle, and after they left. workerd evicts an object idle
 * for about 10 s (hibernation); stock clients renew their presence every 15 s, which wakes
 * the room, so the idle window reports the lowest RSS sampled as well as the last.
 * workerd keeps memory it freed, so the isolate's JS heap after a full GC (through the
 * inspector, for the wrangler targets) is read too: connected, every 5 s while idle, and
 * 15 s after the clients left, when every room has been evicted.
 */
import { type BenchClient, marker } from "../clients";
import { connectProblems, errorProblems, latencyValues, lower, type Scenario, size } from "../scenario";
import { sleep, summarize, waitFor } from "../stats";

export const rooms: Scenario = {
  id: "rooms",
  title: "200 rooms × 2 clients: connect, one edit per room, memory connected / idle 40 s / after",
  metrics: [
    lower("synced_p50", "connect→synced p50 ms"),
    lower("synced_p99", "connect→synced p99 ms"),
    lower("edit_p99", "edit delivery p99 ms"),
    lower("rss_before", "server RSS before clients MiB"),
    lower("rss_connected", "server RSS connected MiB"),
    lower("kib_per_room", "KiB per connected room"),
    lower("rss_idle_min", "server RSS idle, lowest MiB"),
    lower("idle_kib_per_room", "KiB per idle room (lowest)"),
    lower("rss_after", "server RSS after disconnect MiB"),
    lower("heap_kib_per_room", "isolate heap per connected room KiB"),
    lower("idle_heap_kib_per_room", "isolate heap per idle room (lowest) KiB"),
    lower("left_heap_kib_per_room", "isolate heap per room 15 s after the clients left KiB"),
    lower("connect_server_cpu_s", "server CPU to connect s"),
  ],
  prepare: async (cfg) => {
    const count = size(cfg, 200, 20);
    const idleMs = size(cfg, 40_000, 12_000);
    return async (run) => {
      const names = Array.from({ length: count }, (_, i) => `rooms-${Date.now()}-${i}`);
      await run.phase("create rooms", () => run.prepareRooms(names, 2));
      await sleep(1_000);
      const before = run.snapshot("before clients");
      const heapBefore = await run.heapKiB();

      const pairs: Array<[BenchClient, BenchClient]> = names.map((room, i) => [run.open(room, 2 * i), run.open(room, 2 * i + 1)]);
      const clients = pairs.flat();
      const connect = await run.phase("connect", () => run.connectAll(clients, 60_000));
      const problems = connectProblems("connect", connect, clients.length);
      const connected = run.snapshot("connected");
      const heapConnected = await run.heapKiB();

      const edit = await run.phase("edit", async () => {
        pairs.forEach(([x], i) => {
          run.tracker.send(`room.${i}`, "edit");
          x.text.insert(0, marker(`room.${i}`));
        });
        await waitFor(() => run.tracker.count("edit") >= pairs.length, 30_000);
        return { delivered: run.tracker.count("edit"), delivery: summarize(run.tracker.delivery.get("edit") ?? []) };
      });
      const editedAt = Date.now();
      const diverged = pairs.filter(([x, y], i) => x.text.toString() !== y.text.toString() || x.text.toString() !== marker(`room.${i}`)).length;

      // Sampled once a second: the lowest shows whether idle rooms gave their memory back.
      const idle = await run.phase("idle", async () => {
        const samples = [];
        const heap: number[] = [];
        const end = performance.now() + idleMs;
        while (performance.now() < end) {
          await sleep(1_000);
          samples.push(run.snapshot("idle").runtimeRssMiB);
          // Every 5 s: each reading pauses the isolate for its garbage collection.
          if (samples.length % 5 === 0) {
            const kib = await run.heapKiB();
            if (kib !== null) heap.push(kib);
          }
        }
        run.memory.splice(run.memory.length - samples.length, samples.length);
        return { min: Math.min(...samples), last: samples[samples.length - 1] ?? null, heapMin: heap.length > 0 ? Math.min(...heap) : null };
      });
      // Our room's counters restart with its object: a sampled room whose object started after
      // the edits was evicted (hibernated) during the idle window and woken since.
      const sampled = await Promise.all(names.slice(0, 10).map((room) => run.roomStats(room)));
      const restarted = sampled.filter((s) => s !== null && Date.parse(String(s.since)) > editedAt).length;
      const cut = await run.phase("disconnect", () => run.disconnect(clients));
      const after = run.snapshot("after disconnect");
      // Rooms nobody is in are evicted after about 10 s: what the isolate keeps of them.
      await sleep(15_000);
      const heapLeft = await run.heapKiB();

      if (edit.delivered < pairs.length) problems.push(`delivered ${edit.delivered}/${pairs.length} edits`);
      if (diverged > 0) problems.push(`${diverged} rooms not converged`);
      problems.push(...errorProblems(run));
      const perRoom = (mib: number) => Math.round(((mib - before.runtimeRssMiB) * 1024) / count);
      const heapPerRoom = (kib: number | null) => (kib === null || heapBefore === null ? null : Math.round((10 * (kib - heapBefore)) / count) / 10);
      return {
        values: {
          synced_p50: connect.synced.p50,
          synced_p99: connect.synced.p99,
          edit_p99: latencyValues("edit", edit.delivery).edit_p99 ?? null,
          rss_before: before.runtimeRssMiB,
          rss_connected: connected.runtimeRssMiB,
          kib_per_room: perRoom(connected.runtimeRssMiB),
          rss_idle_min: idle.min,
          idle_kib_per_room: perRoom(idle.min),
          rss_after: after.runtimeRssMiB,
          heap_kib_per_room: heapPerRoom(heapConnected),
          idle_heap_kib_per_room: heapPerRoom(idle.heapMin),
          left_heap_kib_per_room: heapPerRoom(heapLeft),
          connect_server_cpu_s: Math.round((run.costs.find((c) => c.phase === "connect")?.serverCpuMs ?? 0) / 100) / 10,
        },
        problems,
        notes: [
          ...(heapBefore === null
            ? []
            : [
                `isolate heap ${heapBefore} KiB before clients, ${heapConnected} connected, ${idle.heapMin} lowest while idle, ${heapLeft} after the clients left`,
              ]),
          `idle RSS last sample ${idle.last} MiB; whole server group connected ${connected.groupRssMiB} MiB${cut.open > 0 ? `; ${cut.open} sockets still open 3 s after close()` : ""}`,
          ...(sampled.some((x) => x !== null)
            ? [`${restarted}/${sampled.length} sampled rooms had hibernated during the idle window (their object restarted)`]
            : []),
        ],
        details: { connect, edit, diverged, idle, memory: run.memory.map(({ processes: _, ...m }) => m), unclosed: cut },
      };
    };
  },
};
