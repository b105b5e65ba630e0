/**
 * The room's side of its relay tier: which relays are subscribed (kept in the room's SQLite,
 * so a room that wakes still pushes to them), where a newcomer goes, the push of every stored
 * update to every relay once with its sequence number, a relay's catch-up, and lifecycle
 * calls (policy, sessions, deletion, events) that must reach every relay's sockets.
 */
import type { TierConfig } from "../config";
import type { Env } from "../env";
import { logEvent } from "../log";
import { relayStub } from "../objects";
import { countUser } from "../room/user-limit";
import type { UpdateLog } from "../storage/log";
import type { AwarenessEntry } from "../wire/protocol";
import { type CatchUp, catchUpKind, lagOf } from "./catch-up";
import { chooseRoute, type Route } from "./routing";

const SCHEMA = "CREATE TABLE IF NOT EXISTS relays (idx INTEGER PRIMARY KEY)";

/** How long a push that failed waits before it is tried again, when no later edit retries it first. */
const RETRY_MS = 1_000;

/** One subscribed relay, as the room sees it; the room's presence treats it as one socket. */
export class RelayLink {
  /** Sockets the relay last reported, plus those routed to it since. */
  sockets = 0;
  /** The same per user (the per-user limit holds across the tier; src/room/user-limit.ts). */
  users = new Map<string, number>();
  /** The sequence number the relay confirmed it fanned out through. */
  confirmed: number;
  /** The sequence number pushed to it (confirmed or still in flight). */
  pushed: number;
  /** Awareness clients of the relay's sockets (memory only: the relay re-announces them). */
  owned: Record<string, number> = {};
  retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly index: number,
    seq: number,
  ) {
    this.confirmed = seq;
    this.pushed = seq;
  }
}

/** What a subscribing relay starts from (Room.relaySubscribe). */
export interface Subscription {
  seq: number;
  /** The stored document at `seq`. */
  state: Uint8Array;
  /** Everyone's presence the room knows. */
  presence: AwarenessEntry[];
  /** What the relay's kept sockets missed, when it named the seq they are at. */
  missed: CatchUp | null;
}

export interface TierPort {
  env(): Env;
  log(): UpdateLog;
  /** The room's object name (its relays' names derive from it). */
  readonly room: string;
}

export class RelayTier {
  readonly #ctx: DurableObjectState;
  readonly #port: TierPort;
  #links: Map<number, RelayLink> | undefined;
  /** Sockets routed to relays that have not subscribed yet, so a join storm spreads before they report. */
  readonly #routed = new Map<number, RelayLink>();
  /** Presence batches the relays sent since the room started (each stands for any number of moves). */
  presenceBatches = 0;

  constructor(ctx: DurableObjectState, port: TierPort) {
    this.#ctx = ctx;
    this.#port = port;
  }

  /** The subscribed relays, read from storage on first use (after a wake-up, at the log's seq). */
  #all(): Map<number, RelayLink> {
    if (this.#links) return this.#links;
    const sql = this.#ctx.storage.sql;
    sql.exec(SCHEMA);
    const seq = this.#port.log().seq;
    this.#links = new Map(
      sql
        .exec<{ idx: number }>("SELECT idx FROM relays")
        .toArray()
        .map(({ idx }) => [idx, new RelayLink(idx, seq)]),
    );
    return this.#links;
  }

  links(): RelayLink[] {
    return [...this.#all().values()];
  }

  /** Where a newcomer of `user` goes (see routing.ts), given the room's own open sockets. */
  route(key: string, user: string, direct: number, config: TierConfig): Route {
    const counts: number[] = [];
    for (const [index, routed] of this.#routed) counts[index] = routed.sockets;
    for (const link of this.#all().values()) counts[link.index] = link.sockets;
    const route = chooseRoute(key, direct, counts, config);
    if (route.to === "relay") {
      // Counted until the relay's own report replaces the figures.
      let link = this.#all().get(route.index) ?? this.#routed.get(route.index);
      if (!link) this.#routed.set(route.index, (link = new RelayLink(route.index, 0)));
      link.sockets++;
      countUser(link.users, user);
    }
    return route;
  }

  /** The sockets `user` holds on the relays: as they last reported, plus those routed to them since. */
  userSockets(user: string): number {
    let held = 0;
    for (const link of this.#all().values()) held += link.users.get(user) ?? 0;
    for (const link of this.#routed.values()) held += link.users.get(user) ?? 0;
    return held;
  }

  /**
   * A relay subscribes (again, after a wake-up): it is at `seq` from now on. Returns the seq
   * it had confirmed if it was subscribed already: its kept sockets have everything through it.
   */
  subscribe(index: number, sockets: number, seq: number): number | undefined {
    const links = this.#all();
    let link = links.get(index);
    const confirmed = link?.confirmed;
    if (!link) {
      this.#ctx.storage.sql.exec("INSERT OR IGNORE INTO relays (idx) VALUES (?)", index);
      link = new RelayLink(index, seq);
      links.set(index, link);
    }
    // Sockets routed to it may not have reached it yet: its next report has them.
    const routed = this.#routed.get(index);
    link.sockets = Math.max(sockets, routed?.sockets ?? 0);
    if (routed) link.users = routed.users;
    this.#routed.delete(index);
    link.confirmed = link.pushed = seq;
    return confirmed;
  }

  /** A relay whose last socket left; its link, if it was subscribed. */
  unsubscribe(index: number): RelayLink | undefined {
    const link = this.#all().get(index);
    if (!link) return undefined;
    clearTimeout(link.retry);
    this.#all().delete(index);
    this.#ctx.storage.sql.exec("DELETE FROM relays WHERE idx = ?", index);
    return link;
  }

  /** The link of a subscribed relay. */
  link(index: number): RelayLink | undefined {
    return this.#all().get(index);
  }

  /** What a relay at `from` lacks: the log's tail, or the whole state once compaction merged it. */
  catchUp(from: number, state: () => Uint8Array): CatchUp {
    const log = this.#port.log();
    if (catchUpKind(from, log.stateSeq, log.seq) === "tail") return { seq: log.seq, updates: log.since(from) };
    return { seq: log.seq, state: state() };
  }

  /**
   * The log grew: each relay is pushed what it was not pushed yet, in one call, so the room's
   * work per write is one call per relay whatever the sockets. A failed push is sent again
   * with the next one, or after RETRY_MS; the relay drops what it already has.
   */
  advanced(): void {
    const links = this.links();
    if (links.length === 0) return;
    const log = this.#port.log();
    const from = Math.min(...links.map((l) => l.pushed));
    if (from >= log.seq) return;
    // Updates compaction merged already: those relays catch up from the state themselves.
    const tail = from >= log.stateSeq ? log.since(from) : log.since(log.stateSeq);
    for (const link of links) this.#push(link, tail);
  }

  #push(link: RelayLink, tail: ReadonlyArray<{ seq: number; update: Uint8Array }>): void {
    const updates = tail.filter((e) => e.seq > link.pushed);
    if (updates.length === 0) return;
    link.pushed = updates[updates.length - 1]!.seq;
    clearTimeout(link.retry);
    this.#stub(link.index)
      .deliver(updates)
      .then((seq) => {
        link.confirmed = Math.max(link.confirmed, seq);
      })
      .catch((err: unknown) => {
        logEvent("warn", "relay_push_failed", { room: this.#port.room, relay: link.index, error: String(err) });
        link.pushed = link.confirmed;
        link.retry = setTimeout(() => this.advanced(), RETRY_MS);
      });
  }

  /** A presence frame for one relay (the room's presence batches it per window). */
  sendPresence(link: RelayLink, frame: Uint8Array): void {
    this.#stub(link.index)
      .presence(frame)
      .catch((err: unknown) => logEvent("warn", "relay_presence_failed", { room: this.#port.room, relay: link.index, error: String(err) }));
  }

  /** Runs a lifecycle call on every subscribed relay and waits for all of them; a failure is logged. */
  async each(call: (relay: ReturnType<typeof relayStub>) => Promise<unknown>): Promise<void> {
    await Promise.all(
      this.links().map((link) =>
        call(this.#stub(link.index)).catch((err: unknown) =>
          logEvent("warn", "relay_call_failed", { room: this.#port.room, relay: link.index, error: String(err) }),
        ),
      ),
    );
  }

  /** Forgets every relay (the room was deleted: its storage, and this table, are gone). */
  forget(): void {
    for (const link of this.#links?.values() ?? []) clearTimeout(link.retry);
    this.#links = undefined;
    this.#routed.clear();
  }

  /** The tier as `/stats` shows it. */
  stats(seq: number) {
    const relays = this.links()
      .sort((a, b) => a.index - b.index)
      .map((l) => ({ index: l.index, sockets: l.sockets, seq: l.confirmed, lag: lagOf(seq, l.confirmed) }));
    return {
      relays: relays.length,
      relaySockets: relays.reduce((n, r) => n + r.sockets, 0),
      maxLag: Math.max(0, ...relays.map((r) => r.lag)),
      presenceBatches: this.presenceBatches,
      perRelay: relays,
    };
  }

  #stub(index: number) {
    return relayStub(this.#port.env(), this.#port.room, index);
  }
}
