/**
 * What happens when someone comments: D1 first (the record), then the room tells everyone in
 * it (live delivery) and webhooks hear of new threads and comments, then the people
 * concerned get notifications. Each change is one function, so anything else that should
 * follow a new thread or comment is added here.
 */

import type { Anchor } from "../document/anchor";
import { resolveRole } from "../domain/rooms";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { logEvent } from "../log";
import { roomStub } from "../objects";
import {
  anchorColumns,
  type CommentRow,
  type CommentWithAuthor,
  deleteComment,
  insertComment,
  insertThread,
  participants,
  setResolved,
  type ThreadRow,
  type ThreadWithAuthor,
  updateComment,
} from "../storage/comments";
import { accessPolicy, memberRoles, type RoomRow } from "../storage/rooms";
import { emitEvent } from "../webhooks/emit";
import type { CommentEvent, CommentJson, ThreadJson } from "../wire/comments";
import { commentJson, threadJson } from "./json";
import { assertMembers, commentRecipients } from "./mentions";
import { notify, pushUnread } from "./notify";

export interface Actor {
  id: string;
  name: string;
}

export interface CommentInput {
  body: string;
  mentions: string[];
}

/** Live delivery to the room's sockets; the change is stored already, so a failure is only logged. */
async function publish(env: Env, roomId: string, event: CommentEvent): Promise<void> {
  try {
    await roomStub(env, roomId).publish(event);
  } catch (err) {
    logEvent("warn", "room_event_failed", { room: roomId, event: event.type, error: String(err) });
  }
}

async function checkMentions(env: Env, room: RoomRow, mentions: string[]): Promise<void> {
  if (mentions.length === 0) return;
  assertMembers(mentions, new Set([room.owner_id, ...Object.keys(await memberRoles(env.DB, room.id))]));
}

/** Starts a thread on `anchor` with its first comment. */
export async function createThread(env: Env, room: RoomRow, actor: Actor, input: CommentInput & { anchor: Anchor; quote: string }): Promise<ThreadJson> {
  await checkMentions(env, room, input.mentions);
  const now = Date.now();
  const thread: ThreadRow = {
    id: crypto.randomUUID(),
    room_id: room.id,
    author_id: actor.id,
    ...anchorColumns(input.anchor),
    quote: input.quote,
    created_at: now,
    resolved_at: null,
    resolved_by: null,
  };
  const first = commentRow(room.id, thread.id, actor, input, now);
  await insertThread(env.DB, thread, first);
  const json = threadJson({ ...thread, author_name: actor.name }, [{ ...first, author_name: actor.name }]);
  await publish(env, room.id, { type: "thread.created", thread: json });
  await emitEvent(env, { type: "thread.created", room: room.id, data: { thread_id: thread.id, comment_id: first.id, created_by: actor.id } });
  await notify(
    env,
    commentRecipients({ author: actor.id, roomId: room.id, threadId: thread.id, commentId: first.id, mentions: input.mentions, participants: [] }),
  );
  return json;
}

/** Replies in a thread. */
export async function addComment(env: Env, room: RoomRow, actor: Actor, thread: ThreadWithAuthor, input: CommentInput): Promise<CommentJson> {
  await checkMentions(env, room, input.mentions);
  const row = commentRow(room.id, thread.id, actor, input, Date.now());
  await insertComment(env.DB, row);
  const json = commentJson({ ...row, author_name: actor.name });
  await publish(env, room.id, { type: "comment.created", comment: json });
  await emitEvent(env, { type: "comment.created", room: room.id, data: { thread_id: thread.id, comment_id: row.id, created_by: actor.id } });
  // Only those who may still read the room hear of it: someone removed keeps no window on it.
  const policy = await accessPolicy(env.DB, room);
  const people = (await participants(env.DB, thread.id)).filter((id) => resolveRole(policy, id) !== null);
  await notify(
    env,
    commentRecipients({ author: actor.id, roomId: room.id, threadId: thread.id, commentId: row.id, mentions: input.mentions, participants: people }),
  );
  return json;
}

/** Changes a comment's text; only its author may. People it newly mentions are notified. */
export async function editComment(env: Env, room: RoomRow, actor: Actor, comment: CommentWithAuthor, input: CommentInput): Promise<CommentJson> {
  if (comment.author_id !== actor.id) throw new ApiError("forbidden", "only its author can edit a comment");
  await checkMentions(env, room, input.mentions);
  const now = Date.now();
  const mentions = JSON.stringify(input.mentions);
  await updateComment(env.DB, comment.id, input.body, mentions, now);
  const json = commentJson({ ...comment, body: input.body, mentions, edited_at: now });
  await publish(env, room.id, { type: "comment.updated", comment: json });
  const previouslyMentioned = JSON.parse(comment.mentions) as string[];
  await notify(
    env,
    commentRecipients({
      author: actor.id,
      roomId: room.id,
      threadId: comment.thread_id,
      commentId: comment.id,
      mentions: input.mentions,
      participants: [],
      previouslyMentioned,
    }),
  );
  return json;
}

/** Deletes a comment (only its author may), and its thread with its last comment. */
export async function removeComment(env: Env, room: RoomRow, actor: Actor, comment: CommentWithAuthor): Promise<void> {
  if (comment.author_id !== actor.id) throw new ApiError("forbidden", "only its author can delete a comment");
  const { threadDeleted, notified } = await deleteComment(env.DB, comment.thread_id, comment.id);
  await publish(
    env,
    room.id,
    threadDeleted ? { type: "thread.deleted", threadId: comment.thread_id } : { type: "comment.deleted", threadId: comment.thread_id, commentId: comment.id },
  );
  await Promise.all(notified.map((userId) => pushUnread(env, userId)));
}

/** Resolves or reopens a thread. */
export async function resolveThread(
  env: Env,
  room: RoomRow,
  actor: Actor,
  found: { thread: ThreadWithAuthor; comments: CommentWithAuthor[] },
  resolved: boolean,
): Promise<ThreadJson> {
  const now = Date.now();
  await setResolved(env.DB, found.thread.id, resolved ? { at: now, by: actor.id } : null);
  const thread = { ...found.thread, resolved_at: resolved ? now : null, resolved_by: resolved ? actor.id : null };
  const json = threadJson(thread, found.comments);
  await publish(env, room.id, { type: resolved ? "thread.resolved" : "thread.reopened", thread: json });
  return json;
}

function commentRow(roomId: string, threadId: string, actor: Actor, input: CommentInput, now: number): CommentRow {
  return {
    id: crypto.randomUUID(),
    thread_id: threadId,
    room_id: roomId,
    author_id: actor.id,
    body: input.body,
    mentions: JSON.stringify(input.mentions),
    created_at: now,
    edited_at: null,
  };
}
