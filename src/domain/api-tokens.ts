/**
 * API tokens: secrets an account holder gives a program (a script, a bot, an agent) so it
 * acts for them with at most one role, in every room they have (an account token) or in one
 * room they own (a room token). Plain types and pure rules; secrets and storage live in
 * src/auth/api-tokens.ts and src/storage/api-tokens.ts.
 */
import { capRole, type MemberRole, type Role } from "./rooms";

/** Every secret starts with this, so leaked ones can be found by secret scanners. */
export const API_TOKEN_PREFIX = "ert_";

/** Lifetimes a token may be given, in days. */
export const TOKEN_DAYS = { default: 90, min: 1, max: 365 } as const;

/** The longest name a token may be given. */
export const MAX_TOKEN_NAME = 100;

/** How many unexpired tokens one account may hold. */
export const MAX_TOKENS_PER_ACCOUNT = 100;

/** `lastUsedAt` is written at most this often (ms), so a busy script does not write D1 per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** What a token lets its bearer do. */
export interface TokenScope {
  id: string;
  /** The most it may do in any room. */
  role: MemberRole;
  /** The one room it acts in; null: every room of its owner's. */
  roomId: string | null;
}

/**
 * The role a request made with `scope` has in `roomId`, given the owner's own `role` there:
 * none outside a room token's room, else the owner's role capped at the token's.
 */
export function roleThroughToken(role: Role | null, scope: TokenScope | undefined, roomId: string): Role | null {
  if (scope === undefined) return role;
  if (scope.roomId !== null && scope.roomId !== roomId) return null;
  return capRole(role, scope.role);
}
