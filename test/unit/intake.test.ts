import { describe, expect, it } from "vitest";
import { COMPETING_MS, WINDOW_MS } from "../../src/room/fair-share";
import { PRESENCE_FRAMES_PER_WINDOW } from "../../src/room/held-presence";
import { type Admission, ECHO, HELD, Intake, MERGED, PRESENCE_HOLD_MS, STILL_HERE_MS } from "../../src/room/intake";
import { CLOSE } from "../../src/wire/close-codes";
import { MESSAGE_AWARENESS } from "../../src/wire/protocol";
import { ManualClock } from "./manual-clock";

interface FakeSocket {
  open: boolean;
  /** What handling one of its frames takes the room, in ms. */
  cost: number;
  handled: number[];
}

/** A sync frame (first byte 0) carrying `n`. */
const frame = (n: number) => Uint32Array.of(0, n).buffer;
/** A presence frame carrying `n`. */
const presenceFrame = (n: number) => Uint32Array.of(MESSAGE_AWARENESS, n).buffer;

/** A room that may spend 70% of its time on frames; a flood is closed after `floodWindows` windows of growing backlog. */
function setup(maxMessageBytes = 1_000, floodWindows = 3) {
  const clock = new ManualClock();
  /** Presence frames that only repeat what the room holds. */
  const echoes = new Set<ArrayBuffer>();
  /** When the intake told the sockets the room is still there. */
  const stillHere: number[] = [];
  const handle = (socket: FakeSocket, f: ArrayBuffer) => {
    socket.handled.push(new Uint32Array(f)[1]!);
    clock.busy(socket.cost);
  };
  const intake = new Intake<FakeSocket>(
    { maxMessageBytes, busyShare: 0.7, floodWindows, maxBytes: 1e9 },
    {
      release: handle,
      isOpen: (socket) => socket.open,
      isEcho: (_socket, f) => echoes.has(f.buffer as ArrayBuffer),
      stillHere: () => stillHere.push(clock.now()),
    },
    clock,
  );
  const socket = (cost = 1): FakeSocket => ({ open: true, cost, handled: [] });
  /** A frame as the room gets it: admitted, handled at once if handed back, then the timers due. */
  const deliver = (s: FakeSocket, n: number): Admission => {
    const admission = intake.admit(s, frame(n));
    if (admission instanceof ArrayBuffer) handle(s, admission);
    clock.advance(0);
    return admission;
  };
  /** A presence frame as the room gets it; `echo`: one that only repeats what the room holds. */
  const deliverPresence = (s: FakeSocket, n: number, echo = false): Admission => {
    const f = presenceFrame(n);
    if (echo) echoes.add(f);
    const admission = intake.admit(s, f);
    if (admission instanceof ArrayBuffer) handle(s, admission);
    return admission;
  };
  return { clock, intake, socket, handle, deliver, deliverPresence, stillHere };
}

/** Sends one frame of `writer` a millisecond apart (plus what handling it takes) for `ms`; `every` adds the others' frames. */
function run(env: ReturnType<typeof setup>, writer: FakeSocket, ms: number, every?: (i: number) => void) {
  const admissions: Admission[] = [];
  for (let i = 0; env.clock.now() < 1_000_000 + ms; i++) {
    const admission = env.deliver(writer, i);
    admissions.push(admission);
    if (admission === CLOSE.rateLimited) break;
    every?.(i);
    env.clock.advance(1);
  }
  return admissions;
}

/**
 * A flood as the runtime hands it to a room locally: `perRound` frames a round, each taking
 * the room `cost` ms if handled and the runtime `dispatchMs` to hand over, and the room's
 * timers (set for 0 ms) fire only after the round, late by all of it; then the runtime spends
 * `unseenMs` sending the round's relays, time the room's measure does not count. The quiet
 * sockets send one frame each per round. Until `until` holds of the flood's last admission, or
 * `ms` have passed.
 */
function laggingFlood(
  env: ReturnType<typeof setup>,
  flood: FakeSocket,
  quiet: FakeSocket[],
  {
    until,
    ms,
    perRound = 4_000,
    unseenMs = 600,
    dispatchMs = 0,
  }: { until: (a: Admission | undefined) => boolean; ms: number; perRound?: number; unseenMs?: number; dispatchMs?: number },
  admissions: Admission[] = [],
  quietAdmissions: Admission[] = [],
) {
  const start = env.clock.now();
  while (!until(admissions.at(-1)) && env.clock.now() - start < ms) {
    for (let n = 0; n < perRound && !until(admissions.at(-1)); n++) {
      const admission = env.intake.admit(flood, frame(admissions.length));
      admissions.push(admission);
      if (admission instanceof ArrayBuffer) env.handle(flood, admission);
      env.clock.busy(dispatchMs);
    }
    for (const s of quiet) {
      const admission = env.intake.admit(s, frame(s.handled.length));
      quietAdmissions.push(admission);
      if (admission instanceof ArrayBuffer) env.handle(s, admission);
    }
    env.clock.advance(0);
    env.clock.busy(unseenMs);
  }
  return admissions;
}

describe("Intake", () => {
  it("hands a frame back to handle now while the room keeps up", () => {
    const { intake, socket } = setup();
    const message = frame(1);
    expect(intake.admit(socket(), message)).toBe(message);
    expect(intake.short).toBe(false);
  });

  it("refuses text frames and frames over the size limit", () => {
    const { intake, socket } = setup(4);
    const s = socket();
    expect(intake.admit(s, "hello")).toBe(CLOSE.unsupportedData);
    expect(intake.admit(s, new ArrayBuffer(5))).toBe(CLOSE.messageTooLarge);
    expect(intake.admit(s, new ArrayBuffer(4))).toBeInstanceOf(ArrayBuffer);
  });

  it("never holds or closes a lone writer that keeps the room busy all the time", () => {
    const env = setup();
    const observer = env.socket();
    env.deliver(observer, 0);
    // It joined, and has only watched since (presence does not count: see the next test).
    env.clock.advance(COMPETING_MS);
    const writer = env.socket(4);
    const admissions = run(env, writer, 10 * WINDOW_MS);
    expect(env.intake.short).toBe(true);
    expect(admissions.every((a) => a instanceof ArrayBuffer)).toBe(true);
    expect(writer.handled).toHaveLength(admissions.length);
  });

  it("holds a flood among quiet sockets, in order, while theirs go at once, and closes it if it goes on", () => {
    const env = setup();
    const [quiet, other] = [env.socket(), env.socket()];
    const flood = env.socket(4);
    const quietAdmissions: Admission[] = [];
    const admissions = run(env, flood, 20 * WINDOW_MS, (i) => {
      if (i % 20 === 0) quietAdmissions.push(env.deliver(quiet, i), env.deliver(other, i));
    });
    // Served at once until the room is short of time, then held...
    const firstHeld = admissions.indexOf(HELD);
    expect(firstHeld).toBeGreaterThan(0);
    expect(admissions.slice(0, firstHeld).every((a) => a instanceof ArrayBuffer)).toBe(true);
    // ...and closed once its backlog has kept growing for three windows.
    expect(admissions.at(-1)).toBe(CLOSE.rateLimited);
    expect(admissions.slice(firstHeld, -1).every((a) => a === HELD)).toBe(true);
    // The quiet sockets were never held.
    expect(quietAdmissions.every((a) => a instanceof ArrayBuffer)).toBe(true);
    // The flood's frames that were handled (at once or released) came in order, and some were released.
    expect(flood.handled).toEqual([...flood.handled].sort((a, b) => a - b));
    expect(flood.handled.length).toBeGreaterThan(firstHeld);
  });

  it("releases what a burst left held once the others are quiet, without closing it", () => {
    const env = setup();
    const quiet = env.socket();
    const writer = env.socket(4);
    const admissions = run(env, writer, 3 * WINDOW_MS, (i) => i % 20 === 0 && env.deliver(quiet, i));
    expect(admissions).toContain(HELD);
    expect(admissions).not.toContain(CLOSE.rateLimited);
    env.clock.advance(10 * WINDOW_MS);
    expect(writer.handled).toEqual(admissions.map((_, i) => i));
    expect(env.clock.waiting).toBe(0);
  });

  it("drops the held frames of a socket that closed or left", () => {
    for (const leave of [(s: FakeSocket) => (s.open = false), (s: FakeSocket, env: ReturnType<typeof setup>) => env.intake.forget(s)]) {
      const env = setup();
      const [quiet, other] = [env.socket(), env.socket()];
      const flood = env.socket(4);
      const admissions = run(env, flood, 3 * WINDOW_MS, (i) => i % 20 === 0 && env.deliver(quiet, i) && env.deliver(other, i));
      expect(admissions.at(-1)).toBe(HELD);
      leave(flood, env);
      const handled = flood.handled.length;
      env.clock.advance(10 * WINDOW_MS);
      expect(flood.handled.length).toBe(handled);
      expect(env.clock.waiting).toBe(0);
    }
  });

  it("does not count presence as wanting the room's time: a writer among watchers is alone", () => {
    const env = setup();
    const watcher = env.socket();
    const writer = env.socket(4);
    const presence = (n: number) => env.intake.admit(watcher, presenceFrame(n));
    const admissions = run(env, writer, 5 * WINDOW_MS, (i) => i % 20 === 0 && presence(i));
    expect(env.intake.short).toBe(true);
    expect(admissions.every((a) => a instanceof ArrayBuffer)).toBe(true);
  });

  it("in a room short of time, holds each watcher's presence as its latest, reads it once per hold, and never closes a watcher, while edits go at once", () => {
    const env = setup();
    const watchers = [env.socket(), env.socket(), env.socket()];
    const writer = env.socket(4);
    const watched: Admission[] = [];
    const admissions = run(env, writer, 10 * WINDOW_MS, (i) => {
      for (const watcher of watchers) watched.push(env.deliverPresence(watcher, i));
    });
    expect(env.intake.short).toBe(true);
    // Edits never wait behind presence.
    expect(admissions.every((a) => a instanceof ArrayBuffer)).toBe(true);
    // Presence is read at once until the room is short, then held as each socket's latest.
    expect(watched.slice(watched.indexOf(MERGED)).every((a) => a === MERGED)).toBe(true);
    env.clock.advance(PRESENCE_HOLD_MS);
    const last = admissions.length - 1;
    for (const watcher of watchers) {
      expect(watcher.handled.at(-1)).toBe(last);
      expect(watcher.handled.length).toBeLessThan(admissions.length / 10);
    }
    expect(env.clock.waiting).toBe(0);
  });

  it("never lets an echo replace a socket's own held presence", () => {
    const env = setup();
    const watcher = env.socket();
    const writer = env.socket(4);
    run(env, writer, 2 * WINDOW_MS);
    expect(env.intake.short).toBe(true);
    expect([env.deliverPresence(watcher, 1), env.deliverPresence(watcher, 2, true)]).toEqual([MERGED, ECHO]);
    env.clock.advance(PRESENCE_HOLD_MS);
    expect(watcher.handled).toEqual([1]);
  });

  it("closes a socket that floods presence for windows in a row, and not one moving its cursor", () => {
    const env = setup();
    const [watcher, flood] = [env.socket(), env.socket()];
    const writer = env.socket(4);
    const floodAdmissions: Admission[] = [];
    const watched: Admission[] = [];
    // Each step of the run takes 5 ms: twice the limit's rate of frames from the flood.
    const perStep = Math.ceil((2 * PRESENCE_FRAMES_PER_WINDOW * 5) / WINDOW_MS);
    run(env, writer, 10 * WINDOW_MS, (i) => {
      if (i % 20 === 0) watched.push(env.deliverPresence(watcher, i));
      if (floodAdmissions.at(-1) === CLOSE.rateLimited) return;
      for (let n = 0; n < perStep && floodAdmissions.at(-1) !== CLOSE.rateLimited; n++) floodAdmissions.push(env.deliverPresence(flood, i));
    });
    expect(floodAdmissions.at(-1)).toBe(CLOSE.rateLimited);
    // Not at once: after three windows (the room's floodWindows) of too many frames.
    expect(floodAdmissions.length).toBeGreaterThan(3 * PRESENCE_FRAMES_PER_WINDOW);
    expect(watched.every((a) => a instanceof ArrayBuffer || a === MERGED)).toBe(true);
  });

  it("has a held socket that is no longer over its share catch up as it sends again: what it held first, in order, then the new frames", () => {
    const env = setup();
    const [quiet, other] = [env.socket(), env.socket()];
    const writer = env.socket(4);
    const admissions = run(env, writer, 2 * WINDOW_MS, (i) => i % 20 === 0 && env.deliver(quiet, i) && env.deliver(other, i));
    expect(admissions.at(-1)).toBe(HELD);
    // The others have gone quiet; the room is busy meanwhile, so no release timer runs.
    env.clock.busy(COMPETING_MS);
    let sent = admissions.length;
    for (let sends = 0; sends < 100; sends++) {
      const admission = env.intake.admit(writer, frame(sent++));
      if (admission instanceof ArrayBuffer) {
        env.handle(writer, admission);
        break;
      }
    }
    expect(writer.handled).toEqual(Array.from({ length: sent }, (_, i) => i));
    // Dozens of held frames per new one.
    expect(sent - admissions.length).toBeLessThan(admissions.length / 20);
  });

  it("holds a flood whose cost the room's own measure misses once its timers fire late, and closes it while it goes on", () => {
    const env = setup(1_000, 5);
    const quiet = [env.socket(), env.socket()];
    const flood = env.socket(0.3);
    const admissions = laggingFlood(env, flood, quiet, { until: (a) => a === HELD, ms: 20 * WINDOW_MS });
    expect(admissions.at(-1)).toBe(HELD);
    // Held once the room's timers fired late, not by its own measure: that read it under its busy share.
    expect(admissions.length).toBeGreaterThan(4_000);
    // It goes on, and its frames, even held, cost the runtime enough to keep the room's timers late.
    const quietAdmissions: Admission[] = [];
    laggingFlood(env, flood, quiet, { until: (a) => a === CLOSE.rateLimited, ms: 20 * WINDOW_MS, unseenMs: 0, dispatchMs: 0.5 }, admissions, quietAdmissions);
    expect(admissions.at(-1)).toBe(CLOSE.rateLimited);
    expect(flood.handled).toEqual(flood.handled.map((_, i) => i));
    expect(flood.handled.length).toBeLessThan(admissions.length / 2);
    // The quiet sockets were served at once throughout.
    expect(quietAdmissions.length).toBeGreaterThan(0);
    expect(quietAdmissions.every((a) => a instanceof ArrayBuffer)).toBe(true);
  });

  it("holds a flood that starves the room's timers altogether, counting what its frames took as they come", () => {
    const env = setup();
    const quiet = [env.socket(), env.socket()];
    const flood = env.socket(1);
    const admissions: Admission[] = [];
    const quietAdmissions: Admission[] = [];
    // No timer of the room fires: the runtime hands it frame after frame.
    for (let n = 0; n < 10_000 && admissions.at(-1) !== HELD; n++) {
      const admission = env.intake.admit(flood, frame(n));
      admissions.push(admission);
      if (admission instanceof ArrayBuffer) env.handle(flood, admission);
      if (n % 100 === 0)
        for (const s of quiet) {
          const own = env.intake.admit(s, frame(n));
          quietAdmissions.push(own);
          if (own instanceof ArrayBuffer) env.handle(s, own);
        }
    }
    expect(admissions.at(-1)).toBe(HELD);
    expect(quietAdmissions.every((a) => a instanceof ArrayBuffer)).toBe(true);
  });

  it("releases a writer held while the room's timers fired late once it stops sending, without closing it", () => {
    const env = setup(1_000, 5);
    const quiet = [env.socket(), env.socket()];
    const writer = env.socket(0.3);
    const admissions = laggingFlood(env, writer, quiet, { until: (a) => a === HELD, ms: 20 * WINDOW_MS });
    expect(admissions.at(-1)).toBe(HELD);
    // It has 200 more in flight, then waits; the quiet sockets go on.
    for (let n = 0; n < 200; n++) admissions.push(env.deliver(writer, admissions.length));
    for (let i = 0; i < 40; i++) {
      for (const s of quiet) expect(env.deliver(s, i)).toBeInstanceOf(ArrayBuffer);
      env.clock.advance(250);
    }
    expect(admissions).not.toContain(CLOSE.rateLimited);
    expect(writer.handled).toEqual(admissions.map((_, i) => i));
  });

  it("tells its sockets it is still there every STILL_HERE_MS while frames wait in the runtime's queue, as it drops a closed flood's too, and never while it keeps up", () => {
    const env = setup();
    const writer = env.socket(0.5);
    run(env, writer, 3 * WINDOW_MS);
    expect(env.stillHere).toEqual([]);
    // The runtime hands the room frame after frame, half a millisecond apart, and none of the room's timers fires.
    const flood = env.socket(0);
    const start = env.clock.now();
    for (let n = 0; env.clock.now() - start < 2 * STILL_HERE_MS; n++) {
      env.intake.admit(flood, frame(n));
      env.clock.busy(0.5);
    }
    // Closed, it goes on arriving until the runtime has read what it sent before.
    flood.open = false;
    env.intake.forget(flood);
    while (env.clock.now() - start < 3 * STILL_HERE_MS) {
      env.intake.dropped();
      env.clock.busy(0.5);
    }
    // Once frames have waited a second (the lag probe's threshold), then every STILL_HERE_MS.
    const [first, ...after] = env.stillHere;
    expect(first! - start).toBeLessThanOrEqual(1_100);
    expect(after.map((at, i) => at - (env.stillHere[i] ?? 0))).toEqual([STILL_HERE_MS, STILL_HERE_MS]);
    // The queue read, the room's timers fire again: nothing more to say.
    env.clock.advance(0);
    run(env, writer, 2 * STILL_HERE_MS);
    expect(env.stillHere).toHaveLength(3);
  });
});
