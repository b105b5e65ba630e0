/**
 * Budgets for the actions that cost other people something: each account, room, comment,
 * member and webhook is stored, and a comment fans out to the room, to webhooks and to
 * inboxes. A budget is a fixed window counted in D1 by the login throttle's counter
 * (`countAttempts`: one atomic upsert per key, so parallel requests cannot outrun it), under
 * keys of their own (`budget:<name>:<subject>`). Past the budget the request is refused with
 * `429 too_many_requests` and Retry-After (the rest of the window) before anything is written.
 */
import { ApiError } from "../errors";
import { clientNetwork } from "../net/ip";
import { type AttemptRecord, countAttempts } from "../storage/accounts";

export interface Budget {
  /** Requests allowed per window. */
  allowed: number;
  windowMs: number;
  /** What the refusal says there were too many of. */
  what: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The budgets (docs/api.md, docs/security.md). Generous for people, small for scripts:
 * a class signing up behind one address, a busy editor's day of rooms, a lively discussion.
 */
export const BUDGETS = {
  /** Per client network (an IPv4 address or an IPv6 /64): new accounts. */
  signup: { allowed: 20, windowMs: HOUR, what: "sign-ups from this network" },
  /** Per account: new rooms. */
  rooms: { allowed: 60, windowMs: HOUR, what: "new rooms" },
  /** Per account: new threads, replies and comment edits, in every room together. */
  comments: { allowed: 120, windowMs: 10 * MINUTE, what: "comments" },
  /** Per account: members added, changed or removed, in every room together. */
  members: { allowed: 120, windowMs: HOUR, what: "member changes" },
  /** Per account: files uploaded, in every room together. */
  files: { allowed: 300, windowMs: HOUR, what: "file uploads" },
  /** Per account: webhook endpoints registered, in every room together. */
  webhooks: { allowed: 20, windowMs: HOUR, what: "webhook registrations" },
  /** Per account: API tokens created. */
  tokens: { allowed: 20, windowMs: HOUR, what: "new API tokens" },
  /** Per address: mail the Worker sends it (verification, password reset, invitations), whoever asks. */
  mailToAddress: { allowed: 5, windowMs: HOUR, what: "mails to this address" },
  /** Per address: notices to an account's owner that someone tried to sign up with its address (never refused: past it, no notice). */
  accountExistsMails: { allowed: 3, windowMs: DAY, what: "notices of sign-ups with this address" },
  /** Per account: verification mails asked for again. */
  verificationMails: { allowed: 5, windowMs: HOUR, what: "verification mails" },
  /** Per client network: password resets asked for, for any address. */
  passwordResets: { allowed: 20, windowMs: HOUR, what: "password resets from this network" },
  /** Per client network, and per account where there is one: mailed links checked (verify, reset, accept). */
  tokenChecks: { allowed: 30, windowMs: 10 * MINUTE, what: "link checks" },
  /** Per client network: sign-ins with an identity provider (each checks a code and an ID token); a whole office may share one network. */
  oidcSignIns: { allowed: 100, windowMs: 10 * MINUTE, what: "sign-ins with an identity provider from this network" },
} as const satisfies Record<string, Budget>;

export type BudgetName = keyof typeof BUDGETS;

/** Seconds to wait before the window of `record` (this request counted) admits another; 0: go ahead. */
export function budgetWait(record: AttemptRecord, now: number, budget: Budget): number {
  if (record.failures <= budget.allowed) return 0;
  return Math.max(1, Math.ceil((record.firstAt + budget.windowMs - now) / 1000));
}

/** Counts one request against `subject`'s budget; throws `429 too_many_requests` with Retry-After past it. */
export async function spendBudget(db: D1Database, name: BudgetName, subject: string, now = Date.now()): Promise<void> {
  const budget: Budget = BUDGETS[name];
  const [record] = await countAttempts(db, [`budget:${name}:${subject}`], now, [budget.windowMs]);
  const wait = budgetWait(record!, now, budget);
  if (wait > 0) throw new ApiError("too_many_requests", `too many ${budget.what}: try again later`, { headers: { "Retry-After": String(wait) } });
}

/** The subject of a per-network budget: the client's network, as login throttling keys it. */
export const networkOf = (clientAddress: string | undefined) => clientNetwork(clientAddress ?? "unknown");
