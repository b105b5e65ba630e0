/**
 * The editing traces in ../shared/traces (josephg/editing-traces, CC BY 4.0), read in place
 * and never copied into the repository, and what replaying them needs, computed offline:
 * the final document of a sequential trace, and for a concurrent trace the Yjs update of
 * every transaction as its agent made it, with the state it had to see first.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import * as Y from "yjs";

/** [position in code points, characters deleted, text inserted]; no trace here has astral characters, so code points are UTF-16 units. */
export type Patch = [number, number, string];

export interface SequentialTrace {
  startContent: string;
  endContent: string;
  txns: Array<{ patches: Patch[] }>;
}

export interface ConcurrentTrace {
  endContent: string;
  numAgents: number;
  txns: Array<{ parents: number[]; agent: number; patches: Patch[] }>;
}

/** Reads `<dir>/<name>.json.gz`, or null if it is not there. */
export function readTrace<T>(dir: string, name: string): T | null {
  const file = join(dir, `${name}.json.gz`);
  return existsSync(file) ? (JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as T) : null;
}

/** Applies one transaction's patches to a Y.Text (splice semantics). */
export function applyPatches(text: Y.Text, patches: readonly Patch[]): void {
  for (const [pos, del, ins] of patches) {
    if (del > 0) text.delete(pos, del);
    if (ins.length > 0) text.insert(pos, ins);
  }
}

/** The whole sequential trace typed into one document, one transaction per keystroke, as a Yjs update. */
export function finalDocument(trace: SequentialTrace): Uint8Array {
  const doc = new Y.Doc();
  const text = doc.getText("content");
  text.insert(0, trace.startContent);
  for (const t of trace.txns) doc.transact(() => applyPatches(text, t.patches));
  return Y.encodeStateAsUpdate(doc);
}

export interface ConcurrentReplay {
  /** Transaction i's Yjs update, made by its agent's own document. */
  updates: Uint8Array[];
  /** Per transaction: clock per other agent's client id its agent had to have seen first. */
  requires: Array<Map<number, number>>;
}

/**
 * Replays a concurrent trace offline: each agent has its own document and, before its
 * transaction i, is given exactly the transactions among i's ancestors it has not seen yet,
 * so positions mean what the trace says. Live replay then only has to wait for those.
 */
export function concurrentReplay(trace: ConcurrentTrace): ConcurrentReplay {
  // Yjs orders concurrent inserts at one place by client id; the traces' endContent follows
  // agent order, so agent a writes as client a + 1 (random ids match it only by chance).
  const docs = Array.from({ length: trace.numAgents }, (_, agent) => {
    const doc = new Y.Doc();
    doc.clientID = agent + 1;
    return doc;
  });
  const seen = docs.map(() => new Set<number>());
  const updates: Uint8Array[] = [];
  const requires: Array<Map<number, number>> = [];
  trace.txns.forEach((txn, i) => {
    const doc = docs[txn.agent]!;
    const missing: number[] = [];
    const stack = [...txn.parents];
    // Bounded by the trace: each ancestor is pushed at most once per agent.
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (seen[txn.agent]!.has(p)) continue;
      seen[txn.agent]!.add(p);
      missing.push(p);
      stack.push(...trace.txns[p]!.parents);
    }
    for (const p of missing.sort((a, b) => a - b)) Y.applyUpdate(doc, updates[p]!);
    requires.push(new Map(docs.filter((d) => d !== doc).map((d) => [d.clientID, Y.getState(doc.store, d.clientID)])));
    let update: Uint8Array | undefined;
    const capture = (u: Uint8Array) => (update = u);
    doc.on("update", capture);
    doc.transact(() => applyPatches(doc.getText("content"), txn.patches));
    doc.off("update", capture);
    updates.push(update ?? new Uint8Array([0, 0]));
    seen[txn.agent]!.add(i);
  });
  return { updates, requires };
}

/** Whether the replay's updates, merged, give the trace's endContent (checked before any server runs). */
export function replayGivesEndContent(trace: ConcurrentTrace, replay: ConcurrentReplay): boolean {
  const doc = new Y.Doc();
  Y.transact(doc, () => replay.updates.forEach((u) => Y.applyUpdate(doc, u)));
  return doc.getText("content").toString() === trace.endContent;
}
