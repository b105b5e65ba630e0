/** The mail module's pure parts: templates, configuration, retry delays. */
import { describe, expect, it } from "vitest";
import { readMailConfig, siteUrl } from "../../src/mail/config";
import { MAIL_MAX_ATTEMPTS, mailRetryDelay } from "../../src/mail/consumer";
import { renderMail } from "../../src/mail/templates";

const TOKEN = "abc_DEF-123".padEnd(43, "x");

describe("templates", () => {
  it("put each link's token in the fragment, in the text and in the HTML", () => {
    for (const [kind, path] of [
      ["verify", "/verify"],
      ["reset", "/reset"],
    ] as const) {
      const mail = renderMail({ kind, to: "a@example.com", name: "Ada", token: TOKEN }, "https://rooms.example");
      expect(mail.links).toEqual([`https://rooms.example${path}#token=${TOKEN}`]);
      expect(mail.text).toContain(mail.links[0]);
      expect(mail.html).toContain(`<a href="${mail.links[0]}">`);
      expect(mail.to).toBe("a@example.com");
    }
  });

  it("escape people's names and titles in the HTML, and keep the subject on one line", () => {
    const mail = renderMail(
      { kind: "invitation", to: "b@example.com", inviter: "<script>x</script>", roomTitle: 'Plans"\r\nBcc: evil@example.com', role: "editor", token: TOKEN },
      "https://rooms.example",
    );
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('<script>x</script> shared "Plans" Bcc: evil@example.com" with you');
    expect(mail.text).toContain("as an editor");
    expect(mail.links).toEqual([`https://rooms.example/invitation#token=${TOKEN}`]);
  });
});

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

describe("retries", () => {
  it("double from 20 seconds until the attempts are spent", () => {
    expect([1, 2, 3].map(mailRetryDelay)).toEqual([20, 40, 80]);
    expect(mailRetryDelay(MAIL_MAX_ATTEMPTS - 1)).toBe(20 * 2 ** (MAIL_MAX_ATTEMPTS - 2));
    expect(mailRetryDelay(MAIL_MAX_ATTEMPTS)).toBeNull();
  });
});
