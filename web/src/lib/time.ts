/** "just now", "5 minutes ago", "3 days ago", then the date. */
const UNITS = [
  ["minute", 60, 3600],
  ["hour", 3600, 86400],
  ["day", 86400, 7 * 86400],
] as const;

export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 45) return "just now";
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  for (const [unit, size, until] of UNITS) if (seconds < until) return format.format(-Math.max(1, Math.round(seconds / size)), unit);
  return new Date(iso).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}
