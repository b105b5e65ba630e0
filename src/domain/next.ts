/**
 * Where signing in sends a visitor back to: only a path on this site. `//evil.example` and
 * `/\evil.example` are paths to a browser's URL parser but lead to another origin, and
 * browsers drop tabs and newlines before parsing, so `/\t/evil.example` is `//evil.example`:
 * control characters (U+0000–U+001F, U+007F) and backslashes are refused anywhere. Pure.
 */
export function safeNext(raw: string | null): string {
  if (raw === null || !raw.startsWith("/") || raw.startsWith("//") || [...raw].some(isUnsafe)) return "/";
  return raw;
}

function isUnsafe(char: string): boolean {
  const code = char.charCodeAt(0);
  return code <= 0x1f || code === 0x7f || char === "\\";
}
