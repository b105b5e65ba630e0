/**
 * Who may use the room's time (pure). A room is one thread: what one socket's frames take,
 * everyone else's wait for. The room measures how much of the recent past it spent handling
 * frames, and whose they were (intake.ts measures; this decides). While that is under
 * `busyShare`, the room keeps up and every socket is served at once, however fast it sends:
 * a lone writer, an importer or a replay is never slowed. Past it the room is short of time,
 * and the sockets that sent edits or sync frames lately (COMPETING_MS) share it: one using more
 * than FAIR_SHARE_SLACK times an equal share, and more than what the others leave it of the
 * room's busy share, is over its share, and its frames wait (in order) while the others' go
 * first. Presence does not compete (it waits, merged, while the room is short: presence.ts),
 * and its time is nobody's share, so a writer among many cursors is a writer alone; and
 * sockets that joined and only watch since leave it their part of the room.
 *
 * Usage decays exponentially with a time constant of WINDOW_MS, so a socket that stops
 * sending is back under its share within a window, and a room at full stretch counts
 * WINDOW_MS of busy time.
 */

/** How far back the room looks: usage a window old counts for 1/e. */
export const WINDOW_MS = 1_000;
/**
 * How much more than an equal share a socket may use while the room is short. Writers sending
 * alike (eight at 250 edits/s each) stay far under it, and of two sockets neither is ever
 * over (two people replaying a session as fast as they can); a flood among quiet sockets is
 * far above it.
 */
export const FAIR_SHARE_SLACK = 2;
/**
 * How long a socket that sent a frame counts as wanting the room's time. While the room is
 * short, a quiet socket's next frame may be stuck behind a flood in the runtime's queue, which
 * the room cannot see: so a socket competing when the room fell short keeps competing until
 * the room has kept up for a whole window again.
 */
export const COMPETING_MS = 3 * WINDOW_MS;
/** How often the level a socket must stay under is recomputed (it needs every socket). */
const REFRESH_MS = 50;
/**
 * While the room lags with time to spare by its own measure (see framesWait), a socket is
 * over its share only if it also took more than this part of the room's busy share: a flood,
 * not a writer among people joining.
 */
const WAITING_SHARE = 1 / 2;

interface Usage {
  /** Busy milliseconds, decayed to `at`. */
  busy: number;
  at: number;
  /** When the socket last sent a frame: it competes for the room for COMPETING_MS after. */
  seen: number;
}

export class FairShares<S> {
  /** The share of its time the room may spend handling frames before it is short (0–1]. */
  readonly #busyShare: number;
  readonly #usage = new Map<S, Usage>();
  #total: Usage = { busy: 0, at: 0, seen: 0 };
  /** The usage over which a socket is over its share, as of `#levelAt` (Infinity: the room keeps up). */
  #level = Number.POSITIVE_INFINITY;
  #levelAt = Number.NEGATIVE_INFINITY;
  /** When frames were last seen waiting (see framesWait). */
  #waitedAt = Number.NEGATIVE_INFINITY;
  /** Since when the room has been short (with gaps under a window), and when it last was. */
  #shortSince = Number.NEGATIVE_INFINITY;
  #shortAt = Number.NEGATIVE_INFINITY;
  /**
   * Sockets found over their share since the room fell short: they stay over until it has
   * kept up for a whole window. Otherwise a flood would be let go the moment holding it
   * brought the room under its busy share, and refill the runtime's queue at once.
   */
  readonly #overThisSpell = new Set<S>();
  /** The two sockets that sent a frame last, the latest first, and when (see #othersActive). */
  #last: S | undefined;
  #lastAt = Number.NEGATIVE_INFINITY;
  #previous: S | undefined;
  #previousAt = Number.NEGATIVE_INFINITY;

  constructor(busyShare: number) {
    if (!(busyShare > 0 && busyShare <= 1)) throw new Error(`busy share must be in (0, 1], got ${busyShare}`);
    this.#busyShare = busyShare;
  }

  /** A frame from `socket` arrived: it competes for the room's time for COMPETING_MS. */
  sent(socket: S, now: number): void {
    const usage = this.#usage.get(socket);
    if (usage === undefined) this.#usage.set(socket, { busy: 0, at: now, seen: now });
    else usage.seen = now;
    if (this.#last !== socket) {
      this.#previous = this.#last;
      this.#previousAt = this.#lastAt;
      this.#last = socket;
    }
    this.#lastAt = now;
  }

  /** The room spent `ms` handling `socket`'s frames (it may have left since; undefined: nobody's share), measured at `now`. */
  used(socket: S | undefined, ms: number, now: number): void {
    this.#total.busy = decayed(this.#total, now) + ms;
    this.#total.at = now;
    if (socket === undefined) return;
    const usage = this.#usage.get(socket);
    if (usage === undefined) return;
    usage.busy = decayed(usage, now) + ms;
    usage.at = now;
  }

  /**
   * A timer of the room is late at `now`: frames wait in the runtime's queue. For a window
   * after, the room counts as short of time whatever its own handling measured (what the
   * runtime does between the room's events, reading a flood and sending its relays, is not in
   * that measure), and the others who sent as the spell began keep counting (#othersActive).
   */
  framesWait(now: number): void {
    this.#waitedAt = now;
  }

  /** Whether the room spent more of the last window handling frames than it may, or frames waited within it. */
  short(now: number): boolean {
    return this.#busy(now) || this.#lagging(now);
  }

  /** Whether frames waited in the runtime's queue within the last window (see framesWait). */
  #lagging(now: number): boolean {
    return now - this.#waitedAt < WINDOW_MS;
  }

  #busy(now: number): boolean {
    return decayed(this.#total, now) > this.#busyShare * WINDOW_MS;
  }

  /** Whether `socket` uses more than its share of a room that is short of time. */
  over(socket: S, now: number): boolean {
    if (now - this.#levelAt >= REFRESH_MS || now < this.#levelAt) this.#refresh(now);
    if (now - this.#shortAt >= WINDOW_MS || !this.#othersActive(socket, now)) return false;
    if (this.#overThisSpell.has(socket)) return true;
    const usage = this.#usage.get(socket);
    if (usage === undefined || decayed(usage, now) <= this.#level) return false;
    this.#overThisSpell.add(socket);
    return true;
  }

  /** Whether sockets other than `socket` sent frames lately. */
  othersCompeting(socket: S, now: number): boolean {
    for (const [other, usage] of this.#usage) if (other !== socket && this.#competing(usage, now)) return true;
    return false;
  }

  /**
   * Whether another socket sent a frame within COMPETING_MS of `now`, or, while frames wait in
   * the runtime's queue, of the spell's start (see below). Holding a socket helps nobody when
   * the others have gone quiet, even in a spell that began while they sent (when they still
   * compete for the level): a writer left alone in a room it keeps busy goes on.
   */
  #othersActive(socket: S, now: number): boolean {
    const otherAt = this.#last === socket ? this.#previousAt : this.#lastAt;
    if (now - otherAt < COMPETING_MS) return true;
    // The others' frames may be queued in the runtime behind this socket's: who sent as the
    // spell began counts while frames still wait, and then until they have had COMPETING_MS
    // to arrive. (A flood's frames, held, still cost the runtime enough to starve the room's
    // timers and the others' frames for as long as it lasts: 4 s and more, locally.)
    const spell = now - this.#shortAt < WINDOW_MS ? this.#shortSince : now;
    return (now - spell < COMPETING_MS || this.#lagging(now)) && spell - otherAt < COMPETING_MS;
  }

  #competing(usage: Usage, now: number): boolean {
    const since = now - this.#shortAt < WINDOW_MS ? Math.min(now, this.#shortSince) : now;
    return since - usage.seen < COMPETING_MS;
  }

  /** A socket left. */
  forget(socket: S): void {
    this.#usage.delete(socket);
    this.#overThisSpell.delete(socket);
    if (this.#previous === socket) [this.#previous, this.#previousAt] = [undefined, Number.NEGATIVE_INFINITY];
    if (this.#last === socket)
      [this.#last, this.#lastAt, this.#previous, this.#previousAt] = [this.#previous, this.#previousAt, undefined, Number.NEGATIVE_INFINITY];
  }

  #refresh(now: number): void {
    this.#levelAt = now;
    if (!this.short(now)) {
      this.#level = Number.POSITIVE_INFINITY;
      return;
    }
    if (now - this.#shortAt >= WINDOW_MS) {
      this.#shortSince = now;
      this.#overThisSpell.clear();
    }
    this.#shortAt = now;
    const competing: number[] = [];
    for (const usage of this.#usage.values()) if (this.#competing(usage, now)) competing.push(decayed(usage, now));
    const capacity = this.#busyShare * WINDOW_MS;
    // Alone (or with sockets silent for a while) a socket's share is the whole room. Lagging
    // with time to spare by its own measure, the room cannot tell what the others leave: the
    // share is the slack over an equal one, for a socket that takes a large part on its own.
    const equal = (FAIR_SHARE_SLACK * decayed(this.#total, now)) / competing.length;
    this.#level =
      competing.length <= 1
        ? Number.POSITIVE_INFINITY
        : this.#busy(now)
          ? Math.max(equal, maxMinShare(capacity, competing))
          : Math.max(equal, WAITING_SHARE * capacity);
  }
}

/**
 * The most a socket may use of `capacity` when every socket using less keeps what it uses and
 * the rest is shared equally (Infinity: all fit). Sockets that want little, such as people who
 * joined a moment ago and only watch since, leave the others their part.
 */
export function maxMinShare(capacity: number, usages: number[]): number {
  const sorted = [...usages].sort((a, b) => a - b);
  let left = capacity;
  for (const [i, usage] of sorted.entries()) {
    const sharing = sorted.length - i;
    if (usage * sharing >= left) return left / sharing;
    left -= usage;
  }
  return Number.POSITIVE_INFINITY;
}

const decayed = (usage: Usage, now: number) => (now <= usage.at ? usage.busy : usage.busy * Math.exp(-(now - usage.at) / WINDOW_MS));
