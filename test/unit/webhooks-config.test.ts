import { describe, expect, it } from "vitest";
import { eventsProblem, MAX_RETRY_DELAY_SECONDS, readDeploymentEndpoints, readRetryPolicy, retryDelay, urlProblem } from "../../src/webhooks/config";
import { generateSecret } from "../../src/webhooks/signing";

describe("endpoint URLs", () => {
  it("accepts https to public hosts, and http to this machine only with the development allowance", () => {
    expect(urlProblem("https://hooks.example.com/edge-rooms?team=1", false)).toBeNull();
    for (const url of ["http://localhost:8787/hook", "http://127.0.0.1:9000/", "http://[::1]:9000/"]) {
      expect(urlProblem(url, true)).toBeNull();
      expect(urlProblem(url, false)).toMatch(/https/);
    }
  });

  it("refuses other schemes and hosts, credentials, relative and overlong URLs", () => {
    expect(urlProblem("http://hooks.example.com/", true)).toBe("url must use https");
    expect(urlProblem("ftp://localhost/", true)).toBe("url must use https");
    expect(urlProblem("http://127.0.0.2/", true)).toBe("url must use https");
    expect(urlProblem("https://user:pass@hooks.example.com/", true)).toBe("url must not contain credentials");
    expect(urlProblem("/hook", true)).toBe("url must be an absolute URL");
    expect(urlProblem(`https://example.com/${"a".repeat(2048)}`, true)).toMatch(/at most 2048/);
  });

  it("takes a non-empty list of known event types", () => {
    expect(eventsProblem(["document.updated", "member.added"])).toBeNull();
    expect(eventsProblem([])).toMatch(/non-empty/);
    expect(eventsProblem("member.added")).toMatch(/non-empty/);
    expect(eventsProblem(["member.added", "member.removed"])).toBe('unknown event type "member.removed"');
  });
});

describe("WEBHOOKS, the deployment's endpoints", () => {
  const secret = generateSecret();

  it("reads a JSON list of { url, events, secret }", () => {
    expect(readDeploymentEndpoints({})).toEqual([]);
    const WEBHOOKS = JSON.stringify([{ url: "https://a.example/h", events: ["version.created"], secret }]);
    expect(readDeploymentEndpoints({ WEBHOOKS })).toEqual([{ id: "dep_0", url: "https://a.example/h", events: ["version.created"], secret }]);
  });

  it("throws on a malformed list, naming the entry and never the secret", () => {
    const bad = (entries: unknown, ENVIRONMENT?: string) => () => readDeploymentEndpoints({ WEBHOOKS: JSON.stringify(entries), ENVIRONMENT });
    expect(() => readDeploymentEndpoints({ WEBHOOKS: "{" })).toThrow(/JSON list/);
    expect(bad({ url: "https://a.example" })).toThrow(/JSON list/);
    expect(bad([{ url: "http://localhost:1/h", events: ["member.added"], secret }])).toThrow("WEBHOOKS entry 0: url must be a public https address");
    expect(bad([{ url: "https://10.0.0.1/h", events: ["member.added"], secret }], "development")).toThrow(
      "WEBHOOKS entry 0: url must be a public https address",
    );
    const local = JSON.stringify([{ url: "http://localhost:1/h", events: ["member.added"], secret }]);
    expect(() => readDeploymentEndpoints({ WEBHOOKS: local, ENVIRONMENT: "development", WEBHOOK_ALLOW_PRIVATE_TARGETS: "1" })).not.toThrow();
    expect(bad([{ url: "https://a.example", events: ["nope"], secret }])).toThrow('WEBHOOKS entry 0: unknown event type "nope"');
    const weak = bad([{ url: "https://a.example", events: ["member.added"], secret: "hunter2" }]);
    expect(weak).toThrow(/entry 0: secret must be whsec_/);
    expect(weak).not.toThrow(/hunter2/);
  });
});

describe("retries", () => {
  it("waits twice as long after each failed attempt, up to six hours, then gives up", () => {
    const policy = readRetryPolicy({});
    expect(policy).toEqual({ maxAttempts: 10, baseSeconds: 30 });
    expect([1, 2, 3, 4].map((n) => retryDelay(n, policy))).toEqual([30, 60, 120, 240]);
    expect(retryDelay(9, policy)).toBe(7680);
    expect(retryDelay(10, policy)).toBeNull();
    expect(retryDelay(15, { maxAttempts: 20, baseSeconds: 30 })).toBe(MAX_RETRY_DELAY_SECONDS);
  });

  it("reads its variables strictly", () => {
    expect(readRetryPolicy({ WEBHOOK_MAX_ATTEMPTS: "3", WEBHOOK_RETRY_BASE_SECONDS: "1" })).toEqual({ maxAttempts: 3, baseSeconds: 1 });
    expect(() => readRetryPolicy({ WEBHOOK_MAX_ATTEMPTS: "0" })).toThrow(/WEBHOOK_MAX_ATTEMPTS/);
    expect(() => readRetryPolicy({ WEBHOOK_MAX_ATTEMPTS: "500" })).toThrow(/at most 101/);
    expect(() => readRetryPolicy({ WEBHOOK_RETRY_BASE_SECONDS: "1s" })).toThrow(/WEBHOOK_RETRY_BASE_SECONDS/);
  });
});
