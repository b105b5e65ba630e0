/**
 * A room's timeline: its logged edits grouped into sessions, one author or several editing
 * with no pause longer than SESSION_GAP_MS, newest first. Edits arrive as spans (one edit, or
 * a session already grouped when its edits were archived); grouping spans gives the same
 * sessions as grouping their edits, since a session only ends at a pause between two of them.
 * Pure: no I/O.
 */

/** Edits closer than this (in time) belong to one session, unless HISTORY_SESSION_GAP_SECONDS says otherwise (src/config.ts). */
export const SESSION_GAP_MS = 5 * 60_000;

/** A run of consecutive edits. Times are null for edits stored before they were recorded. */
export interface Span {
  fromSeq: number;
  toSeq: number;
  startedAt: number | null;
  endedAt: number | null;
  /** Who wrote them, in order of first edit; edits of unknown authors name none. */
  authors: string[];
  edits: number;
}

/** One edit as a span. */
export function editSpan(seq: number, author: string | null, at: number | null): Span {
  return { fromSeq: seq, toSeq: seq, startedAt: at, endedAt: at, authors: author === null ? [] : [author], edits: 1 };
}

/** Whether `next` (the following span) continues `span`'s session; untimed edits group with each other. */
function continues(span: Span, next: Span, gapMs: number): boolean {
  if (span.endedAt === null || next.startedAt === null) return span.endedAt === null && next.startedAt === null;
  return next.startedAt - span.endedAt <= gapMs;
}

/** Groups spans in sequence order into sessions, oldest first. */
export function groupSessions(spans: Iterable<Span>, gapMs = SESSION_GAP_MS): Span[] {
  const sessions: Span[] = [];
  for (const span of spans) {
    const last = sessions.at(-1);
    if (last === undefined || !continues(last, span, gapMs)) {
      sessions.push({ ...span, authors: [...span.authors] });
      continue;
    }
    last.toSeq = span.toSeq;
    last.endedAt = span.endedAt;
    last.edits += span.edits;
    for (const author of span.authors) if (!last.authors.includes(author)) last.authors.push(author);
  }
  return sessions;
}

/**
 * One page of sessions, newest first: at most `limit` of those that end before `before` (all,
 * without it), and the `before` of the next page (null: this is the last).
 */
export function sessionPage(sessions: readonly Span[], before: number | undefined, limit: number): { entries: Span[]; next: number | null } {
  const older = before === undefined ? sessions : sessions.filter((s) => s.toSeq < before);
  const entries = older.slice(-limit).reverse();
  const next = older.length > limit ? entries.at(-1)!.fromSeq : null;
  return { entries, next };
}
