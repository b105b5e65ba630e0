/**
 * What the room does with a frame before reading it: refuse it (text, too large, a flood),
 * handle it now, or hold it until its socket's budget has refilled (see rate-limit.ts).
 * Generic over the socket type; the clock is injected so tests run the timers by hand.
 */

import { CLOSE, type CloseCode } from "../wire/close-codes";
import { type Clock, systemClock } from "./clock";
import { admitMessage, admitPresence, type Budget, type BudgetLimits } from "./rate-limit";

/** The frame waits, in order behind the socket's other held frames. */
export const HELD = "held";

/** A frame to handle now, HELD, or the close code refusing it (and its socket). */
export type Admission = ArrayBuffer | typeof HELD | CloseCode;

export interface IntakeLimits {
  maxMessageBytes: number;
  budgets: BudgetLimits;
}

export interface IntakePort<S> {
  /** Handles a held frame whose time has come. */
  release(socket: S, frame: ArrayBuffer): void;
  isOpen(socket: S): boolean;
}

export class Intake<S extends object> {
  readonly #limits: IntakeLimits;
  readonly #port: IntakePort<S>;
  readonly #clock: Clock;
  /**
   * Rate-limit buckets per socket. Memory only: a room hibernates only when its sockets are
   * quiet, and a quiet socket's bucket is full anyway.
   */
  readonly #budgets = new WeakMap<S, Budget>();
  /**
   * Frames of sockets over their budget, waiting for it to refill. Memory only: a room with
   * held frames has a timer running and does not hibernate.
   */
  readonly #held = new Map<S, Array<{ frame: ArrayBuffer; due: number }>>();

  constructor(limits: IntakeLimits, port: IntakePort<S>, clock: Clock = systemClock) {
    this.#limits = limits;
    this.#port = port;
    this.#clock = clock;
  }

  /**
   * Checks a frame's kind and size and spends its sender's budget: the frame to handle now,
   * HELD (it is released through the port in order, once the budget covers it), or the close
   * code for a socket that must go. Runs before the frame is parsed, so a flood costs the
   * room as little as possible.
   */
  admit(socket: S, message: ArrayBuffer | string): Admission {
    if (typeof message === "string") return CLOSE.unsupportedData;
    if (message.byteLength > this.#limits.maxMessageBytes) return CLOSE.messageTooLarge;
    const now = this.#clock.now();
    const traffic = admitMessage(this.#budgets.get(socket), this.#limits.budgets, message.byteLength, now);
    this.#budgets.set(socket, traffic.budget);
    if (traffic.delayMs === null) return CLOSE.rateLimited;
    const held = this.#held.get(socket);
    if (held === undefined && traffic.delayMs === 0) return message;
    // Over budget: slowed, not refused. Its frames wait in order while everyone else's go on.
    if (held) held.push({ frame: message, due: now + traffic.delayMs });
    else {
      this.#held.set(socket, [{ frame: message, due: now + traffic.delayMs }]);
      this.#clock.later(() => this.#release(socket), traffic.delayMs);
    }
    return HELD;
  }

  /** Handles the held frames of a slowed socket whose time has come, in order, while it is open. */
  #release(socket: S): void {
    const held = this.#held.get(socket) ?? [];
    while (held.length > 0 && held[0]!.due <= this.#clock.now() && this.#port.isOpen(socket)) {
      this.#port.release(socket, held.shift()!.frame);
    }
    if (held.length === 0 || !this.#port.isOpen(socket)) this.#held.delete(socket);
    else this.#clock.later(() => this.#release(socket), held[0]!.due - this.#clock.now());
  }

  /**
   * Spends one presence update from the socket's budget; false: drop it, the next one
   * supersedes it. Removals always pass: the caller does not ask for them.
   */
  admitPresence(socket: S): boolean {
    const presence = admitPresence(this.#budgets.get(socket), this.#limits.budgets, this.#clock.now());
    this.#budgets.set(socket, presence.budget);
    return presence.ok;
  }

  /** A socket left: its held frames are dropped unread. */
  forget(socket: S): void {
    this.#held.delete(socket);
  }
}
