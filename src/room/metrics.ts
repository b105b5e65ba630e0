/** Counters of one room since its object last started (they reset when it hibernates). */
export class RoomMetrics {
  readonly startedAt = Date.now();
  socketsOpened = 0;
  messagesIn = 0;
  bytesIn = 0;
  messagesOut = 0;
  bytesOut = 0;
  /** Messages held back because their socket was over its budget. */
  slowed = 0;
  /** Presence frames that only repeated what the room had relayed (stock clients send them back). */
  echoes = 0;
  /** Writes to the room's log, each storing every edit that waited for it, all or none. */
  writes = 0;
  /** Edits those writes stored. */
  editsWritten = 0;
  /** Sockets the room closed, by reason (invalid message, rate limited, access revoked...). */
  readonly closes: Record<string, number> = {};

  received(bytes: number): void {
    this.messagesIn++;
    this.bytesIn += bytes;
  }

  sent(bytes: number): void {
    this.messagesOut++;
    this.bytesOut += bytes;
  }

  wrote(edits: number): void {
    this.writes++;
    this.editsWritten += edits;
  }

  closedByRoom(reason: string): void {
    this.closes[reason] = (this.closes[reason] ?? 0) + 1;
  }

  toJSON() {
    const { startedAt, socketsOpened, messagesIn, bytesIn, messagesOut, bytesOut, slowed, echoes, writes, editsWritten, closes } = this;
    return {
      since: new Date(startedAt).toISOString(),
      socketsOpened,
      messagesIn,
      bytesIn,
      messagesOut,
      bytesOut,
      slowed,
      echoes,
      writes,
      editsWritten,
      closes: { ...closes },
    };
  }
}

/** A room's figures at one moment, as the stats endpoint and the analytics data point carry them. */
export interface RoomFigures {
  connections: number;
  seq: number;
  documentBytes: number;
  logRows: number;
  /** Edits not yet in a snapshot. */
  pendingEdits: number;
}

/**
 * The Workers Analytics Engine data point for a room: indexed (sampled) by room; blobs name
 * the room and what prompted it; doubles in a fixed, documented order (docs/operations.md).
 */
export function dataPoint(room: string, event: string, figures: RoomFigures, metrics: RoomMetrics): AnalyticsEngineDataPoint {
  const rejected = Object.values(metrics.closes).reduce((a, b) => a + b, 0);
  return {
    indexes: [room],
    blobs: [room, event],
    doubles: [
      figures.connections,
      metrics.messagesIn,
      metrics.bytesIn,
      metrics.messagesOut,
      metrics.bytesOut,
      figures.seq,
      figures.documentBytes,
      figures.logRows,
      figures.pendingEdits,
      rejected,
    ],
  };
}
