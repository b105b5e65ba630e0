/**
 * The login throttle: guesses are counted per source (client network, and network + email)
 * and per account, so a guesser is slowed while the owner still signs in from elsewhere.
 */
import { describe, expect, it } from "vitest";
import { Browser, errorCode, PASSWORD, signUp } from "./browser";

describe("the login throttle", () => {
  it("throttles repeated failures for one email with 429 and Retry-After, even with the right password", async () => {
    const user = await signUp("Throttled");
    const email = user.user!.email;
    const attempt = (password: string) =>
      new Browser().fetch("/api/auth/login", { method: "POST", json: { email, password }, headers: { "CF-Connecting-IP": "203.0.113.9" } });
    for (let i = 0; i < 5; i++) expect((await attempt("wrong password!")).status).toBe(401);
    const locked = await attempt(PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await errorCode(locked)).toBe("too_many_requests");
  });

  it("counts parallel guesses too: only the allowed number is ever checked", async () => {
    const user = await signUp("Parallel target");
    const guesses = await Promise.all(
      Array.from({ length: 30 }, () =>
        new Browser().fetch("/api/auth/login", {
          method: "POST",
          json: { email: user.user!.email, password: "wrong password!" },
          headers: { "CF-Connecting-IP": "198.51.100.7" },
        }),
      ),
    );
    const statuses = guesses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
  });

  it("throttles the guessing source, not the account: the owner signs in from elsewhere while the guesser waits", async () => {
    const bob = await signUp("Bob");
    const email = bob.user!.email;
    const from = (address: string, password: string) =>
      new Browser().fetch("/api/auth/login", { method: "POST", json: { email, password }, headers: { "CF-Connecting-IP": address } });
    for (let i = 0; i < 5; i++) expect((await from("203.0.113.66", "wrong password!")).status).toBe(401);
    // The guesser is refused, even with the right password, and told how long to wait...
    for (const password of ["wrong password!", PASSWORD]) {
      const refused = await from("203.0.113.66", password);
      expect([refused.status, await errorCode(refused)]).toEqual([429, "too_many_requests"]);
      expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    // ...while Bob, from his own address, gets in; and so does he from another IPv6 network.
    expect((await from("198.51.100.23", PASSWORD)).status).toBe(200);
    expect((await from("2001:db8:1:2::5", PASSWORD)).status).toBe(200);
    const still = await from("203.0.113.66", "wrong password!");
    expect(still.status).toBe(429);
    expect(Number(still.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("keys IPv6 clients by their /64, so one subscriber's many addresses are one source", async () => {
    const user = await signUp("Six");
    const guess = (i: number) =>
      new Browser().fetch("/api/auth/login", {
        method: "POST",
        json: { email: user.user!.email, password: "wrong password!" },
        headers: { "CF-Connecting-IP": `2001:db8:aa:bb::${(i + 1).toString(16)}` },
      });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await guess(i)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it("bounds guesses per account from many sources at once: parallel guesses cannot outrun the budget", async () => {
    const user = await signUp("Distributed target");
    // 120 networks, one guess each, all at once: each source is within its own allowance,
    // but the account checks at most 100 passwords in the window.
    const guesses = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        new Browser().fetch("/api/auth/login", {
          method: "POST",
          json: { email: user.user!.email, password: "wrong password!" },
          headers: { "CF-Connecting-IP": `10.${i >> 8}.${i & 255}.7` },
        }),
      ),
    );
    const statuses = guesses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(100);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    // Over the account's budget, the right password waits too: this is the price of a bound.
    const owner = await new Browser().fetch("/api/auth/login", {
      method: "POST",
      json: { email: user.user!.email, password: PASSWORD },
      headers: { "CF-Connecting-IP": "192.0.2.200" },
    });
    expect(owner.status).toBe(429);
    expect(Number(owner.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("does not lock a shared address out because its users sign in successfully", async () => {
    const users = await Promise.all(Array.from({ length: 25 }, (_, i) => signUp(`Office ${i}`)));
    for (const u of users) {
      const res = await new Browser().fetch("/api/auth/login", {
        method: "POST",
        json: { email: u.user!.email, password: PASSWORD },
        headers: { "CF-Connecting-IP": "192.0.2.44" },
      });
      expect(res.status).toBe(200);
    }
  });
});
