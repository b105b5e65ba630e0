/** A room's figures as members and operators see them: the object's live ones, and recent connections from D1. */
import type { Env } from "../env";
import { roomStub } from "../objects";
import { type ConnectionRow, recentConnections } from "../storage/connections";
import { isoTime } from "./params";

const connectionJson = (r: ConnectionRow) => ({
  userId: r.user_id,
  role: r.role,
  connectedAt: isoTime(r.connected_at),
  disconnectedAt: isoTime(r.disconnected_at),
  closeCode: r.close_code,
  updates: r.updates,
  bytes: r.bytes,
});

/**
 * The figures; `withConnections` adds who connected when (recentConnections), which only
 * the room's owner, its editors and operators read: it tells a visitor who else comes and when.
 */
export async function roomStats(env: Env, roomId: string, { withConnections }: { withConnections: boolean }) {
  if (!withConnections) return await roomStub(env, roomId).stats();
  const [live, connections] = await Promise.all([roomStub(env, roomId).stats(), recentConnections(env.DB, roomId)]);
  return { ...live, recentConnections: connections.map(connectionJson) };
}
