/**
 * Refreshing the session: one refresh at a time per browser. A refresh token works once and
 * presenting a used one ends the session (docs/api.md), so tabs must not race: one refresh
 * per client through a shared promise, one across tabs through a Web Lock, inside which a
 * tab first asks whether another tab already refreshed. Without Web Locks (Node, older
 * browsers) the shared promise is all there is, which is enough for one process.
 */

/** The two calls a refresh makes, through the client's transport. */
export interface RefreshCalls {
  /** Whether the current access token still works (`GET /api/me`). */
  stillSignedIn(): Promise<boolean>;
  /** `POST /api/auth/refresh`: whether it gave a new access token. */
  refresh(): Promise<boolean>;
}

/** The Web Locks API where the platform has it. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

const LOCK_NAME = "edge-rooms-session-refresh";

function platformLocks(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks;
}

/**
 * A function that refreshes the session once however many callers ask at the same time;
 * it answers false when the session is over (sign in again) and rejects on network failure
 * (being offline does not end a session).
 */
export function sessionRefresher(calls: RefreshCalls, locks: LockManagerLike | undefined = platformLocks()): () => Promise<boolean> {
  let running: Promise<boolean> | null = null;
  const refreshOnce = async () => (await calls.stillSignedIn()) || (await calls.refresh());
  return () => {
    running ??= (locks ? locks.request(LOCK_NAME, refreshOnce) : refreshOnce()).finally(() => {
      running = null;
    });
    return running;
  };
}
