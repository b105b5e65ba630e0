/**
 * Who wrote each block (paragraph, heading, list, table) of a document as it is now: every
 * visible character of a top-level element is credited to the logged edit that inserted it,
 * so a block's authors are the people whose text is still in it, with how much of it each
 * wrote. Text someone else deleted no longer counts; a block without text is credited to
 * whoever inserted the block. Pure: no I/O.
 */
import * as Y from "yjs";
import { ClockRanges } from "./clock-ranges";
import type { LoggedEdit } from "./history-diff";

/** One author's share of a block: `author` null for text of unknown authors (stored before authorship was, or from the base). */
export interface AuthorShare {
  author: string | null;
  chars: number;
}

/** A block's authors, most characters first (ties: whoever's text comes first). */
export interface BlockAuthors {
  authors: AuthorShare[];
}

export interface DocumentAuthorship {
  root: string;
  blocks: BlockAuthors[];
}

/** A shared type as `doc.share` holds it. */
type Type = Y.Doc["share"] extends Map<string, infer T> ? T : never;

/**
 * The authors of each top-level block of `root` (without it: the root with the most blocks)
 * in the state after the last of `edits`. `base` is the state before the first of them (a
 * snapshot; null: the empty document); its text has no known author.
 */
export function blockAuthors(base: Uint8Array | null, edits: readonly LoggedEdit[], root?: string): DocumentAuthorship {
  const doc = new Y.Doc();
  if (base !== null) Y.applyUpdate(doc, base);
  const inserted = new ClockRanges();
  for (const [i, edit] of edits.entries()) {
    for (const struct of Y.decodeUpdate(edit.update).structs) if (struct instanceof Y.Item) inserted.add(struct.id.client, struct.id.clock, struct.length, i);
    Y.applyUpdate(doc, edit.update);
  }
  inserted.seal();
  const authorOf = (id: Y.ID): string | null => {
    const edit = inserted.find(id.client, id.clock);
    return edit === undefined ? null : (edits[edit]!.author ?? null);
  };
  const byRoot = [...doc.share].map(([name, type]) => ({ root: name, blocks: blocksOf(type, authorOf) }));
  if (root !== undefined) return byRoot.find((a) => a.root === root) ?? { root, blocks: [] };
  return (
    byRoot.reduce<DocumentAuthorship | null>((best, a) => (best === null || a.blocks.length > best.blocks.length ? a : best), null) ?? { root: "", blocks: [] }
  );
}

/** The visible top-level elements of `type`, each with its authors. */
function blocksOf(type: Type, authorOf: (id: Y.ID) => string | null): BlockAuthors[] {
  const blocks: BlockAuthors[] = [];
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
    const shares = new Map<string | null, number>();
    countText(item.content.type, authorOf, shares);
    if (shares.size === 0) shares.set(authorOf(item.id), 0);
    const authors = [...shares].map(([author, chars]) => ({ author, chars }));
    // A stable sort keeps the order of first appearance among equal shares.
    blocks.push({ authors: authors.sort((a, b) => b.chars - a.chars) });
  }
  return blocks;
}

/** Adds each visible character inside `type` to its author's share. */
function countText(type: Type, authorOf: (id: Y.ID) => string | null, shares: Map<string | null, number>): void {
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentType) countText(item.content.type, authorOf, shares);
    else if (item.content instanceof Y.ContentString) {
      for (let offset = 0; offset < item.length; offset++) {
        const author = authorOf({ client: item.id.client, clock: item.id.clock + offset });
        shares.set(author, (shares.get(author) ?? 0) + 1);
      }
    }
  }
}
