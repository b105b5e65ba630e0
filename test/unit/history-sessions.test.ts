/** The timeline's sessions: grouping by pauses, the same from archived spans as from edits, and paging newest first. */
import { describe, expect, it } from "vitest";
import { editSpan, groupSessions, SESSION_GAP_MS, sessionPage } from "../../src/domain/history-sessions";

const MIN = 60_000;

describe("groupSessions", () => {
  const edits = [
    editSpan(1, "ann", 0),
    editSpan(2, "bob", 2 * MIN),
    editSpan(3, "ann", 6 * MIN),
    editSpan(4, null, 30 * MIN),
    editSpan(5, "bob", 30 * MIN + SESSION_GAP_MS),
  ];

  it("keeps edits within a pause of each other together, whoever wrote them", () => {
    expect(groupSessions(edits)).toEqual([
      { fromSeq: 1, toSeq: 3, startedAt: 0, endedAt: 6 * MIN, authors: ["ann", "bob"], edits: 3 },
      { fromSeq: 4, toSeq: 5, startedAt: 30 * MIN, endedAt: 30 * MIN + SESSION_GAP_MS, authors: ["bob"], edits: 2 },
    ]);
  });

  it("gives the same sessions from spans grouped earlier (archived) as from the edits", () => {
    const archived = groupSessions(edits.slice(0, 2));
    expect(groupSessions([...archived, ...edits.slice(2)])).toEqual(groupSessions(edits));
  });

  it("groups edits stored before times were recorded with each other only", () => {
    expect(groupSessions([editSpan(1, null, null), editSpan(2, null, null), editSpan(3, "ann", 5)])).toEqual([
      { fromSeq: 1, toSeq: 2, startedAt: null, endedAt: null, authors: [], edits: 2 },
      { fromSeq: 3, toSeq: 3, startedAt: 5, endedAt: 5, authors: ["ann"], edits: 1 },
    ]);
  });
});

describe("sessionPage", () => {
  const sessions = groupSessions([1, 2, 3, 4, 5].map((seq) => editSpan(seq, "ann", seq * 10 * MIN)));

  it("pages newest first, each page's next the start of its oldest session", () => {
    const first = sessionPage(sessions, undefined, 2);
    expect(first.entries.map((s) => s.fromSeq)).toEqual([5, 4]);
    expect(first.next).toBe(4);
    const second = sessionPage(sessions, first.next!, 2);
    expect(second.entries.map((s) => s.fromSeq)).toEqual([3, 2]);
    const last = sessionPage(sessions, second.next!, 2);
    expect(last).toEqual({ entries: [sessions[0]], next: null });
  });

  it("answers an empty page for a room without edits", () => {
    expect(sessionPage([], undefined, 20)).toEqual({ entries: [], next: null });
  });
});
