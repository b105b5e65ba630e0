/**
 * Edits are kept in IndexedDB per account and room, so offline work survives a reload; signing
 * out deletes that account's copies from this browser. A copy belongs to one incarnation of
 * the room (a room deleted and created again under the same id is another), so it never
 * merges into a room it was not made in.
 */
const PREFIX = "edge-rooms";

export const localDocName = (userId: string, room: { id: string; incarnation: string }) => `${PREFIX}/${userId}/${room.incarnation}/${room.id}`;

export async function forgetLocalData(userId: string): Promise<void> {
  const databases = (await indexedDB.databases?.()) ?? [];
  const mine = databases.map((d) => d.name).filter((name): name is string => name?.startsWith(`${PREFIX}/${userId}/`) === true);
  await Promise.all(
    mine.map((name) => new Promise((resolve) => Object.assign(indexedDB.deleteDatabase(name), { onsuccess: resolve, onerror: resolve, onblocked: resolve }))),
  );
}
