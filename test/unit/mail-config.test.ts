/** Which provider sends mail, and where its links point (src/mail/config.ts). */
import { describe, expect, it } from "vitest";
import { readMailConfig, siteUrl } from "../../src/mail/config";

describe("configuration", () => {
  it("uses the outbox outside production, and needs a provider in production", () => {
    expect(readMailConfig({ ENVIRONMENT: "development" })).toEqual({ provider: "outbox" });
    expect(() => readMailConfig({ ENVIRONMENT: "production" })).toThrow("MAIL_PROVIDER is not set");
    expect(() => readMailConfig({})).toThrow("MAIL_PROVIDER is not set");
    expect(() => readMailConfig({ ENVIRONMENT: "production", MAIL_PROVIDER: "outbox" })).toThrow(/development only/);
    expect(() => readMailConfig({ MAIL_PROVIDER: "smtp", ENVIRONMENT: "test" })).toThrow("MAIL_PROVIDER must be one of outbox, resend");
  });

  it("needs Resend's key and a sender, and never names the key's value", () => {
    expect(() => readMailConfig({ ENVIRONMENT: "production", MAIL_PROVIDER: "resend", MAIL_FROM: "a@b.c" })).toThrow("RESEND_API_KEY is not set");
    expect(() => readMailConfig({ ENVIRONMENT: "production", MAIL_PROVIDER: "resend", RESEND_API_KEY: "re_secret" })).toThrow("MAIL_FROM is not set");
    expect(readMailConfig({ ENVIRONMENT: "production", MAIL_PROVIDER: "resend", RESEND_API_KEY: "re_secret", MAIL_FROM: "a@b.c" })).toEqual({
      provider: "resend",
      apiKey: "re_secret",
      from: "a@b.c",
    });
  });

  it("takes links' origin from PUBLIC_URL, and from the request only outside production", () => {
    expect(siteUrl({ PUBLIC_URL: "https://rooms.example/some/path" }, "https://evil.example/x")).toBe("https://rooms.example");
    expect(siteUrl({ ENVIRONMENT: "development" }, "http://localhost:8787/api/auth/signup")).toBe("http://localhost:8787");
    expect(() => siteUrl({ ENVIRONMENT: "production" }, "https://evil.example/x")).toThrow("PUBLIC_URL is not set");
  });
});
