/** D1 queries for webhook endpoints and their delivery log (migrations/0005_webhooks.sql). */
import type { EventType } from "../domain/webhook-events";

/** An endpoint as its owner sees it: never its secrets. */
export interface EndpointRow {
  id: string;
  room_id: string;
  url: string;
  events: EventType[];
  created_by: string;
  created_at: number;
  previous_expires_at: number | null;
}

export interface SigningEndpoint {
  id: string;
  url: string;
  events: EventType[];
  /** The secrets to sign with: the current one, and the previous one while it has not expired. */
  secrets: string[];
}

export type DeliveryState = "pending" | "delivered" | "failed";

export interface DeliveryRow {
  event_id: string;
  event_type: EventType;
  state: DeliveryState;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: number | null;
  next_attempt_at: number | null;
  delivered_at: number | null;
  created_at: number;
}

const PUBLIC_COLUMNS = "id, room_id, url, events, created_by, created_at, previous_expires_at";

type Stored<T> = Omit<T, "events"> & { events: string };
const parsed = <T extends { events: string }>(row: T) => ({ ...row, events: JSON.parse(row.events) as EventType[] });

/** Inserts the endpoint unless the room already has `max`; false when it has. */
export async function insertEndpoint(
  db: D1Database,
  e: { id: string; roomId: string; url: string; events: EventType[]; secret: string; createdBy: string },
  max: number,
  now: number,
): Promise<boolean> {
  // One statement, so two concurrent requests cannot both take the last place.
  const result = await db
    .prepare(
      `INSERT INTO webhook_endpoints (id, room_id, url, events, secret, created_by, created_at)
       SELECT ?, ?, ?, ?, ?, ?, ? WHERE (SELECT COUNT(*) FROM webhook_endpoints WHERE room_id = ?) < ?`,
    )
    .bind(e.id, e.roomId, e.url, JSON.stringify(e.events), e.secret, e.createdBy, now, e.roomId, max)
    .run();
  return result.meta.changes === 1;
}

export async function listEndpoints(db: D1Database, roomId: string): Promise<EndpointRow[]> {
  const { results } = await db
    .prepare(`SELECT ${PUBLIC_COLUMNS} FROM webhook_endpoints WHERE room_id = ? ORDER BY created_at, id`)
    .bind(roomId)
    .all<Stored<EndpointRow>>();
  return results.map(parsed);
}

export async function findEndpoint(db: D1Database, roomId: string, id: string): Promise<EndpointRow | null> {
  const row = await db.prepare(`SELECT ${PUBLIC_COLUMNS} FROM webhook_endpoints WHERE room_id = ? AND id = ?`).bind(roomId, id).first<Stored<EndpointRow>>();
  return row && parsed(row);
}

/** The endpoint with what signs its deliveries at `now`; null once it was deleted. */
export async function signingEndpoint(db: D1Database, id: string, now: number): Promise<SigningEndpoint | null> {
  const row = await db
    .prepare("SELECT id, url, events, secret, previous_secret, previous_expires_at FROM webhook_endpoints WHERE id = ?")
    .bind(id)
    .first<{ id: string; url: string; events: string; secret: string; previous_secret: string | null; previous_expires_at: number | null }>();
  if (!row) return null;
  const previous = row.previous_secret !== null && (row.previous_expires_at ?? 0) > now ? [row.previous_secret] : [];
  return { id: row.id, url: row.url, events: JSON.parse(row.events) as EventType[], secrets: [row.secret, ...previous] };
}

/** The room's endpoints and their event types, for fanning an event out. */
export async function roomSubscriptions(db: D1Database, roomId: string): Promise<Array<{ id: string; events: EventType[] }>> {
  const { results } = await db.prepare("SELECT id, events FROM webhook_endpoints WHERE room_id = ?").bind(roomId).all<{ id: string; events: string }>();
  return results.map(parsed);
}

/** Deletes the endpoint and its delivery log; false if the room has no such endpoint. */
export async function deleteEndpoint(db: D1Database, roomId: string, id: string): Promise<boolean> {
  // RETURNING, not meta.changes: that also counts the log rows the foreign key deletes.
  return (await db.prepare("DELETE FROM webhook_endpoints WHERE room_id = ? AND id = ? RETURNING id").bind(roomId, id).first()) !== null;
}

/** Makes `secret` the endpoint's secret; the one it replaces still signs until `previousExpiresAt`. */
export async function rotateSecret(db: D1Database, roomId: string, id: string, secret: string, previousExpiresAt: number): Promise<boolean> {
  const result = await db
    .prepare("UPDATE webhook_endpoints SET previous_secret = secret, previous_expires_at = ?, secret = ? WHERE room_id = ? AND id = ?")
    .bind(previousExpiresAt, secret, roomId, id)
    .run();
  return result.meta.changes === 1;
}

/**
 * Starts the log rows of one event's deliveries (kept if they exist: the fan-out may run
 * twice) and drops rows older than `keepSince`.
 */
export async function startDeliveries(db: D1Database, endpointIds: string[], event: { id: string; type: EventType }, now: number, keepSince: number) {
  const insert = db.prepare(
    "INSERT OR IGNORE INTO webhook_deliveries (endpoint_id, event_id, event_type, state, next_attempt_at, created_at) VALUES (?, ?, ?, 'pending', ?, ?)",
  );
  const prune = db.prepare("DELETE FROM webhook_deliveries WHERE endpoint_id = ? AND created_at < ?");
  await db.batch(endpointIds.flatMap((id) => [insert.bind(id, event.id, event.type, now, now), prune.bind(id, keepSince)]));
}

export async function deliveryState(db: D1Database, endpointId: string, eventId: string): Promise<DeliveryState | null> {
  const row = await db
    .prepare("SELECT state FROM webhook_deliveries WHERE endpoint_id = ? AND event_id = ?")
    .bind(endpointId, eventId)
    .first<{ state: DeliveryState }>();
  return row?.state ?? null;
}

/** Records one attempt's outcome. */
export async function recordAttempt(
  db: D1Database,
  endpointId: string,
  eventId: string,
  a: { state: DeliveryState; status: number | null; error: string | null; nextAt: number | null; at: number },
): Promise<void> {
  await db
    .prepare(
      `UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, last_status = ?, last_error = ?, last_attempt_at = ?,
         next_attempt_at = ?, delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END
       WHERE endpoint_id = ? AND event_id = ?`,
    )
    .bind(a.state, a.status, a.error, a.at, a.nextAt, a.state, a.at, endpointId, eventId)
    .run();
}

/** The endpoint's newest deliveries first. */
export async function listDeliveries(db: D1Database, endpointId: string, limit: number): Promise<DeliveryRow[]> {
  const { results } = await db
    .prepare(
      `SELECT event_id, event_type, state, attempts, last_status, last_error, last_attempt_at, next_attempt_at, delivered_at, created_at
       FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY created_at DESC, event_id DESC LIMIT ?`,
    )
    .bind(endpointId, limit)
    .all<DeliveryRow>();
  return results;
}
