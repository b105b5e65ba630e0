/**
 * The mail module (issue 22): mail leaves through the queue, the development outbox answers
 * only outside production, the Resend adapter makes the documented call, and no log line
 * carries an address or a link's token.
 */
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mailSender, RESEND_ENDPOINT } from "../../src/mail/providers";
import { renderMail } from "../../src/mail/templates";
import { Browser, ownNetwork, signUp } from "./browser";
import { BASE } from "./client";
import { mailsTo, nextMail, tokenOf, verifyEmail } from "./outbox";

afterEach(() => vi.restoreAllMocks());

describe("the development outbox", () => {
  it("lists an address's mail newest first", async () => {
    const ada = await signUp("Ada Outbox", { verified: false });
    await ada.fetch("/api/auth/verify/resend", { method: "POST" });
    await nextMail(ada.user!.email, "/verify", 2);
    const [newest, oldest] = await mailsTo(ada.user!.email);
    expect(Date.parse(newest!.sentAt)).toBeGreaterThanOrEqual(Date.parse(oldest!.sentAt));
    expect(tokenOf(newest!)).not.toBe(tokenOf(oldest!));
    // A verification mail has no extra headers (the digest's are in digests.test.ts).
    expect(newest!.headers).toEqual({});
    // The newest link is the one that works.
    expect(
      (await ada.fetch("/api/auth/verify", { method: "POST", json: { token: tokenOf(newest!) }, headers: { "CF-Connecting-IP": ownNetwork() } })).status,
    ).toBe(200);
    expect(await mailsTo(`nobody-${crypto.randomUUID()}@example.com`)).toEqual([]);
  });

  it("needs an address, and does not exist whenever ENVIRONMENT is production", async () => {
    expect((await exports.default.fetch(`${BASE}/api/dev/outbox`)).status).toBe(400);
    const { app } = await import("../../src/app");
    const ask = (ENVIRONMENT: string | undefined) => app.fetch(new Request(`${BASE}/api/dev/outbox?to=a@example.com`), { ...env, ENVIRONMENT });
    for (const ENVIRONMENT of ["production", undefined]) {
      const res = await ask(ENVIRONMENT);
      expect(res.status, String(ENVIRONMENT)).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
    }
    expect((await ask("development")).status).toBe(200);
  });
});

describe("the Resend adapter", () => {
  it("POSTs the rendered mail with the key, the sender and the mail's id as idempotency key", async () => {
    const mail = renderMail({ kind: "reset", to: "reader@example.com", name: "Reader", token: "T".repeat(43) }, "https://rooms.example");
    const send = mailSender({ provider: "resend", apiKey: "re_test_key", from: "Rooms <rooms@example.com>" }, env.DB);
    const id = `mail_${crypto.randomUUID()}`;
    expect(await send(mail, id)).toEqual({ ok: true });
    const path = new URL(RESEND_ENDPOINT).pathname;
    const records = (await (await env.RECEIVER.fetch(`https://receiver.test/__log${path}`)).json()) as Array<{
      method: string;
      url: string;
      headers: Record<string, string>;
      body: string;
    }>;
    const call = records.find((r) => r.headers["idempotency-key"] === id)!;
    expect(call).toMatchObject({ method: "POST", url: RESEND_ENDPOINT, headers: { authorization: "Bearer re_test_key", "content-type": "application/json" } });
    expect(JSON.parse(call.body)).toEqual({
      from: "Rooms <rooms@example.com>",
      to: ["reader@example.com"],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    });
  });
});

describe("logs", () => {
  it("never carry an address or a token through signup, verification, invitation and reset", async () => {
    const lines: string[] = [];
    for (const level of ["log", "info", "warn", "error"] as const) vi.spyOn(console, level).mockImplementation((...args) => void lines.push(args.join(" ")));
    const owner = await signUp("Quiet owner");
    const guest = await signUp("Quiet guest", { verified: false });
    const room = (await (await owner.fetch("/api/rooms", { method: "POST", json: {} })).json()) as { room: { id: string } };
    await owner.fetch(`/api/rooms/${room.room.id}/members`, { method: "PUT", json: { email: guest.user!.email, role: "viewer" } });
    const invitation = tokenOf(await nextMail(guest.user!.email, "/invitation"));
    await verifyEmail(guest);
    await new Browser().fetch("/api/auth/forgot", { method: "POST", json: { email: guest.user!.email }, headers: { "CF-Connecting-IP": ownNetwork() } });
    const reset = tokenOf(await nextMail(guest.user!.email, "/reset"));
    const tokens = [invitation, reset, ...(await mailsTo(guest.user!.email)).map(tokenOf)];
    expect(lines.some((l) => l.includes('"mail_sent"'))).toBe(true);
    for (const secret of [owner.user!.email, guest.user!.email, ...tokens]) {
      expect(lines.filter((l) => l.includes(secret))).toEqual([]);
    }
  });
});
