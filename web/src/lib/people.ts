/** How people are told apart on screen: a stable colour from their id, and how history names authors. */

const PALETTE = ["#e5484d", "#f76b15", "#d6a000", "#30a46c", "#12a594", "#0090ff", "#3e63dd", "#8e4ec6", "#d6409f", "#7c6f64"];

/** The same colour for the same person on every screen. */
export function colorFor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (Math.imul(hash, 31) + id.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length]!;
}

/**
 * Colours for people shown side by side: each keeps their own colour where it is free, else
 * takes the next free one, so no two share a colour (up to the palette's size).
 */
export function distinctColors(ids: Iterable<string>): Map<string, string> {
  const colors = new Map<string, string>();
  const taken = new Set<string>();
  for (const id of ids) {
    if (colors.has(id)) continue;
    const own = PALETTE.indexOf(colorFor(id));
    const free = PALETTE.map((_, i) => PALETTE[(own + i) % PALETTE.length]!).find((color) => !taken.has(color)) ?? colorFor(id);
    colors.set(id, free);
    taken.add(free);
  }
  return colors;
}

/** The colour of history whose author is not known. */
export const UNKNOWN_AUTHOR_COLOR = "#7c6f64";

/** An author of history as people read them: a user's name, else an app's (API token or external) or an unknown author. */
export const authorName = (author: { id: string; name: string | null } | null) => author?.name ?? (author ? "API or app" : "Unknown");

/** What a block's mark in the margin says: "Written by Ann (120 characters) and Bob (4 characters)". */
export function writtenBy(block: { authors: Array<{ author: { id: string; name: string | null } | null; chars: number }> }): string {
  const parts = block.authors.map(({ author, chars }) =>
    chars === 0 ? authorName(author) : `${authorName(author)} (${chars} ${chars === 1 ? "character" : "characters"})`,
  );
  const names = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "Unknown");
  return block.authors.every((a) => a.chars === 0) ? `Added by ${names}` : `Written by ${names}`;
}
