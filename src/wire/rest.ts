/**
 * Users, rooms, members, versions and webhooks as the API answers them (docs/api.md). The
 * route files build these with their return types checked against them; the pages import
 * them (`import type`), so they have no Worker imports. Threads and comments: src/wire/comments.ts.
 */
import type { GeneralAccess, MemberRole, Role, VersionKind } from "../domain/rooms";

export type { GeneralAccess, Role };

export interface UserJson {
  id: string;
  /** Absent for a user of an external issuer, whose token may carry none. */
  email?: string;
  name: string;
}

/** My mail preferences (`GET`/`PATCH /api/me/preferences`). */
export interface PreferencesJson {
  /** Mail me mentions, replies and rooms shared with me that I have not seen in the app (a digest per window). */
  mentionDigests: boolean;
}

/** An identity provider people may sign in with (`GET /api/auth/oidc/providers`). */
export interface OidcProviderJson {
  /** In the sign-in link: `/api/auth/oidc/<id>/start`. */
  id: string;
  /** What the button says: "Sign in with <name>". */
  name: string;
}

export interface RoomJson {
  id: string;
  title: string;
  ownerId: string;
  generalAccess: GeneralAccess;
  /** The app's label given at creation ("document", "whiteboard"), or null (another app's room). */
  kind: string | null;
  /**
   * Which life of this id the room is: new each time a room of this id is created. Copies of
   * the document kept offline belong to one incarnation (`?incarnation=` on the socket).
   */
  incarnation: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
  /** Document figures as of the last snapshot. */
  seq: number;
  documentBytes: number;
  editedAt: string | null;
  lastSnapshot: { seq: number; at: string | null } | null;
}

/** A pending invitation of an address to a room (docs/api.md, "Invitations"). */
export interface InvitationJson {
  id: string;
  email: string;
  role: Exclude<Role, "owner">;
  expiresAt: string;
}

export interface MemberJson {
  /** `email` only when the room's owner asks: the others see names. */
  user: UserJson;
  role: Role;
}

export interface VersionJson {
  seq: number;
  createdAt: string;
  /** The document's size; `storedBytes` its compressed snapshot's. */
  bytes: number;
  storedBytes: number;
  kind: VersionKind;
  label: string | null;
  createdBy: string | null;
}

/** Who wrote an edit: a user of ours (with the name they have now), or an API token's or external issuer's subject (name null). */
export interface AuthorJson {
  id: string;
  name: string | null;
}

/** One session of a room's timeline: consecutive edits with no long pause (docs/api.md, "History"). */
export interface HistoryEntryJson {
  fromSeq: number;
  toSeq: number;
  /** Null for edits stored before their times were recorded. */
  startedAt: string | null;
  endedAt: string | null;
  authors: AuthorJson[];
  edits: number;
}

/** One change between two points of a room's history. */
export interface ChangeJson {
  op: "insert" | "delete";
  text: string;
  author: AuthorJson | null;
  at: string | null;
}

/** What changed between two points of a room's history, in one root type. */
export interface DiffJson {
  root: string;
  changes: ChangeJson[];
}

/** One author's share of a block: `author` null for text whose author is not known. */
export interface AuthorShareJson {
  author: AuthorJson | null;
  chars: number;
}

/** Who wrote each top-level block of a document (a paragraph, a heading, a list), as of edit `seq`. */
export interface AuthorshipJson {
  root: string;
  seq: number;
  /** In document order; each block's authors with most characters first. */
  blocks: Array<{ authors: AuthorShareJson[] }>;
}

/** A webhook endpoint of a room (docs/webhooks.md); its secret is never listed. */
export interface WebhookJson {
  id: string;
  url: string;
  events: string[];
  createdBy: string;
  createdAt: string;
  previousSecretExpiresAt: string | null;
}

/** One entry of an endpoint's delivery log. */
export interface DeliveryJson {
  eventId: string;
  type: string;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** An entry of my inbox: someone mentioned me, replied in my thread, or added me to a room. */
export interface NotificationJson {
  id: string;
  kind: "mention" | "reply" | "added";
  room: { id: string; title: string | null };
  threadId: string | null;
  commentId: string | null;
  actor: { id: string; name: string };
  /** The comment's start, when there is one. */
  excerpt: string | null;
  createdAt: string;
  readAt: string | null;
}

/** An API token as its owner sees it (docs/api.md, "API tokens"); its secret only once, at creation. */
export interface ApiTokenJson {
  id: string;
  name: string;
  /** The most it may do: its owner's role in a room, capped at this. */
  role: MemberRole;
  /** The one room it acts in; null: every room of its owner's. */
  roomId: string | null;
  createdAt: string;
  expiresAt: string;
  /** When it was last used, to the minute; null: never. */
  lastUsedAt: string | null;
}

/** A file uploaded into a room (docs/api.md, "Files"). */
export interface FileJson {
  /** Hex SHA-256 of the bytes. */
  id: string;
  /** Where it is served to whoever may read the room: put it in the document or on the board. */
  url: string;
  /** Decided from the bytes. */
  contentType: string;
  bytes: number;
  name: string | null;
  createdBy: string;
  createdAt: string;
}
