/**
 * A microbenchmark of the pure parts of an edit's path on Node, one part per run, so that
 * `valgrind --tool=callgrind` counts its instructions (repeatable on a loaded machine, unlike
 * time): subtract a run of `none` (the set-up alone) from a run of the part.
 *
 *   npx tsx bench/micro.ts [edits=2000] [none|read|validate|apply|encode|merge10|echo]
 *   valgrind --tool=callgrind node --import tsx bench/micro.ts 2000 validate
 *
 * The edits are the benchmark's: one writer appending a marker to a shared text.
 */
import * as Y from "yjs";
import { validateUpdate } from "../src/document/update";
import { readAwarenessClocks, readMessage, writeUpdate } from "../src/wire/protocol";

const PARTS: Record<string, (updates: Uint8Array[], frames: Uint8Array[]) => void> = {
  none: () => {},
  /** The codec's reading of an update frame, validation included. */
  read: (_, frames) => frames.forEach((f) => readMessage(f)),
  validate: (updates) => updates.forEach((u) => validateUpdate(u)),
  /** Integrating each edit into a document, as the room does. */
  apply: (updates) => {
    const doc = new Y.Doc();
    for (const u of updates) Y.applyUpdate(doc, u);
  },
  encode: (updates) => updates.forEach((u) => writeUpdate(u)),
  /** One merged update per ten edits, as a relay per write would send. */
  merge10: (updates) => {
    for (let i = 0; i + 10 <= updates.length; i += 10) Y.mergeUpdates(updates.slice(i, i + 10));
  },
  /** The echo check every frame goes through first. */
  echo: (_, frames) => frames.forEach((f) => readAwarenessClocks(f, 100)),
};

const edits = Number(process.argv[2] ?? 2000);
const part = PARTS[process.argv[3] ?? "none"];
if (part === undefined) throw new Error(`unknown part; known: ${Object.keys(PARTS).join(", ")}`);

const writer = new Y.Doc();
const updates: Uint8Array[] = [];
writer.on("update", (u: Uint8Array) => updates.push(u));
const text = writer.getText("text");
for (let i = 0; i < edits; i++) text.insert(text.length, `[e.0.${i}]`);
const frames = updates.map(writeUpdate);

const t0 = process.hrtime.bigint();
part(updates, frames);
console.log(`${process.argv[3] ?? "none"}: ${(Number(process.hrtime.bigint() - t0) / edits / 1000).toFixed(2)} µs per edit`);
