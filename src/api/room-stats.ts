/** A room's figures as members and operators see them: the object's live ones plus recent connections from D1. */
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

export async function roomStats(env: Env, roomId: string) {
  const [live, connections] = await Promise.all([roomStub(env, roomId).stats(), recentConnections(env.DB, roomId)]);
  return { ...live, recentConnections: connections.map(connectionJson) };
}
