/**
 * The words every layer uses about a room, and the rules over them: the roles people hold,
 * how a room is shared, which kinds of versions it keeps. Plain types and pure functions
 * with no Worker imports: the server decides with them and the pages show the same answers.
 */

export type Role = "owner" | "editor" | "commenter" | "viewer";

/** What anyone signed in with the link gets ("none": only the owner and members). */
export const GENERAL_ACCESS = ["none", "viewer", "commenter", "editor"] as const satisfies readonly (Role | "none")[];
export type GeneralAccess = (typeof GENERAL_ACCESS)[number];

/** The roles the owner gives people (and an external issuer grants); ownership is not one of them. */
export const MEMBER_ROLES = ["editor", "commenter", "viewer"] as const satisfies readonly Role[];
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const isMemberRole = (value: unknown): value is MemberRole => (MEMBER_ROLES as readonly unknown[]).includes(value);

/** Automatic snapshots, versions someone named, and the version a restore writes. */
export type VersionKind = "auto" | "named" | "restore";

const RANK: Record<Role, number> = { viewer: 1, commenter: 2, editor: 3, owner: 4 };

/**
 * Editors and owners change the document; commenters and viewers receive it and may send
 * presence, and the room drops their edits.
 */
export function canEdit(role: Role): boolean {
  return RANK[role] >= RANK.editor;
}

/** Commenters and up start threads and write comments; viewers read them. */
export function canComment(role: Role): boolean {
  return RANK[role] >= RANK.commenter;
}

/** Only the owner shares a room: members, link access, webhooks, and API tokens for the room. */
export function canShare(role: Role | null): boolean {
  return role === "owner";
}

/** Whether `role` is at least `needed`. */
export function atLeast(role: Role | null, needed: Role): boolean {
  return role !== null && RANK[role] >= RANK[needed];
}

/**
 * `role`, but no more than `cap`: what someone acting for the user (an API token) may do.
 * Without a cap, `role` itself; a cap is a member role, so ownership never passes through it.
 */
export function capRole(role: Role | null, cap: MemberRole | undefined): Role | null {
  if (role === null || cap === undefined) return role;
  return atLeast(role, cap) ? cap : role;
}

/** What decides a user's role in a room; also pushed to the room to re-check open sockets. */
export interface AccessPolicy {
  ownerId: string | null;
  generalAccess: GeneralAccess;
  members: Record<string, MemberRole>;
}

/**
 * A user's role in one of our rooms: the most permissive of ownership, membership and
 * general (link) access; null for none.
 */
export function resolveRole(policy: AccessPolicy, userId: string): Role | null {
  if (policy.ownerId === userId) return "owner";
  // Own properties only: a user id like "constructor" must not find Object.prototype's.
  const member = Object.hasOwn(policy.members, userId) ? policy.members[userId] : undefined;
  const candidates = [member, policy.generalAccess === "none" ? undefined : policy.generalAccess];
  let best: Role | null = null;
  for (const role of candidates) if (role !== undefined && !atLeast(best, role)) best = role;
  return best;
}
