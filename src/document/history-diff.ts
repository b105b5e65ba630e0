/**
 * What changed in a document between two points of its log, and who changed it: the Yjs
 * structs that exist at the later point but not the earlier (insertions) and those visible at
 * the earlier point but deleted at the later (deletions), each credited to the logged edit
 * that wrote or deleted it. Not a text diff: an insertion deleted again before the later point
 * is no change, and every change keeps its author. Pure: no I/O.
 */
import * as Y from "yjs";
import { ClockRanges } from "./clock-ranges";

/** One update of a room's log, as stored with its author and time (null: not recorded). */
export interface LoggedEdit {
  seq: number;
  update: Uint8Array;
  author: string | null;
  at: number | null;
}

export interface Change {
  op: "insert" | "delete";
  /** The text, or for an object of a map (a board's shape) its content as JSON-like text. */
  text: string;
  author: string | null;
  /** When the (latest) edit of this change was stored. */
  at: number | null;
}

export interface DocumentDiff {
  root: string;
  changes: Change[];
}

/** A shared type as `doc.share` holds it, typed as Yjs types it. */
type Type = Y.Doc["share"] extends Map<string, infer T> ? T : never;
type DeleteSet = ReturnType<typeof Y.createDeleteSetFromStructStore>;

/** What the walk needs to know of the two points. */
interface Points {
  /** The state vector at the earlier point. */
  before: Map<number, number>;
  /** Deletions at the earlier point. */
  deletedBefore: DeleteSet;
  inserted: ClockRanges;
  deleted: ClockRanges;
  edits: readonly LoggedEdit[];
}

/**
 * The changes between the state at `from` and the state after the last of `edits`. `base` is
 * the state at `edits[0].seq - 1` or earlier (a snapshot; null: the empty document) and
 * `edits` every logged edit after it, in order. The root reported is `root`, or else the one
 * with the most changed text.
 */
export function diffStates(base: Uint8Array | null, edits: readonly LoggedEdit[], from: number, root?: string): DocumentDiff {
  // Deleted content is kept (no garbage collection), so deletions can show their text.
  const doc = new Y.Doc({ gc: false });
  if (base !== null) Y.applyUpdate(doc, base);
  let next = 0;
  for (; next < edits.length && edits[next]!.seq <= from; next++) Y.applyUpdate(doc, edits[next]!.update);
  const points: Points = {
    before: Y.decodeStateVector(Y.encodeStateVector(doc)),
    deletedBefore: Y.createDeleteSetFromStructStore(doc.store),
    inserted: new ClockRanges(),
    deleted: new ClockRanges(),
    edits,
  };
  for (let i = next; i < edits.length; i++) {
    const { update } = edits[i]!;
    const { structs, ds } = Y.decodeUpdate(update);
    for (const struct of structs) if (struct instanceof Y.Item) points.inserted.add(struct.id.client, struct.id.clock, struct.length, i);
    for (const [client, ranges] of ds.clients) for (const range of ranges) points.deleted.add(client, range.clock, range.len, i);
    Y.applyUpdate(doc, update);
  }
  points.inserted.seal();
  points.deleted.seal();
  const byRoot = [...doc.share].map(([name, type]) => ({ root: name, changes: new Walk(points).type(type) }));
  if (root !== undefined) return byRoot.find((d) => d.root === root) ?? { root, changes: [] };
  const weight = (d: DocumentDiff) => d.changes.reduce((n, c) => n + c.text.length, 0);
  return byRoot.reduce<DocumentDiff | null>((best, d) => (best === null || weight(d) > weight(best) ? d : best), null) ?? { root: "", changes: [] };
}

/** One walk over a root in document order, merging neighbouring units of one op and author. */
class Walk {
  readonly #points: Points;
  readonly #changes: Change[] = [];
  #open: Change | null = null;

  constructor(points: Points) {
    this.#points = points;
  }

  type(type: Type): Change[] {
    this.#walk(type);
    this.#flush();
    return this.#changes;
  }

  #walk(type: Type): void {
    for (let item = type._start; item !== null; item = item.right) this.#item(item);
    for (const key of [...type._map.keys()].sort()) {
      // A key's overwritten values are its latest item's left neighbours.
      for (let item: Y.Item | null = type._map.get(key)!; item !== null; item = item.left) {
        this.#flush();
        this.#entry(item, key);
      }
    }
  }

  /** A map entry: a nested object added or removed whole is one change; otherwise its parts. */
  #entry(item: Y.Item, key: string): void {
    const status = this.#status(item, 0);
    if (status !== null) {
      const text = item.content instanceof Y.ContentType ? textOf(item.content.type, this.#visibleAt(status.op)) : contentText(item, 0);
      this.#add(status.op, `${key}: ${text}`, status.edit);
      this.#flush();
      return;
    }
    if (item.content instanceof Y.ContentType) this.#walk(item.content.type);
  }

  #item(item: Y.Item): void {
    const content = item.content;
    if (content instanceof Y.ContentType) {
      // Each nested element (a paragraph) is its own run of changes.
      this.#flush();
      this.#walk(content.type);
      this.#flush();
      return;
    }
    if (content instanceof Y.ContentFormat || content instanceof Y.ContentDeleted) return;
    for (let offset = 0; offset < item.length; offset++) {
      const status = this.#status(item, offset);
      if (status === null) continue;
      this.#add(status.op, contentText(item, offset), status.edit);
    }
  }

  /** Whether this unit of `item` was inserted or deleted between the points, and by which edit. */
  #status(item: Y.Item, offset: number): { op: Change["op"]; edit: number | undefined } | null {
    const { client } = item.id;
    const clock = item.id.clock + offset;
    const existed = clock < (this.#points.before.get(client) ?? 0);
    if (!existed) return item.deleted ? null : { op: "insert", edit: this.#points.inserted.find(client, clock) };
    if (!item.deleted || Y.isDeleted(this.#points.deletedBefore, { client, clock })) return null;
    return { op: "delete", edit: this.#points.deleted.find(client, clock) };
  }

  /** Which items show in an object's text: those of the later point (insert) or the earlier (delete). */
  #visibleAt(op: Change["op"]): (item: Y.Item) => boolean {
    const { before, deletedBefore } = this.#points;
    if (op === "insert") return (item) => !item.deleted;
    return (item) => item.id.clock < (before.get(item.id.client) ?? 0) && !Y.isDeleted(deletedBefore, item.id);
  }

  #add(op: Change["op"], text: string, edit: number | undefined): void {
    const logged = edit === undefined ? undefined : this.#points.edits[edit];
    const author = logged?.author ?? null;
    const at = logged?.at ?? null;
    const open = this.#open;
    if (open !== null && open.op === op && open.author === author) {
      open.text += text;
      if (at !== null && (open.at === null || at > open.at)) open.at = at;
      return;
    }
    this.#flush();
    this.#open = { op, text, author, at };
  }

  #flush(): void {
    if (this.#open !== null) this.#changes.push(this.#open);
    this.#open = null;
  }
}

/** One unit of an item's content as text. */
function contentText(item: Y.Item, offset: number): string {
  const content = item.content;
  if (content instanceof Y.ContentString) return content.str[offset] ?? "";
  if (content instanceof Y.ContentEmbed) return JSON.stringify(content.embed);
  if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) return JSON.stringify(content.arr[offset] ?? null);
  if (content instanceof Y.ContentBinary) return "[binary]";
  return "";
}

/** A nested type's content as text, counting the items `visible` accepts. */
function textOf(type: Type, visible: (item: Y.Item) => boolean): string {
  let text = "";
  for (let item = type._start; item !== null; item = item.right) {
    if (!visible(item)) continue;
    if (item.content instanceof Y.ContentType) text += textOf(item.content.type, visible);
    else for (let offset = 0; offset < item.length; offset++) text += contentText(item, offset);
  }
  const entries: string[] = [];
  for (const key of [...type._map.keys()].sort()) {
    for (let item: Y.Item | null = type._map.get(key)!; item !== null; item = item.left) {
      if (!visible(item)) continue;
      const value = item.content instanceof Y.ContentType ? textOf(item.content.type, visible) : contentText(item, item.length - 1);
      entries.push(`${key}: ${value}`);
      break;
    }
  }
  if (entries.length === 0) return text;
  return `{${entries.join(", ")}}${text}`;
}
