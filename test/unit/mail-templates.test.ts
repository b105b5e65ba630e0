/** Each mail's subject, text and HTML (src/mail/templates.ts). */
import { describe, expect, it } from "vitest";
import { renderMail } from "../../src/mail/templates";

const TOKEN = "abc_DEF-123".padEnd(43, "x");

describe("templates", () => {
  it("put each link's token in the fragment, in the text and in the HTML", () => {
    for (const [kind, path] of [
      ["verify", "/verify"],
      ["email", "/verify"],
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

  it("tell an account's owner that someone tried to sign up with the address, linking the reset page and no token", () => {
    const mail = renderMail({ kind: "account_exists", to: "a@example.com", name: "<b>Ada</b>" }, "https://rooms.example");
    expect(mail.subject).toBe("Someone tried to create an account with your address");
    expect(mail.links).toEqual(["https://rooms.example/forgot"]);
    expect(mail.text).toContain("Hello <b>Ada</b>,");
    expect(mail.html).toContain("Hello &lt;b&gt;Ada&lt;/b&gt;,");
    expect(mail.text).toContain("If it was not you, ignore this mail");
  });
});
