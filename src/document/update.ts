/**
 * What a Yjs update must be before anyone stores, relays or restores it. A document rule,
 * not framing: the room's codec (src/wire/protocol.ts) checks every update frame with it,
 * and so do the R2 snapshot reader, the HTTP content upload and the room's RPC edit, none
 * of which see a frame.
 */
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
  let structs;
  try {
    ({ structs } = Y.decodeUpdate(update));
  } catch (err) {
    throw new InvalidUpdateError("invalid Yjs update", { cause: err });
  }
  if (structs.some((struct) => struct.length === 0)) throw new InvalidUpdateError("Yjs update with an empty struct");
}

/** Whether an update carries nothing: no structs, no deletions (e.g. a sync step 2 of a client with nothing new). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}
