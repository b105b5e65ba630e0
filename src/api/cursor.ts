/**
 * Page cursors of lists in creation order: where the previous page ended (its last item's
 * creation time and id), opaque to clients as base64url. Pure, no Worker imports: the schemas
 * use it.
 */

export interface Position {
  createdAt: number;
  id: string;
}

/** Before every item: the first page starts here. */
export const START: Position = { createdAt: -1, id: "" };

const toBase64Url = (text: string) => btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

export function encodeCursor(p: Position): string {
  return toBase64Url(`${p.createdAt}.${p.id}`);
}

/** The position a cursor names, or null if it is not one `encodeCursor` made. */
export function decodeCursor(cursor: string): Position | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  let text: string;
  try {
    text = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return null;
  }
  const match = /^(0|[1-9]\d{0,15})\.([\w-]{1,128})$/.exec(text);
  return match ? { createdAt: Number(match[1]), id: match[2]! } : null;
}
