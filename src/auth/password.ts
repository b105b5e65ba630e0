/**
 * Password hashing with PBKDF2-SHA256 through WebCrypto. The Workers runtime refuses more
 * than 100,000 iterations, so we use exactly that. Stored as
 * `pbkdf2-sha256$<iterations>$<salt>$<hash>` (base64url), so the cost can rise later
 * without breaking old hashes.
 */
import { b64url, fromB64url } from "./encoding";

const ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<ArrayBuffer> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  return crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, HASH_BITS);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, ITERATIONS);
  return `pbkdf2-sha256$${ITERATIONS}$${b64url(salt)}$${b64url(hash)}`;
}

/** A hash of a random password: verifying against it costs the same as a real check. */
export const DECOY_HASH = "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** Checks a password in constant time with respect to the stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, expected] = stored.split("$");
  if (scheme !== "pbkdf2-sha256" || !iterations || !salt || !expected) return false;
  const actual = new Uint8Array(await derive(password, fromB64url(salt), Number(iterations)));
  const wanted = fromB64url(expected);
  return actual.byteLength === wanted.byteLength && crypto.subtle.timingSafeEqual(actual, wanted);
}
