/** Reading mail in the browser tests: the dev server's outbox (`GET /api/dev/outbox`), as a person reads their inbox. */
import type { DevServer } from "./dev-server";

export interface Mail {
  subject: string;
  text: string;
  links: string[];
  /** Extra headers, as a mail client sees them (the digest's List-Unsubscribe). */
  headers: Record<string, string>;
}

/** The mails to `email`, newest first. */
export async function mailsTo(server: Pick<DevServer, "url">, email: string): Promise<Mail[]> {
  const res = await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(email)}`);
  if (res.status !== 200) throw new Error(`outbox: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { mails: Mail[] }).mails;
}

/** Waits (at most `ms`) until at least `count` mails to `email` pass `match`, and returns those, newest first. */
export async function awaitMails(server: Pick<DevServer, "url">, email: string, match: (m: Mail) => boolean, count = 1, ms = 20_000): Promise<Mail[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = (await mailsTo(server, email)).filter(match);
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`${found.length} of ${count} awaited mails to ${email} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits (at most 20 s) for the `count`-th mail to `email` with a link to `path`, and returns that link. */
export async function mailedLink(server: Pick<DevServer, "url">, email: string, path: string, count = 1): Promise<string> {
  const linksTo = (m: Mail) => m.links.filter((l) => new URL(l).pathname === path);
  const mails = await awaitMails(server, email, (m) => linksTo(m).length > 0, count);
  return linksTo(mails[0]!)[0]!;
}

/** The token of a mailed link (in its fragment). */
export const tokenOfLink = (link: string) => new URLSearchParams(new URL(link).hash.slice(1)).get("token")!;
