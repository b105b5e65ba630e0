/**
 * What a Yjs update must be before anyone stores, relays or restores it. A document rule,
 * not framing: the room's codec (src/wire/protocol.ts) checks every update frame with it,
 * and so do the R2 snapshot reader, the HTTP content upload and the room's RPC edit, none
 * of which see a frame.
 */
import * as binary from "lib0/binary";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";

/** An update that does not parse, or that Yjs would fail to integrate. */
export class InvalidUpdateError extends Error {
  override readonly name = "InvalidUpdateError";
}

/**
 * Parses a Yjs update completely (structs, contents and delete set) without applying it.
 * Y.applyUpdate integrates structs before it reads the delete set, so an update that only
 * fails at its end would otherwise be half-applied. A struct of length 0 decodes but is
 * never written by Yjs: integrating one (an empty deleted run, say) throws midway and left
 * peers unable to converge (fuzz counterexample seed 1347356749), so it is refused here.
 */
export function validateUpdate(update: Uint8Array): void {
  let walk: Walk;
  try {
    walk = walkTyping(update);
  } catch (err) {
    throw new InvalidUpdateError("invalid Yjs update", { cause: err });
  }
  if (walk === "other") return validateByDecoding(update);
  if (walk === "empty") throw new InvalidUpdateError("Yjs update with an empty struct");
}

function validateByDecoding(update: Uint8Array): void {
  let structs;
  try {
    ({ structs } = Y.decodeUpdate(update));
  } catch (err) {
    throw new InvalidUpdateError("invalid Yjs update", { cause: err });
  }
  if (structs.some((struct) => struct.length === 0)) throw new InvalidUpdateError("Yjs update with an empty struct");
}

/** What the walk found: an update Yjs decodes with no empty struct, one with an empty struct, or content for Yjs to judge. */
type Walk = "valid" | "empty" | "other";

/** Item content the walk reads itself (Yjs's content refs): deleted runs and strings, what typing makes. */
const CONTENT_DELETED = 1;
const CONTENT_STRING = 4;
/** The info byte of a skipped range. */
const SKIP = 10;

/**
 * Reads an update as Y.decodeUpdate does (format v1: the same lib0 reads in the same order,
 * so it throws exactly where Yjs would), without building its structs: decoding each update
 * twice, here and when the room applies it, was a tenth of a room's CPU in the fan-out
 * profile (docs/benchmarks.md). Only garbage, skipped ranges, deleted runs and strings are
 * read; at any other content the walk stops and Yjs decodes the whole update.
 */
function walkTyping(update: Uint8Array): Walk {
  const decoder = decoding.createDecoder(update);
  const readId = () => (decoding.readVarUint(decoder), decoding.readVarUint(decoder));
  let empty = false;
  const clients = decoding.readVarUint(decoder);
  for (let i = 0; i < clients; i++) {
    const structs = decoding.readVarUint(decoder);
    readId(); // the client and the clock of its first struct
    for (let j = 0; j < structs; j++) {
      const info = decoding.readUint8(decoder);
      let length: number;
      if (info === SKIP) length = decoding.readVarUint(decoder);
      else if ((info & binary.BITS5) !== 0) {
        const content = info & binary.BITS5;
        if (content !== CONTENT_DELETED && content !== CONTENT_STRING) return "other";
        const parentInfo = (info & (binary.BIT7 | binary.BIT8)) === 0;
        if ((info & binary.BIT8) !== 0) readId(); // origin
        if ((info & binary.BIT7) !== 0) readId(); // right origin
        if (parentInfo) {
          // The parent: a root type's name, or the id of the item holding it.
          if (decoding.readVarUint(decoder) === 1) decoding.readVarString(decoder);
          else readId();
          if ((info & binary.BIT6) !== 0) decoding.readVarString(decoder); // the key in a map
        }
        length = content === CONTENT_DELETED ? decoding.readVarUint(decoder) : decoding.readVarString(decoder).length;
      } else length = decoding.readVarUint(decoder); // garbage
      if (length === 0) empty = true;
    }
  }
  // The delete set: per client, its id and its (clock, length) ranges.
  const deleted = decoding.readVarUint(decoder);
  for (let i = 0; i < deleted; i++) {
    decoding.readVarUint(decoder);
    const ranges = decoding.readVarUint(decoder);
    for (let j = 0; j < ranges; j++) readId();
  }
  return empty ? "empty" : "valid";
}

/** Whether an update carries nothing: no structs, no deletions (e.g. a sync step 2 of a client with nothing new). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}
