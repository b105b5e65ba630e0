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

describe("isEmptyUpdate", () => {
  it("is true only for an update that carries nothing", () => {
    expect(isEmptyUpdate(Y.encodeStateAsUpdate(new Y.Doc()))).toBe(true);
    expect(isEmptyUpdate(edited())).toBe(false);
  });
});
