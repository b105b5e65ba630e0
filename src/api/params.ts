/** Small shapes every API response and query shares. */
import { ApiError } from "../errors";

/** A stored time (ms since epoch) as the API shows it: ISO 8601, or null when unset. */
export const isoTime = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A `?limit=` query value: `fallback` when absent, else an integer from 1 to `max` or a 400. */
export function queryLimit(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw new ApiError("bad_request", `limit must be an integer from 1 to ${max}`);
  return limit;
}
