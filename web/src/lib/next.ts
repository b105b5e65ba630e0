/**
 * Where signing in sends a visitor back to: only a path on this site. `//evil.example` and
 * `/\evil.example` are paths to a browser's URL parser but lead to another origin. Pure.
 */
export function safeNext(raw: string | null): string {
  if (raw === null || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  return raw;
}
