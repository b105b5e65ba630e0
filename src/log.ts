/**
 * Structured logs: one JSON line per event, with the room, the user id, sizes and durations.
 * Never tokens, secrets or document content: callers pass only ids, counts and codes.
 */
export type LogLevel = "info" | "warn" | "error";

export function logEvent(level: LogLevel, event: string, fields: Record<string, string | number | boolean | undefined> = {}): void {
  const line = JSON.stringify({ level, event, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
