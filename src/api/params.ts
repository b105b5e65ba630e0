/** Small shapes every API response shares. */

/** A stored time (ms since epoch) as the API shows it: ISO 8601, or null when unset. */
export const isoTime = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
