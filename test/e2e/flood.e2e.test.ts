/**
 * The budget policy (docs/operations.md, "The budget policy") against the real `wrangler dev`
 * and stock y-websocket clients: a room slows a socket only when it is short of time, and then
 * the one taking more than its share, while quiet writers go on; a lone fast writer is never
 * slowed. Here the clients run in another process than the room, as in production; in the
 * workerd pool they share the room's thread, so a fast writer there holds the quiet ones up
 * whatever the room does (test/integration/room-load.test.ts).
 *
 * The room counts itself short of time past 10 % busy here (ROOM_BUSY_PERCENT, default 40), so
 * that a fast writer makes it short on a quiet machine as surely as on a loaded one; the rest
 * is at the defaults.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import { COMPETING_MS } from "../../src/room/fair-share";
import { CLOSE } from "../../src/wire/close-codes";
import { type DevServer, startDevServer } from "./dev-server";
import { type Account, connect, createRoom, signUp, until } from "./http-client";
import { openRawWriter } from "./raw-writer";

let server: DevServer;
let owner: Account;
const providers: WebsocketProvider[] = [];
beforeAll(async () => {
  server = await startDevServer({ vars: { ROOM_BUSY_PERCENT: "10" } });
  owner = await signUp(server, "Flood");
});
afterAll(async () => {
  providers.forEach((p) => p.destroy());
  await server?.stop();
});

async function newRoom(name: string): Promise<string> {
  const room = `${name}-${Date.now()}`;
  await createRoom(server, owner, room);
  return room;
}

/** A stock client whose closes are counted. */
function person(room: string) {
  const client = connect(server, owner, room);
  providers.push(client.provider);
  const closes: Array<number | undefined> = [];
  client.provider.on("connection-close", (event) => closes.push(event?.code));
  return { ...client, closes };
}

/** A stock client typing a marker at the end of its text, with when each was typed. */
function quietWriter(room: string, name: string) {
  const client = person(room);
  const typedAt = new Map<string, number>();
  return {
    ...client,
    typedAt,
    type() {
      const marker = `<${name}:${typedAt.size}>`;
      typedAt.set(marker, Date.now());
      client.text.insert(client.text.length, marker);
    },
  };
}

/** The room's counters (GET /api/rooms/:id/stats). */
async function roomStats(room: string): Promise<{ slowed: number; closes: Record<string, number> }> {
  const res = await fetch(`${server.url}/api/rooms/${room}/stats`, { headers: { Cookie: owner.cookie, Origin: server.url } });
  return ((await res.json()) as { stats: { slowed: number; closes: Record<string, number> } }).stats;
}

/** When each quiet writer's markers arrive at the other, as milliseconds from typing. */
function quietLatencies(quiet: ReadonlyArray<ReturnType<typeof quietWriter>>): number[] {
  const latencies: number[] = [];
  for (const [i, q] of quiet.entries()) {
    const other = quiet[1 - i]!;
    q.text.observe((event) => {
      for (const op of event.delta) {
        if (typeof op.insert !== "string") continue;
        for (const marker of op.insert.match(/<[ab]:\d+>/g) ?? []) {
          const typed = other.typedAt.get(marker);
          if (typed !== undefined) latencies.push(Date.now() - typed);
        }
      }
    });
  }
  return latencies;
}

/**
 * Samples how long each client has heard nothing from the room; the returned function stops
 * and gives the longest (a stock client drops a connection after 30 s of it).
 */
function watchSilence(clients: ReadonlyArray<{ provider: WebsocketProvider }>): () => number {
  let longest = 0;
  const timer = setInterval(() => {
    for (const { provider } of clients) longest = Math.max(longest, Date.now() - provider.wsLastMessageReceived);
  }, 100);
  return () => {
    clearInterval(timer);
    return longest;
  };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))]);
}

describe("the budget policy", () => {
  it("slows a fast writer among quiet writers (its frames held while theirs go first) without closing anyone; every edit arrives and all converge", {
    timeout: 180_000,
  }, async () => {
    const room = await newRoom("fast");
    const quiet = [quietWriter(room, "a"), quietWriter(room, "b")] as const;
    await until(() => quiet.every((q) => q.provider.synced), "the quiet writers to sync");
    const latencies = quietLatencies(quiet);
    const fast = await openRawWriter(server, owner, room);
    const edits = 5_000;
    // Each quiet writer types four edits a second while the fast one writes.
    const typing = setInterval(() => quiet.forEach((q) => q.type()), 250);
    try {
      await within(fast.write(edits, 256), 120_000, "every fast edit acknowledged");
    } finally {
      clearInterval(typing);
    }
    expect(fast.closed).toBeUndefined();
    expect(fast.acknowledged).toBe(edits);
    for (const [i, q] of quiet.entries()) {
      const other = quiet[1 - i]!;
      await until(() => [...q.typedAt.keys()].every((m) => other.text.toString().includes(m)), `every edit of writer ${i} at the other`, 20_000);
    }
    const fastEdits = (text: string) => text.match(/<w:\d+>/g)?.length ?? 0;
    await until(() => quiet.every((q) => q.text.toString() === quiet[0].text.toString() && fastEdits(q.text.toString()) === edits), "everyone to converge");
    expect(quiet.map((q) => q.closes)).toEqual([[], []]);
    const stats = await roomStats(room);
    expect(stats.slowed).toBeGreaterThan(0);
    expect(stats.closes).toEqual({});
    // How long the quiet edits took is a figure to read, not to assert (docs/benchmarks.md).
    latencies.sort((x, y) => x - y);
    console.log(
      `fast writer: ${stats.slowed} frames held; quiet edits: ${latencies.length}, latency p50 ${latencies[latencies.length >> 1]} ms, max ${latencies.at(-1)} ms`,
    );
    fast.terminate();
  });

  it("closes a flood (a socket sending edits as fast as it can, whatever is acknowledged) among quiet writers with 4529; the quiet writers are never closed, and every edit of theirs arrives", {
    timeout: 180_000,
  }, async () => {
    const room = await newRoom("flood");
    const quiet = [quietWriter(room, "a"), quietWriter(room, "b")] as const;
    await until(() => quiet.every((q) => q.provider.synced), "the quiet writers to sync");
    const latencies = quietLatencies(quiet);
    const flood = await openRawWriter(server, owner, room);
    const silence = watchSilence(quiet);
    const typing = setInterval(() => quiet.forEach((q) => q.type()), 250);
    const started = Date.now();
    try {
      await flood.flood(90_000, 50);
      await until(() => flood.closed !== undefined, "the room to close the flood", 60_000);
    } finally {
      clearInterval(typing);
    }
    const closedAfter = (Date.now() - started) / 1000;
    expect(flood.closed).toBe(CLOSE.rateLimited.code);
    for (const [i, q] of quiet.entries()) {
      const other = quiet[1 - i]!;
      await until(() => [...q.typedAt.keys()].every((m) => other.text.toString().includes(m)), `every edit of writer ${i} at the other`, 60_000);
    }
    await until(() => quiet[0].text.toString() === quiet[1].text.toString(), "the quiet writers to converge");
    const longestSilence = silence();
    // Their stock clients kept the connection: the room said it was still there while its answers were held up.
    expect(quiet.map((q) => q.closes)).toEqual([[], []]);
    const stats = await roomStats(room);
    expect(stats.slowed).toBeGreaterThan(0);
    expect(stats.closes).toEqual({ "rate limited": 1 });
    latencies.sort((x, y) => x - y);
    console.log(
      `flood: ${flood.sent} edits sent, ${flood.acknowledged} stored, ${stats.slowed} held, closed after ${closedAfter.toFixed(1)} s; quiet edits: ${latencies.length}, latency p50 ${latencies[latencies.length >> 1]} ms, max ${latencies.at(-1)} ms; longest silence at a quiet writer ${(longestSilence / 1000).toFixed(1)} s`,
    );
  });

  it("never slows or closes a lone fast writer: 5,000 edits, 64 in flight, watched by two people", { timeout: 120_000 }, async () => {
    const room = await newRoom("lone");
    const watchers = [person(room), person(room)];
    await until(() => watchers.every((w) => w.provider.synced), "the watchers to sync");
    // Set-up: their joining frames are past, so the writer is alone in wanting the room (fair-share.ts).
    await new Promise((r) => setTimeout(r, COMPETING_MS));
    const writer = await openRawWriter(server, owner, room);
    const edits = 5_000;
    const started = Date.now();
    await within(writer.write(edits, 64), 90_000, "every edit acknowledged");
    const seconds = (Date.now() - started) / 1000;
    expect(writer.closed).toBeUndefined();
    expect(writer.acknowledged).toBe(edits);
    for (const w of watchers) await until(() => w.text.toString() === writer.text, "every edit at the watchers");
    const stats = await roomStats(room);
    expect(stats.slowed).toBe(0);
    expect(stats.closes).toEqual({});
    expect(watchers.map((w) => w.closes)).toEqual([[], []]);
    console.log(`lone writer: ${edits} edits in ${seconds.toFixed(1)} s (${Math.round(edits / seconds)}/s)`);
    writer.terminate();
  });
});
