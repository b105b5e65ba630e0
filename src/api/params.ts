/** Small shapes every API response shares. */

/** A stored time (ms since epoch) as the API shows it: ISO 8601, or null when unset. */
export function isoTime(ms: number): string;
export function isoTime(ms: number | null): string | null;
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
