/**
 * Where a page sends a visitor whose session is over. Refreshing the session itself is the
 * client package's (`client.auth.refresh()`, one refresh across tabs).
 */

/** Sends the visitor to sign in, and back here afterwards. */
export function goToSignIn(): void {
  const here = location.pathname + location.search;
  location.assign(`/signin?next=${encodeURIComponent(here)}`);
}
