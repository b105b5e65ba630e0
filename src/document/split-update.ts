/**
 * Splitting a Yjs update into several, each at most a given size, so that a document larger
 * than the message limit still reaches a client. Pure: no I/O.
 *
 * An update (v1) is groups of consecutive structs per client, then a delete set. The parts
 * are the same structs regrouped, each part with an empty delete set, plus one last part
 * with the delete set alone: applied in any order they integrate into the same document
 * (Yjs holds structs back until what they reference has arrived). A struct larger than the
 * limit (a long text typed or pasted by one client is one struct) is cut as Yjs itself cuts
 * items, into consecutive items of the same client; one that cannot be cut (a single
 * embed or binary) goes alone in a part of its own size.
 */
import * as encoding from "lib0/encoding";
import * as Y from "yjs";

type Struct = ReturnType<typeof Y.decodeUpdate>["structs"][number];

/** The parts of `update`, in the order to send them; the update itself if it fits. */
export function splitUpdate(update: Uint8Array, maxBytes: number): Uint8Array[] {
  if (update.byteLength <= maxBytes) return [update];
  const structs = Y.decodeUpdate(update).structs.flatMap((struct) => cut(struct, maxBytes - HEADER_BYTES));
  const parts: Uint8Array[] = [];
  let part: Struct[] = [];
  let partBytes = 0;
  for (const struct of structs) {
    const bytes = encodedSize(struct);
    const previous = part.at(-1);
    // A client appears at most once per update, with consecutive clocks.
    const gap = previous !== undefined && previous.id.client === struct.id.client && previous.id.clock + previous.length !== struct.id.clock;
    // Room for the part's header: counts, client ids and clocks, a few bytes each.
    if (part.length > 0 && (gap || partBytes + bytes + HEADER_BYTES * (part.length + 1) > maxBytes)) {
      parts.push(writeStructs(part));
      part = [];
      partBytes = 0;
    }
    part.push(struct);
    partBytes += bytes;
  }
  if (part.length > 0) parts.push(writeStructs(part));
  // Every struct is in a part: the same update diffed against its own state keeps only the
  // delete set.
  parts.push(Y.diffUpdate(update, Y.encodeStateVectorFromUpdate(update)));
  return parts;
}

/**
 * `struct` as pieces of at most `maxBytes` each where its content allows. The structs come
 * fresh from decoding, in no document, so cutting them changes nothing else.
 */
function cut(struct: Struct, maxBytes: number): Struct[] {
  if (!(struct instanceof Y.Item) || struct.length < 2 || encodedSize(struct) <= maxBytes) return [struct];
  const content = struct.content;
  if (!(content instanceof Y.ContentString || content instanceof Y.ContentAny || content instanceof Y.ContentJSON)) return [struct];
  let at = Math.floor(struct.length / 2);
  // Never between the two halves of a surrogate pair: Yjs would replace both with U+FFFD.
  if (content instanceof Y.ContentString && isHighSurrogate(content.str.charCodeAt(at - 1))) at -= 1;
  if (at < 1) return [struct];
  const { client, clock } = struct.id;
  // As Yjs splits an item: the right piece follows the left one and keeps its right origin.
  const right = new Y.Item(
    Y.createID(client, clock + at),
    null,
    Y.createID(client, clock + at - 1),
    null,
    struct.rightOrigin,
    struct.parent,
    struct.parentSub,
    content.splice(at),
  );
  struct.length = at;
  return [...cut(struct, maxBytes), ...cut(right, maxBytes)];
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Upper bound of the bytes one struct adds to a part besides its own encoding. */
const HEADER_BYTES = 16;

function encodedSize(struct: Struct): number {
  const encoder = new Y.UpdateEncoderV1();
  struct.write(encoder, 0);
  return encoding.length(encoder.restEncoder);
}

/** An update of `structs` (in update order: grouped by client, clocks ascending) and no deletions. */
function writeStructs(structs: Struct[]): Uint8Array {
  const groups: Struct[][] = [];
  for (const struct of structs) {
    const last = groups.at(-1);
    const previous = last?.at(-1);
    if (previous && previous.id.client === struct.id.client && previous.id.clock + previous.length === struct.id.clock) last!.push(struct);
    else groups.push([struct]);
  }
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, groups.length);
  for (const group of groups) {
    encoding.writeVarUint(encoder.restEncoder, group.length);
    encoder.writeClient(group[0]!.id.client);
    encoding.writeVarUint(encoder.restEncoder, group[0]!.id.clock);
    for (const struct of group) struct.write(encoder, 0);
  }
  // An empty delete set: no clients.
  encoding.writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}
