/**
 * Keeping the cookie session alive from a page. Tokens are HttpOnly: a page never sees
 * them, it only asks the server to rotate them (POST /api/auth/refresh).
 */

/** Sends the visitor to sign in, and back here afterwards. */
export function goToSignIn(): void {
  const here = location.pathname + location.search;
  location.assign(`/signin?next=${encodeURIComponent(here)}`);
}

let refreshing: Promise<boolean> | null = null;

/**
 * Gets a fresh access cookie; false when the session is over (sign in again). A refresh
 * token works once and presenting a used one ends the session, so at most one refresh runs
 * per browser: one per tab through the shared promise, one across tabs through a Web Lock,
 * inside which a tab first checks whether another tab already refreshed. Network failures
 * reject: being offline does not end a session.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= withBrowserLock(async () => {
    if ((await fetch("/api/me")).ok) return true;
    return (await fetch("/api/auth/refresh", { method: "POST" })).ok;
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

function withBrowserLock<T>(task: () => Promise<T>): Promise<T> {
  return navigator.locks ? (navigator.locks.request("edge-rooms-session-refresh", task) as Promise<T>) : task();
}
