/**
 * The digest's one-click unsubscribe link (RFC 8058): `user=<id>&sig=<HMAC-SHA256 of the id>`
 * under a key derived from JWT_SECRET, so a mail client can turn digests off with a POST and
 * no session, and nobody can for another account. It does nothing else, and never expires.
 */
import { b64url, fromB64url } from "../auth/encoding";
import type { KeyRing } from "../auth/keys";

const LABEL = new TextEncoder().encode("edge-rooms digest unsubscribe\n");

async function mac(secret: Uint8Array, userId: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new Uint8Array([...LABEL, ...secret]), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(userId)));
}

/** The query string of `userId`'s unsubscribe link. */
export async function unsubscribeQuery(ring: KeyRing, userId: string): Promise<string> {
  return new URLSearchParams({ user: userId, sig: b64url(await mac(ring.current.key, userId)) }).toString();
}

/** Whether `sig` signs `userId` under any key of the ring (the previous one too, during a rotation). */
export async function checkUnsubscribe(ring: KeyRing, userId: string, sig: string): Promise<boolean> {
  let given: Uint8Array;
  try {
    given = fromB64url(sig);
  } catch {
    return false;
  }
  for (const secret of ring.byKid.values()) {
    const expected = await mac(secret, userId);
    if (expected.byteLength === given.byteLength && crypto.subtle.timingSafeEqual(expected, given)) return true;
  }
  return false;
}
