/**
 * Threads and comments as the API answers them and room events carry them (docs/api.md,
 * docs/protocol.md). Plain types with no Worker imports: the pages use them too.
 */
import type { Anchor, ResolvedAnchor } from "../document/anchor";

export interface Person {
  id: string;
  name: string;
}

export interface CommentJson {
  id: string;
  threadId: string;
  author: Person;
  body: string;
  /** User ids of the people the comment mentions. */
  mentions: string[];
  createdAt: string;
  editedAt: string | null;
}

export interface ThreadJson {
  id: string;
  roomId: string;
  author: Person;
  /** A range of the text (`start`, `end`) or a whiteboard object (`object`). */
  anchor: Anchor & { quote: string; resolved?: ResolvedAnchor };
  resolved: boolean;
  resolvedAt: string | null;
  resolvedBy: string | null;
  createdAt: string;
  comments: CommentJson[];
}

/** What the room tells sockets that opted in to events (docs/protocol.md, "Room events"). */
export type CommentEvent =
  | { type: "thread.created"; thread: ThreadJson }
  | { type: "thread.resolved" | "thread.reopened"; thread: ThreadJson }
  | { type: "thread.deleted"; threadId: string }
  | { type: "comment.created" | "comment.updated"; comment: CommentJson }
  | { type: "comment.deleted"; threadId: string; commentId: string };
