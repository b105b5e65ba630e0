/** Counters of one room since its object last started (they reset when it hibernates). */
export class RoomMetrics {
  readonly startedAt = Date.now();
  socketsOpened = 0;
  messagesIn = 0;
  bytesIn = 0;
  messagesOut = 0;
  bytesOut = 0;
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

  closedByRoom(reason: string): void {
    this.closes[reason] = (this.closes[reason] ?? 0) + 1;
  }

  toJSON() {
    const { startedAt, socketsOpened, messagesIn, bytesIn, messagesOut, bytesOut, closes } = this;
    return { since: new Date(startedAt).toISOString(), socketsOpened, messagesIn, bytesIn, messagesOut, bytesOut, closes: { ...closes } };
  }
}
