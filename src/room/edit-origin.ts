/**
 * Who an edit came from when it did not arrive on one of the room's own sockets: the path it
 * took and the user the Worker (or a relay) verified. The document store carries it as the
 * edit's Yjs origin; the log records the user as the edit's author (docs/architecture.md,
 * "History").
 */
export type EditPath = "api" | "restore" | "relay";

/** The origin of an edit taken by `path` from the verified user `author`. */
export const editOrigin = (path: EditPath, author: string): string => `${path}:${author}`;

/** The author an origin made by editOrigin names (null for any other string). */
export function authorOfOrigin(origin: string): string | null {
  const colon = origin.indexOf(":");
  if (colon < 0) return null;
  return origin.slice(colon + 1) || null;
}
