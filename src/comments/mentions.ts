/**
 * Mentions and who hears about a comment. A client sends the ids of the people it mentions
 * beside the comment's text (which shows them as `@Name`), so a name with spaces, or two
 * people with one name, can never be mentioned by mistake; the server checks that each is a
 * member of the room.
 */
import { ApiError } from "../errors";
import type { NewNotification } from "../storage/notifications";

/** 400 unless every mentioned id is one of the room's members (its owner included). */
export function assertMembers(mentions: string[], members: ReadonlySet<string>): void {
  const strangers = mentions.filter((id) => !members.has(id));
  if (strangers.length > 0) throw new ApiError("bad_request", "only members of the room can be mentioned");
}

/**
 * Who is notified of a new comment: each mentioned person (a mention), and everyone else who
 * started or commented in the thread (a reply); never its author, never twice.
 * `previouslyMentioned` are those an edited comment already mentioned: they heard already.
 */
export function commentRecipients(c: {
  author: string;
  roomId: string;
  threadId: string;
  commentId: string;
  mentions: string[];
  participants: string[];
  previouslyMentioned?: string[];
}): NewNotification[] {
  const seen = new Set([c.author, ...(c.previouslyMentioned ?? [])]);
  const out: NewNotification[] = [];
  const add = (userId: string, kind: NewNotification["kind"]) => {
    if (seen.has(userId)) return;
    seen.add(userId);
    out.push({ userId, kind, roomId: c.roomId, threadId: c.threadId, commentId: c.commentId, actorId: c.author });
  };
  for (const id of c.mentions) add(id, "mention");
  // An edit only adds mentions: the thread's participants heard of the comment when it was made.
  if (c.previouslyMentioned === undefined) for (const id of c.participants) add(id, "reply");
  return out;
}
