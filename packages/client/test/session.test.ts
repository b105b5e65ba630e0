import { describe, expect, it } from "vitest";
import { type LockManagerLike, sessionRefresher } from "../src/session";

/** A lock that runs one holder at a time, as the Web Locks API does across tabs. */
function serialLock(): LockManagerLike {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    request<T>(_name: string, callback: () => Promise<T>): Promise<T> {
      const run = tail.then(callback);
      tail = run.catch(() => {});
      return run;
    },
  };
}

/** A server's session as the refresh sees it: a refresh token that works once. */
function session() {
  let accessValid = false;
  let refreshes = 0;
  return {
    get refreshes() {
      return refreshes;
    },
    calls: {
      stillSignedIn: async () => accessValid,
      refresh: async () => {
        refreshes++;
        accessValid = true;
        return true;
      },
    },
  };
}

describe("one session refresh at a time", () => {
  it("shares one refresh between the callers of one client", async () => {
    const s = session();
    const refresh = sessionRefresher(s.calls, undefined);
    expect(await Promise.all([refresh(), refresh(), refresh()])).toEqual([true, true, true]);
    expect(s.refreshes).toBe(1);
  });

  it("lets a second tab see the first one's refresh instead of presenting the used token", async () => {
    const s = session();
    const lock = serialLock();
    // Two tabs: two refreshers (no shared promise), one lock.
    const [tabA, tabB] = [sessionRefresher(s.calls, lock), sessionRefresher(s.calls, lock)];
    expect(await Promise.all([tabA(), tabB()])).toEqual([true, true]);
    expect(s.refreshes).toBe(1);
  });

  it("answers false when the session is over and lets the next call try again", async () => {
    let attempts = 0;
    const refresh = sessionRefresher({ stillSignedIn: async () => false, refresh: async () => (attempts++, false) }, undefined);
    expect(await refresh()).toBe(false);
    expect(await refresh()).toBe(false);
    expect(attempts).toBe(2);
  });
});
