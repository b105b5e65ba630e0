/**
 * What the room does with a frame before reading it: refuse it (text, too large, a flood),
 * handle it now, or hold it while its socket is over its share of a room short of time
 * (fair-share.ts decides, backlog.ts holds). Presence goes its own way: handled now while the
 * room keeps up, else held as its socket's latest (held-presence.ts) and read once per
 * PRESENCE_HOLD_MS; it never waits behind edits, nor edits behind it, and its time is the
 * room's, not its socket's share. It also measures where the room's time goes.
 * Generic over the socket type; the clock is injected so tests run the timers by hand.
 *
 * Measuring: inside a Durable Object, Date.now() stands still while code runs and moves on
 * at I/O. A timer set while a frame is handled fires once that event is over, so the time
 * from a frame's arrival to that timer is what handling it took (to the millisecond, which
 * averages out over many frames). Frames handled before the timer fires share its time.
 * Up to DELIVERY_MS of the gap since the previous measurement counts too: getting a frame to
 * the room takes the runtime time, which the room would have without this socket's frames.
 * A flood's frames queued in the runtime are read before any timer of the room, so a timer
 * late past MEASURE_LATE_MS is not waited for (what was handled since counts at the next
 * frame), and one set to probe the queue (#probeLag) tells frames wait while it is late;
 * meanwhile the sockets are told, now and then, that the room is still there.
 */

import type { RoomLimits } from "../config";
import { CLOSE, type CloseCode } from "../wire/close-codes";
import { MESSAGE_AWARENESS } from "../wire/protocol";
import { Backlog, type BacklogLimits } from "./backlog";
import { type Clock, systemClock } from "./clock";
import { FairShares, WINDOW_MS } from "./fair-share";
import { HeldPresence } from "./held-presence";

/** The frame waits, in order behind the socket's other held frames. */
export const HELD = "held";
/** A presence frame waits as its socket's latest, replacing the one before. */
export const MERGED = "merged";
/** A presence frame that only repeats what the room holds, dropped unread. */
export const ECHO = "echo";

/** A frame to handle now, HELD, MERGED, ECHO, or the close code refusing it (and its socket). */
export type Admission = ArrayBuffer | typeof HELD | typeof MERGED | typeof ECHO | CloseCode;

export interface IntakeLimits extends BacklogLimits {
  maxMessageBytes: number;
  /** The share of its time the room may spend handling frames before it is short (0–1]. */
  busyShare: number;
}

/** The intake's limits from the room's configuration. */
export const intakeLimits = (limits: RoomLimits): IntakeLimits => ({
  maxMessageBytes: limits.maxMessageBytes,
  busyShare: limits.busyShare,
  floodWindows: Math.ceil((limits.floodSeconds * 1000) / WINDOW_MS),
  maxBytes: limits.maxHeldBytes,
});

export interface IntakePort<S> {
  /** Handles a held frame whose turn has come. */
  release(socket: S, frame: ArrayBuffer): void;
  isOpen(socket: S): boolean;
  /** Whether a presence frame only repeats what the room holds (read from ids and clocks alone). */
  isEcho(socket: S, frame: Uint8Array): boolean;
  /** Tells every socket the room is still there: frames wait in the runtime's queue (see #probeLag). */
  stillHere(): void;
}

/** The pause after each held frame released (see #release). */
const YIELD_MS = 1;
/** Most held frames a socket's next frame has handled first once it is no longer over its share (see #catchUp). */
const CATCH_UP_FRAMES = 64;
/** How long the release of held frames waits while every held socket is over its share. */
const PACE_MS = 10;
/** What of the gap before a frame counts as the runtime delivering it (a longer gap is idle). */
const DELIVERY_MS = 1;
/** How late the measuring timer may be before the frames handled since are counted at the next one (see #measure). */
const MEASURE_LATE_MS = 1_000;
/** How often, while frames arrive, the room sets a timer to see how late it fires. */
const LAG_PROBE_MS = 100;
/**
 * A timer for 0 ms pending this long means frames wait in the runtime's queue: the room is
 * short of time, however little its own handling measured. What the runtime does between the
 * room's events (reading a flood's frames, sending its relays and acknowledgements) counts at
 * most DELIVERY_MS per gap in the measure, and locally it was most of the time: a flood left
 * the room reading itself 25–45 % busy at full CPU, its timers seconds late.
 */
const LAG_MS = 1_000;
/**
 * How often, while frames wait in the runtime's queue, the room tells its sockets it is still
 * there. A flood's frames keep the runtime from reading anyone else's, and with them what the
 * room would answer, for as long as it takes to read what the flood sent before it was closed
 * (over 20 s locally); stock clients drop a connection they heard nothing on for 30 s, and
 * the room's own frames still go out meanwhile.
 */
export const STILL_HERE_MS = 5_000;
/**
 * How long presence a socket sends while the room is short of time is held, the latest
 * replacing the one before, before it is read: presence waits, merged, until its next batch
 * anyway (presence.ts), so this only bounds how often a socket's presence is parsed.
 */
export const PRESENCE_HOLD_MS = 250;

export class Intake<S extends object> {
  readonly #limits: IntakeLimits;
  readonly #port: IntakePort<S>;
  readonly #clock: Clock;
  /**
   * Usage and held frames live in memory only: a room hibernates only when its sockets are
   * quiet, and then nobody has used it lately. A room with held frames has a timer running
   * and does not hibernate.
   */
  readonly #shares: FairShares<S>;
  /** Held frames by socket, in the order their sockets are served (round robin). */
  readonly #held = new Map<S, Backlog>();
  readonly #presence: HeldPresence<S>;
  #releasing = false;
  #releasingPresence = false;
  /** The frames handled since the measuring timer was set, and when that was (undefined: presence, the room's time). */
  #measuring: { since: number; sockets: Array<S | undefined> } | undefined;
  #measuredAt = Number.NEGATIVE_INFINITY;
  #measureTimerSet = false;
  /** When the lag probe's timer was set (undefined: none is), and when the last one fired. */
  #probeSetAt: number | undefined;
  #probedAt = Number.NEGATIVE_INFINITY;
  #stillHereAt = Number.NEGATIVE_INFINITY;

  constructor(limits: IntakeLimits, port: IntakePort<S>, clock: Clock = systemClock) {
    this.#limits = limits;
    this.#port = port;
    this.#clock = clock;
    this.#shares = new FairShares<S>(limits.busyShare);
    this.#presence = new HeldPresence<S>(limits.floodWindows);
  }

  /** Whether the room spent more of the last window handling frames than it may. */
  get short(): boolean {
    return this.#shares.short(this.#clock.now());
  }

  /**
   * Checks a frame's kind and size, and whether its sender is over its share: the frame to
   * handle now, HELD (released through the port in order, when its socket's turn comes), or
   * the close code for a socket that must go. Runs before the frame is parsed, so holding a
   * flood costs the room as little as possible.
   */
  admit(socket: S, message: ArrayBuffer | string): Admission {
    if (typeof message === "string") return CLOSE.unsupportedData;
    if (message.byteLength > this.#limits.maxMessageBytes) return CLOSE.messageTooLarge;
    const now = this.#clock.now();
    this.#probeLag(now);
    if (message.byteLength > 0 && new Uint8Array(message, 0, 1)[0] === MESSAGE_AWARENESS) return this.#admitPresence(socket, message, now);
    this.#shares.sent(socket, now);
    let backlog = this.#held.get(socket);
    if (backlog !== undefined && !this.#shares.over(socket, now)) backlog = this.#catchUp(socket, backlog);
    if (backlog === undefined) {
      if (!this.#shares.over(socket, now)) {
        this.#measure(socket);
        return message;
      }
      backlog = new Backlog(this.#limits, now);
      this.#held.set(socket, backlog);
    }
    // Over its share, or behind frames that were: it waits, in order, while others go on.
    if (!backlog.push(message, now, this.#shares.othersCompeting(socket, now))) return CLOSE.rateLimited;
    this.#releaseSoon(0);
    return HELD;
  }

  /**
   * Presence does not make a socket compete for the room, nor count against its share: while
   * the room is short it waits, merged, anyway, and stock clients renew it every 15 s while
   * only watching. Echoes are dropped here, or one could replace its sender's own state.
   */
  #admitPresence(socket: S, message: ArrayBuffer, now: number): Admission {
    if (!this.#shares.short(now)) {
      this.#measure(undefined);
      return message;
    }
    if (this.#port.isEcho(socket, new Uint8Array(message))) return ECHO;
    if (!this.#presence.hold(socket, message, now)) return CLOSE.rateLimited;
    if (!this.#releasingPresence) {
      this.#releasingPresence = true;
      this.#clock.later(this.#releasePresence, PRESENCE_HOLD_MS);
    }
    return MERGED;
  }

  /** Reads the presence held, one frame per socket (its latest). */
  readonly #releasePresence = (): void => {
    this.#releasingPresence = false;
    for (const [socket, frame] of this.#presence.take()) {
      if (!this.#port.isOpen(socket)) continue;
      this.#measure(undefined);
      this.#port.release(socket, frame);
    }
    this.#presence.prune(this.#clock.now());
  };

  /**
   * A held socket sent again and is no longer over its share: what it held is handled now, in
   * order, before the new frame (up to CATCH_UP_FRAMES; the rest stays held). Left to the
   * release timer alone, a socket that keeps sending (a writer with frames in flight, each
   * waiting for the one before) would stay behind its backlog for good, one frame per turn,
   * each turn behind every frame queued in the runtime: edits behind cursors.
   */
  #catchUp(socket: S, backlog: Backlog): Backlog | undefined {
    for (let n = 0; n < CATCH_UP_FRAMES && backlog.length > 0 && this.#port.isOpen(socket); n++) {
      this.#measure(socket);
      this.#port.release(socket, backlog.shift()!);
    }
    if (backlog.length > 0 && this.#port.isOpen(socket)) return backlog;
    this.#held.delete(socket);
    return undefined;
  }

  /**
   * A frame from a socket the room has closed, dropped unread: it still shows how long frames
   * wait. A flood goes on arriving until the runtime has read what it sent before the close.
   */
  dropped(): void {
    this.#probeLag(this.#clock.now());
  }

  /** A socket left: its held frames are dropped unread. */
  forget(socket: S): void {
    this.#held.delete(socket);
    this.#presence.forget(socket);
    this.#shares.forget(socket);
  }

  #releaseSoon(ms: number): void {
    if (this.#releasing) return;
    this.#releasing = true;
    this.#clock.later(this.#release, ms);
  }

  /**
   * Handles one held frame of the first socket in turn that is not over its share, then
   * yields for YIELD_MS: frames waiting in the runtime (others', and more of the flood, which
   * is only held) are read in between, and the runtime hands the room one such frame per turn
   * of its event loop, so releasing back to back would let the queue fill up again. When every
   * held socket is over its share, it waits PACE_MS: their usage decays while others are served.
   * (Serving them one frame at a time meanwhile kept a lone writer among people who had just
   * joined over its share for longer, and doubled the p99 of a replayed trace.)
   */
  readonly #release = (): void => {
    this.#releasing = false;
    const next = this.#nextInTurn(this.#clock.now());
    if (next !== undefined) {
      const [socket, backlog] = next;
      const frame = backlog.shift()!;
      // Served: to the back of the line, or out of it with nothing left.
      this.#held.delete(socket);
      if (backlog.length > 0) this.#held.set(socket, backlog);
      this.#measure(socket);
      this.#port.release(socket, frame);
    }
    if (this.#held.size > 0) this.#releaseSoon(next !== undefined ? YIELD_MS : PACE_MS);
  };

  #nextInTurn(now: number): [S, Backlog] | undefined {
    for (const [socket, backlog] of this.#held) {
      if (!this.#port.isOpen(socket)) this.#held.delete(socket);
      else if (!this.#shares.over(socket, now)) return [socket, backlog];
    }
    return undefined;
  }

  /**
   * While frames arrive, once per LAG_PROBE_MS, sets a timer for 0 ms: frames the runtime
   * queued for the room are read before it, so while it is pending past LAG_MS, frames wait.
   * Seen at each frame, not only when it fires: a flood queued ahead of it starves it for as
   * long as the flood lasts (17 s for 100,000 edits locally).
   */
  #probeLag(now: number): void {
    if (this.#probeSetAt === undefined) {
      if (now - this.#probedAt < LAG_PROBE_MS) return;
      this.#probeSetAt = now;
      this.#clock.later(this.#probed, 0);
    } else if (now - this.#probeSetAt >= LAG_MS) this.#framesWait(now);
  }

  readonly #probed = (): void => {
    const now = (this.#probedAt = this.#clock.now());
    if (now - this.#probeSetAt! >= LAG_MS) this.#framesWait(now);
    this.#probeSetAt = undefined;
  };

  #framesWait(now: number): void {
    this.#shares.framesWait(now);
    if (now - this.#stillHereAt < STILL_HERE_MS) return;
    this.#stillHereAt = now;
    this.#port.stillHere();
  }

  /** Counts the time until the next timer as `socket`'s (undefined: the room's only), shared with the frames handled meanwhile. */
  #measure(socket: S | undefined): void {
    const now = this.#clock.now();
    // Its timer is late (frames queued ahead of it are read first): what they took so far counts now.
    if (this.#measuring !== undefined && now - this.#measuring.since >= MEASURE_LATE_MS) this.#settle(now);
    if (this.#measuring !== undefined) {
      this.#measuring.sockets.push(socket);
      return;
    }
    this.#measuring = { since: now - Math.min(DELIVERY_MS, now - this.#measuredAt), sockets: [socket] };
    if (this.#measureTimerSet) return;
    this.#measureTimerSet = true;
    this.#clock.later(this.#measured, 0);
  }

  readonly #measured = (): void => {
    this.#measureTimerSet = false;
    this.#settle(this.#clock.now());
  };

  #settle(now: number): void {
    const measuring = this.#measuring;
    if (measuring === undefined) return;
    this.#measuring = undefined;
    this.#measuredAt = now;
    const each = (now - measuring.since) / measuring.sockets.length;
    for (const socket of measuring.sockets) this.#shares.used(socket, each, now);
  }
}
