/** The per-user socket limit (src/room/user-limit.ts): the rule, its answer, the tally relays report. */
import { describe, expect, it } from "vitest";
import { countUser, mayOpenAnother, tooManyConnections } from "../../src/room/user-limit";

describe("the per-user socket limit", () => {
  it("lets a user open sockets up to MAX_CONNECTIONS_PER_USER, and not one more", () => {
    const limits = { maxConnectionsPerUser: 3 };
    expect([0, 1, 2, 3, 4].map((held) => mayOpenAnother(held, limits))).toEqual([true, true, true, false, false]);
  });

  it("answers past it with 429 too_many_connections and when to try again", async () => {
    const res = tooManyConnections();
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("30");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("too_many_connections");
  });

  it("tallies sockets per user", () => {
    const tally = new Map<string, number>();
    for (const user of ["ada", "bob", "ada"]) countUser(tally, user);
    expect(Object.fromEntries(tally)).toEqual({ ada: 2, bob: 1 });
  });
});
