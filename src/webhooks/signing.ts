/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com), so receivers can verify
 * with existing libraries: HMAC-SHA256 over `id.timestamp.body`, keyed by the base64 part of
 * a `whsec_` secret, sent as `webhook-signature: v1,<base64>`. During a secret rotation both
 * secrets sign, space-separated, and a receiver accepts either.
 */

const PREFIX = "whsec_";
const SECRET_BYTES = 32;

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

/** A new endpoint secret: `whsec_` and 32 random bytes in base64. */
export function generateSecret(): string {
  return PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

/** Whether `secret` has the `whsec_<base64>` form a signing key can come from. */
export function isSecret(secret: string): boolean {
  if (!secret.startsWith(PREFIX)) return false;
  try {
    return fromBase64(secret.slice(PREFIX.length)).byteLength >= 24;
  } catch {
    return false;
  }
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under `secret`. */
export async function sign(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", fromBase64(secret.slice(PREFIX.length)), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  return `v1,${toBase64(new Uint8Array(mac))}`;
}

/** The three headers of a delivery of `body`, signed with each of `secrets`. `timestamp` is in seconds. */
export async function signatureHeaders(secrets: readonly string[], id: string, timestamp: number, body: string): Promise<Record<string, string>> {
  const signatures = await Promise.all(secrets.map((s) => sign(s, id, timestamp, body)));
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signatures.join(" ") };
}
