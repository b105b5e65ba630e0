/**
 * Reading mail the way a person would: from the development outbox (`GET /api/dev/outbox`),
 * which the Worker's queue consumer fills. Every wait has a timeout.
 */
import { exports } from "cloudflare:workers";
import { type Browser, ownNetwork } from "./browser";
import { BASE, eventually } from "./client";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  links: string[];
  headers: Record<string, string>;
  sentAt: string;
}

/** The mails to `email`, newest first. */
export async function mailsTo(email: string): Promise<Mail[]> {
  const res = await exports.default.fetch(`${BASE}/api/dev/outbox?to=${encodeURIComponent(email)}`);
  if (res.status !== 200) throw new Error(`outbox: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { mails: Mail[] }).mails;
}

/** Waits for the `count`-th mail to `email` whose link leads to `path` (e.g. "/verify"), and returns it. */
export async function nextMail(email: string, path: string, count = 1): Promise<Mail> {
  let found: Mail[] = [];
  await eventually(
    async () => {
      found = (await mailsTo(email)).filter((m) => m.links.some((l) => new URL(l).pathname === path));
      return found.length >= count;
    },
    `mail number ${count} to ${email} with a ${path} link`,
    10_000,
  );
  return found[0]!;
}

/** The token of a mailed link (it travels in the fragment: `#token=`). */
export function tokenOf(mail: Mail): string {
  const token = new URLSearchParams(new URL(mail.links[0]!).hash.slice(1)).get("token");
  if (!token) throw new Error(`no token in ${mail.links[0]}`);
  return token;
}

/**
 * Confirms `browser`'s address with the link of its `count`-th verification mail, as its owner
 * would: from a network of its own, since checks of links are budgeted per network.
 */
export async function verifyEmail(browser: Browser, count = 1): Promise<void> {
  const mail = await nextMail(browser.user!.email, "/verify", count);
  const res = await browser.fetch("/api/auth/verify", { method: "POST", json: { token: tokenOf(mail) }, headers: { "CF-Connecting-IP": ownNetwork() } });
  if (res.status !== 200) throw new Error(`verify: ${res.status} ${await res.text()}`);
}
