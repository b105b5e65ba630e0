import { describe, expect, it } from "vitest";
import { HELD, Intake } from "../../src/room/intake";
import { MAX_DELAY_MS } from "../../src/room/rate-limit";
import { CLOSE } from "../../src/wire/close-codes";
import { ManualClock } from "./manual-clock";

interface FakeSocket {
  open: boolean;
  handled: number[];
}

/** 10 messages a second with a burst of 2; bytes and presence generous unless asked. */
function setup(maxMessageBytes = 1_000) {
  const clock = new ManualClock();
  const limits = {
    maxMessageBytes,
    budgets: { messages: { rate: 10, burst: 2 }, bytes: { rate: 1e6, burst: 1e6 }, awareness: { rate: 1, burst: 1 } },
  };
  const intake = new Intake<FakeSocket>(
    limits,
    { release: (socket, frame) => socket.handled.push(new Uint8Array(frame)[0]!), isOpen: (socket) => socket.open },
    clock,
  );
  const socket = (): FakeSocket => ({ open: true, handled: [] });
  return { clock, intake, socket };
}

const frame = (n: number) => Uint8Array.of(n).buffer;

describe("Intake", () => {
  it("hands a frame within budget back to handle now", () => {
    const { intake, socket } = setup();
    const message = frame(1);
    expect(intake.admit(socket(), message)).toBe(message);
  });

  it("refuses text frames and frames over the size limit, before spending any budget", () => {
    const { intake, socket } = setup(4);
    const s = socket();
    expect(intake.admit(s, "hello")).toBe(CLOSE.unsupportedData);
    expect(intake.admit(s, new ArrayBuffer(5))).toBe(CLOSE.messageTooLarge);
    expect(intake.admit(s, new ArrayBuffer(4))).toBeInstanceOf(ArrayBuffer);
  });

  it("holds frames over budget and releases them in order once it refills", () => {
    const { clock, intake, socket } = setup();
    const s = socket();
    const other = socket();
    expect(intake.admit(s, frame(1))).toBeInstanceOf(ArrayBuffer);
    expect(intake.admit(s, frame(2))).toBeInstanceOf(ArrayBuffer);
    expect(intake.admit(s, frame(3))).toBe(HELD);
    expect(intake.admit(s, frame(4))).toBe(HELD);
    // Another socket's budget is its own.
    expect(intake.admit(other, frame(9))).toBeInstanceOf(ArrayBuffer);
    clock.advance(99);
    expect(s.handled).toEqual([]);
    clock.advance(1);
    expect(s.handled).toEqual([3]);
    clock.advance(100);
    expect(s.handled).toEqual([3, 4]);
    expect(clock.waiting).toBe(0);
  });

  it(`refuses a socket that falls more than ${MAX_DELAY_MS} ms behind with the transient rate-limit code`, () => {
    const { intake, socket } = setup();
    const s = socket();
    // A burst of 2, then 100 ms of debt per message.
    const admitted = Array.from({ length: 2 + MAX_DELAY_MS / 100 }, (_, i) => intake.admit(s, frame(i)));
    expect(admitted.every((a) => a !== CLOSE.rateLimited)).toBe(true);
    expect(intake.admit(s, frame(0))).toBe(CLOSE.rateLimited);
  });

  it("drops the held frames of a socket that closed or left", () => {
    const { clock, intake, socket } = setup();
    const closing = socket();
    const leaving = socket();
    for (const s of [closing, leaving]) for (let i = 1; i <= 4; i++) intake.admit(s, frame(i));
    clock.advance(100);
    expect(closing.handled).toEqual([3]);
    closing.open = false;
    intake.forget(leaving);
    clock.advance(1_000);
    expect(closing.handled).toEqual([3]);
    expect(leaving.handled).toEqual([3]);
    expect(clock.waiting).toBe(0);
  });

  it("spends a presence budget of its own", () => {
    const { clock, intake, socket } = setup();
    const s = socket();
    expect(intake.admitPresence(s)).toBe(true);
    expect(intake.admitPresence(s)).toBe(false);
    // Messages are not slowed by it.
    expect(intake.admit(s, frame(1))).toBeInstanceOf(ArrayBuffer);
    clock.advance(1_000);
    expect(intake.admitPresence(s)).toBe(true);
  });
});
