import { describe, expect, it } from "vitest";
import { MAX_OWNED_CLIENTS, MAX_PRESENCE_ENTRIES, MAX_PRESENCE_STATE_CHARS, Presence } from "../../src/room/presence";
import { presenceWindowMs } from "../../src/room/presence-batch";
import { type AwarenessEntry, readMessage, writeAwareness } from "../../src/wire/protocol";
import { ManualClock } from "./manual-clock";

/** A socket as presence sees it: where its owned clients are kept, and what it was sent. */
interface FakeSocket {
  name: string;
  owned: Record<string, number>;
  sent: Uint8Array[];
}

const entry = (clientId: number, clock: number, state: unknown): AwarenessEntry => ({ clientId, clock, state: JSON.stringify(state) });
const gone = (clientId: number, clock: number): AwarenessEntry => ({ clientId, clock, state: "null" });

function room(...names: string[]) {
  const clock = new ManualClock();
  const load = { short: false };
  const sockets: FakeSocket[] = names.map((name) => ({ name, owned: {}, sent: [] }));
  const presence = new Presence<FakeSocket>(
    {
      all: () => sockets,
      send: (socket, frame) => socket.sent.push(frame),
      owned: (socket) => socket.owned,
      saveOwned: (socket, owned) => (socket.owned = owned),
    },
    clock,
    () => load.short,
  );
  return { clock, presence, sockets, load, window: presenceWindowMs(sockets.length) };
}

/** What a socket received, decoded, and forgotten. */
function take(socket: FakeSocket) {
  const frames = socket.sent.splice(0).map((frame) => readMessage(frame));
  return frames.map((m) => (m.kind === "awareness" ? m.entries : m.kind));
}

describe("Presence", () => {
  it("relays what changed to everyone, the sender too, in one frame per window", () => {
    const { clock, presence, sockets, window } = room("a", "b");
    const [a, b] = sockets as [FakeSocket, FakeSocket];
    presence.receive(a, [entry(1, 1, { x: 1 })]);
    presence.receive(a, [entry(1, 2, { x: 2 })]);
    presence.receive(b, [entry(2, 1, { y: 1 })]);
    clock.advance(window - 1);
    expect(b.sent).toEqual([]);
    clock.advance(1);
    // Client 1's later state replaced the earlier one still waiting.
    const batch = [entry(1, 2, { x: 2 }), entry(2, 1, { y: 1 })];
    expect(take(a)).toEqual([batch]);
    expect(take(b)).toEqual([batch]);
    // What changes nothing is not relayed again.
    presence.receive(b, [entry(1, 2, { x: 2 })]);
    clock.advance(window);
    expect(b.sent).toEqual([]);
  });

  it("knows an echo by ids and clocks: other sockets' clients, nothing newer", () => {
    const { presence, sockets } = room("a", "b");
    const [a, b] = sockets as [FakeSocket, FakeSocket];
    presence.receive(a, [entry(1, 3, { x: 1 })]);
    expect(presence.isEcho(b, writeAwareness([entry(1, 3, { x: 1 })]))).toBe(true);
    expect(presence.isEcho(b, writeAwareness([entry(1, 2, { x: 0 })]))).toBe(true);
    // Its own client, a newer clock, a client nobody owns, a removal of a live state: news.
    expect(presence.isEcho(a, writeAwareness([entry(1, 3, { x: 1 })]))).toBe(false);
    expect(presence.isEcho(b, writeAwareness([entry(1, 4, { x: 2 })]))).toBe(false);
    expect(presence.isEcho(b, writeAwareness([entry(1, 3, { x: 1 }), entry(9, 1, {})]))).toBe(false);
    expect(presence.isEcho(b, writeAwareness([gone(1, 3)]))).toBe(false);
    expect(presence.isEcho(b, Uint8Array.of(3))).toBe(false);
  });

  it("gives a client to the first socket announcing it: another relaying it does not own it", () => {
    const { clock, presence, sockets, window } = room("a", "b", "c");
    const [a, b, c] = sockets as [FakeSocket, FakeSocket, FakeSocket];
    presence.receive(a, [entry(1, 1, { x: 1 })]);
    // b answers a query with everything it knows, its own client and a's.
    presence.receive(b, [entry(1, 1, { x: 1 }), entry(2, 1, { y: 1 })]);
    expect(a.owned).toEqual({ 1: 1 });
    expect(b.owned).toEqual({ 2: 1 });
    clock.advance(window);
    take(c);
    // b leaving removes only its own client; a leaving removes client 1.
    presence.leave(b);
    clock.advance(window);
    expect(take(c)).toEqual([[gone(2, 1)]]);
    expect(b.owned).toEqual({});
    presence.leave(a);
    clock.advance(window);
    expect(take(c)).toEqual([[gone(1, 1)]]);
  });

  it(`owns at most ${MAX_OWNED_CLIENTS} clients per socket`, () => {
    const { presence, sockets } = room("a");
    const many = Array.from({ length: MAX_OWNED_CLIENTS + 2 }, (_, i) => entry(i + 1, 1, {}));
    presence.receive(sockets[0]!, many);
    expect(Object.keys(sockets[0]!.owned)).toHaveLength(MAX_OWNED_CLIENTS);
  });

  it("neither relays nor keeps a claim on a client another connected socket owns", () => {
    const { clock, presence, sockets, window } = room("victim", "attacker", "newcomer");
    const [victim, attacker, newcomer] = sockets as [FakeSocket, FakeSocket, FakeSocket];
    presence.receive(victim, [entry(1, 1, { name: "Ada" })]);
    clock.advance(window);
    take(newcomer);
    // A newer clock than the victim's, so the store would take it; and a claim of its own.
    presence.receive(attacker, [entry(1, 9, { name: "Ada", said: "evil" }), entry(2, 1, { name: "Mallory" })]);
    clock.advance(window);
    expect(take(newcomer)).toEqual([[entry(2, 1, { name: "Mallory" })]]);
    presence.join(newcomer);
    expect(take(newcomer)).toEqual([[entry(1, 1, { name: "Ada" }), entry(2, 1, { name: "Mallory" })]]);
    // Its removal of the victim's client is dropped too.
    presence.receive(attacker, [gone(1, 9)]);
    clock.advance(window);
    expect(take(newcomer)).toEqual([]);
    expect(victim.owned).toEqual({ 1: 1 });
    // Once the owner has left, the client may be announced again (a reconnect).
    presence.leave(victim);
    presence.receive(attacker, [entry(1, 10, { name: "Ada" })]);
    expect(attacker.owned).toEqual({ 1: 10, 2: 1 });
  });

  it(`relays the presence of at most ${MAX_OWNED_CLIENTS} clients per socket`, () => {
    const { clock, presence, sockets, window } = room("a", "b");
    const [a, b] = sockets as [FakeSocket, FakeSocket];
    presence.receive(
      a,
      Array.from({ length: MAX_OWNED_CLIENTS + 5 }, (_, i) => entry(i + 1, 1, {})),
    );
    clock.advance(window);
    expect(take(b)[0]).toHaveLength(MAX_OWNED_CLIENTS);
    presence.receive(a, [entry(100, 1, {})]);
    clock.advance(window);
    expect(take(b)).toEqual([]);
  });

  it(`drops a frame of more than ${MAX_PRESENCE_ENTRIES} entries, and any state over ${MAX_PRESENCE_STATE_CHARS} characters`, () => {
    const { clock, presence, sockets, window } = room("a", "b");
    const [a, b] = sockets as [FakeSocket, FakeSocket];
    presence.receive(
      a,
      Array.from({ length: MAX_PRESENCE_ENTRIES + 1 }, (_, i) => entry(i === 0 ? 1 : 1000 + i, 1, {})),
    );
    presence.receive(a, [entry(2, 1, { name: "x".repeat(MAX_PRESENCE_STATE_CHARS) })]);
    clock.advance(window);
    expect(take(b)).toEqual([]);
    expect(a.owned).toEqual({});
    presence.receive(a, [entry(3, 1, { name: "x".repeat(MAX_PRESENCE_STATE_CHARS - 20) })]);
    clock.advance(window);
    expect(take(b)).toHaveLength(1);
  });

  it("forgets every state and owner on reset: a room created again starts without presence", () => {
    const { clock, presence, sockets, window } = room("a", "b");
    const [a, b] = sockets as [FakeSocket, FakeSocket];
    presence.receive(a, [entry(1, 1, { x: 1 })]);
    presence.reset();
    clock.advance(window);
    expect(take(b)).toEqual([]);
    presence.join(b);
    expect(take(b)).toEqual([]);
    presence.answerQuery(b);
    expect(take(b)).toEqual([[]]);
  });

  it("tells a client re-announcing itself with an old clock that it was removed at that clock", () => {
    const { clock, presence, sockets, window } = room("a", "b");
    const [a, b] = sockets as [FakeSocket, FakeSocket];
    presence.receive(a, [entry(1, 4, { x: 1 })]);
    presence.leave(a);
    clock.advance(window);
    take(b);
    // The client reconnected on b and announces itself with the clock it had.
    presence.receive(b, [entry(1, 4, { x: 1 })]);
    expect(take(b)).toEqual([[gone(1, 4)]]);
  });

  it("shows a newcomer who is here, and after a wake-up asks the owners once each for what was lost", () => {
    const { clock, presence, sockets, window } = room("a", "b");
    const [a, b] = sockets as [FakeSocket, FakeSocket];
    presence.receive(a, [entry(1, 1, { x: 1 })]);
    clock.advance(window);
    take(a);
    take(b);
    presence.join(b);
    expect(take(b)).toEqual([[entry(1, 1, { x: 1 })]]);
    expect(a.sent).toEqual([]);

    // A wake-up: the owned records survived (attachments), the states did not.
    const woken = room("a", "b", "c");
    const [a2, b2, c2] = woken.sockets as [FakeSocket, FakeSocket, FakeSocket];
    a2.owned = { 1: 1, 3: 1 };
    b2.owned = { 2: 5 };
    woken.presence.join(c2);
    expect(take(a2)).toEqual(["query-awareness"]);
    expect(take(b2)).toEqual(["query-awareness"]);
    expect(take(c2)).toEqual([]);
    // Once b answers, a newcomer's join asks only a again.
    woken.presence.receive(b2, [entry(2, 6, {})]);
    woken.presence.join(c2);
    expect(take(a2)).toEqual(["query-awareness"]);
    expect(take(b2)).toEqual([]);
  });

  it("answers a query with every live state, or with none", () => {
    const { presence, sockets } = room("a", "b");
    const [a, b] = sockets as [FakeSocket, FakeSocket];
    presence.answerQuery(b);
    expect(take(b)).toEqual([[]]);
    presence.receive(a, [entry(1, 1, { x: 1 })]);
    presence.answerQuery(b);
    expect(take(b)).toEqual([[entry(1, 1, { x: 1 })]]);
  });

  describe("while the room is short of time", () => {
    it("merges each client's moves into its latest state, relayed once per longer window", () => {
      const { clock, presence, sockets, load } = room("a", "b");
      const [a, b] = sockets as [FakeSocket, FakeSocket];
      load.short = true;
      for (let i = 1; i <= 50; i++) presence.receive(a, [entry(1, i, { x: i })]);
      presence.receive(b, [entry(2, 1, { y: 1 })]);
      const window = presenceWindowMs(2, true);
      clock.advance(window - 1);
      expect(b.sent).toEqual([]);
      clock.advance(1);
      expect(take(b)).toEqual([[entry(1, 50, { x: 50 }), entry(2, 1, { y: 1 })]]);
      // Still short: the latest state still gets through, a window later.
      presence.receive(a, [entry(1, 51, { x: 51 })]);
      clock.advance(window);
      expect(take(b)).toEqual([[entry(1, 51, { x: 51 })]]);
      expect(clock.waiting).toBe(0);
    });

    it("keeps only what a socket may speak for, and nothing of a socket that left", () => {
      const { clock, presence, sockets, load } = room("a", "b", "c");
      const [a, b, c] = sockets as [FakeSocket, FakeSocket, FakeSocket];
      presence.receive(a, [entry(1, 1, { x: 1 })]);
      clock.advance(presenceWindowMs(3));
      take(c);
      load.short = true;
      // b answers a query with everyone's states, its own among them; a moves, then leaves.
      presence.receive(b, [entry(1, 9, { forged: true }), entry(2, 1, { y: 1 })]);
      presence.receive(a, [entry(1, 2, { x: 2 })]);
      presence.leave(a);
      clock.advance(presenceWindowMs(3, true));
      // The removal is at the last clock the room took in: the move that waited is dropped with it.
      expect(take(c)).toEqual([[gone(1, 1), entry(2, 1, { y: 1 })]]);
    });
  });
});
