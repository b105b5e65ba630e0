/**
 * `/api/rooms/:id/history`, `/api/rooms/:id/versions/:from/diff/:to` and
 * `/api/rooms/:id/authorship`: who edited a room when, what changed between two points, and
 * who wrote each block of the document, with authors (docs/api.md, "History"). The room reads
 * its log and archive; names come from D1 here. Mounted inside the rooms routes.
 */
import { Hono } from "hono";
import type { Change } from "../document/history-diff";
import type { Span } from "../domain/history-sessions";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { roomStub } from "../objects";
import type { HistoryMiss } from "../room/history";
import { userNames } from "../storage/user-names";
import type { AuthorJson, AuthorshipJson, ChangeJson, DiffJson, HistoryEntryJson } from "../wire/rest";
import { isoTime } from "./params";
import { loadRoom } from "./room-access";
import { diffParams, historyQuery, rootQuery } from "./schemas/history";
import { pathParams, query } from "./validate";

/** The API's answer to a point or range the room cannot give. */
export function historyMissError(miss: HistoryMiss): ApiError {
  if (miss.reason === "too_large") return new ApiError("history_range_too_large", miss.message);
  if (miss.reason === "damaged") return new ApiError("history_damaged", miss.message);
  return new ApiError("version_not_found", miss.message);
}

/** Authors by id, named from D1 (null: not a user of ours). */
async function authorsOf(db: D1Database, ids: readonly string[]): Promise<(id: string) => AuthorJson> {
  const names = await userNames(db, ids);
  return (id) => ({ id, name: names.get(id) ?? null });
}

const entryJson = (span: Span, author: (id: string) => AuthorJson): HistoryEntryJson => ({
  fromSeq: span.fromSeq,
  toSeq: span.toSeq,
  startedAt: isoTime(span.startedAt),
  endedAt: isoTime(span.endedAt),
  authors: span.authors.map(author),
  edits: span.edits,
});

const changeJson = (change: Change, author: (id: string) => AuthorJson): ChangeJson => ({
  op: change.op,
  text: change.text,
  author: change.author === null ? null : author(change.author),
  at: isoTime(change.at),
});

export const history = new Hono<AppEnv>()
  .get("/:id/history", query(historyQuery), async (c) => {
    const { before, limit } = c.req.valid("query");
    const { room } = await loadRoom(c, "viewer");
    const page = await roomStub(c.env, room.id).history(before, limit);
    const author = await authorsOf(
      c.env.DB,
      page.entries.flatMap((e) => e.authors),
    );
    return c.json({ entries: page.entries.map((e) => entryJson(e, author)), next: page.next });
  })
  .get("/:id/versions/:from/diff/:to", pathParams(diffParams), query(rootQuery), async (c) => {
    const { from, to } = c.req.valid("param");
    const { root } = c.req.valid("query");
    const { room } = await loadRoom(c, "viewer");
    const result = await roomStub(c.env, room.id).diff(from, to, root);
    if (!result.ok) throw historyMissError(result);
    const author = await authorsOf(
      c.env.DB,
      result.diff.changes.flatMap((change) => (change.author === null ? [] : [change.author])),
    );
    const diff: DiffJson = { root: result.diff.root, changes: result.diff.changes.map((change) => changeJson(change, author)) };
    return c.json({ diff });
  })
  .get("/:id/authorship", query(rootQuery), async (c) => {
    const { root } = c.req.valid("query");
    const { room } = await loadRoom(c, "viewer");
    const result = await roomStub(c.env, room.id).authorship(root);
    if (!result.ok) throw historyMissError(result);
    const { authorship } = result;
    const author = await authorsOf(
      c.env.DB,
      authorship.blocks.flatMap((block) => block.authors.flatMap((share) => (share.author === null ? [] : [share.author]))),
    );
    const json: AuthorshipJson = {
      root: authorship.root,
      seq: result.seq,
      blocks: authorship.blocks.map((block) => ({
        authors: block.authors.map((share) => ({ author: share.author === null ? null : author(share.author), chars: share.chars })),
      })),
    };
    return c.json({ authorship: json });
  });
