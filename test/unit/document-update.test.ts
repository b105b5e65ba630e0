import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { InvalidUpdateError, isEmptyUpdate, validateUpdate } from "../../src/document/update";

/** A fuzzed update (seed 1347356749): an empty deleted run, then an item at the same clock. */
const EMPTY_STRUCT = [1, 2, 157, 185, 174, 138, 1, 0, 1, 1, 1, 116, 0, 132, 157, 185, 174, 130, 1, 0, 1, 47, 1, 157, 185, 174, 130, 1, 1, 0, 1];

function edited(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, "hello");
  return Y.encodeStateAsUpdate(doc);
}

describe("validateUpdate", () => {
  it("accepts an update Yjs wrote, and the empty one", () => {
    expect(() => validateUpdate(edited())).not.toThrow();
    expect(() => validateUpdate(Y.encodeStateAsUpdate(new Y.Doc()))).not.toThrow();
  });

  it("refuses bytes that are not an update", () => {
    expect(() => validateUpdate(new Uint8Array([9, 9, 9]))).toThrow(new InvalidUpdateError("invalid Yjs update"));
  });

  it("refuses an update with an empty struct, which Yjs decodes but cannot integrate", () => {
    expect(() => validateUpdate(new Uint8Array(EMPTY_STRUCT))).toThrow(new InvalidUpdateError("Yjs update with an empty struct"));
  });
});

/** The rule as Yjs states it: what Y.decodeUpdate reads, with no struct of length 0 (the reference for the room's faster walk). */
function yjsVerdict(update: Uint8Array): "valid" | "invalid" {
  try {
    return Y.decodeUpdate(update).structs.some((s) => s.length === 0) ? "invalid" : "valid";
  } catch {
    return "invalid";
  }
}

function verdict(update: Uint8Array): "valid" | "invalid" {
  try {
    validateUpdate(update);
    return "valid";
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidUpdateError);
    return "invalid";
  }
}

/** Edits of every kind of content, by two clients that sync now and then, as the updates they send. */
const editsArb = fc.array(
  fc.record({
    client: fc.integer({ min: 0, max: 1 }),
    kind: fc.constantFrom("insert", "delete", "format", "embed", "map", "array", "xml", "sync"),
    at: fc.nat(),
    text: fc.string({ unit: "grapheme", maxLength: 6 }),
  }),
  { minLength: 1, maxLength: 12 },
);

function updatesOf(edits: ReadonlyArray<{ client: number; kind: string; at: number; text: string }>): Uint8Array[] {
  const docs = [new Y.Doc(), new Y.Doc()];
  const updates: Uint8Array[] = [];
  for (const doc of docs) doc.on("update", (u: Uint8Array) => updates.push(u));
  for (const { client, kind, at, text } of edits) {
    const doc = docs[client]!;
    const t = doc.getText("t");
    const pos = t.length === 0 ? 0 : at % t.length;
    if (kind === "insert") t.insert(pos, text);
    else if (kind === "delete") t.delete(pos, Math.min(t.length - pos, 1 + (at % 3)));
    else if (kind === "format") t.format(0, t.length, { bold: at % 2 === 0 });
    else if (kind === "embed") t.insertEmbed(pos, { image: text });
    else if (kind === "map") doc.getMap("m").set(text, at % 2 === 0 ? { n: at } : text);
    else if (kind === "array") doc.getArray("a").insert(0, [at, text, new Uint8Array([at % 256])]);
    else if (kind === "xml") doc.getXmlFragment("x").insert(0, [new Y.XmlElement("p"), new Y.XmlText(text)]);
    else Y.applyUpdate(docs[1 - client]!, Y.encodeStateAsUpdate(doc));
  }
  updates.push(Y.encodeStateAsUpdate(docs[0]!), Y.mergeUpdates(updates.slice()));
  return updates;
}

describe("validateUpdate's walk of typing", () => {
  it("judges every update, and every damaged copy of one, as Y.decodeUpdate does", () => {
    fc.assert(
      fc.property(editsArb, fc.array(fc.tuple(fc.nat(), fc.nat(255), fc.constantFrom("set", "cut", "add")), { maxLength: 3 }), (edits, damage) => {
        for (const update of updatesOf(edits)) {
          expect(verdict(update)).toBe("valid");
          const damaged = damage.reduce((bytes, [at, byte, how]) => {
            const i = at % (bytes.length + 1);
            if (how === "cut") return bytes.slice(0, i);
            if (how === "add") return Uint8Array.from([...bytes.slice(0, i), byte, ...bytes.slice(i)]);
            const copy = bytes.slice();
            if (i < copy.length) copy[i] = byte;
            return copy;
          }, update);
          expect(verdict(damaged)).toBe(yjsVerdict(damaged));
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("isEmptyUpdate", () => {
  it("is true only for an update that carries nothing", () => {
    expect(isEmptyUpdate(Y.encodeStateAsUpdate(new Y.Doc()))).toBe(true);
    expect(isEmptyUpdate(edited())).toBe(false);
  });
});
