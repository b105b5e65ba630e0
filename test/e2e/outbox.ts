/** Reading mail in the browser tests: the dev server's outbox (`GET /api/dev/outbox`), as a person reads their inbox. */
import type { DevServer } from "./dev-server";

interface Mail {
  subject: string;
  links: string[];
}

/** Waits (at most 20 s) for the `count`-th mail to `email` with a link to `path`, and returns that link. */
export async function mailedLink(server: Pick<DevServer, "url">, email: string, path: string, count = 1): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(email)}`);
    if (res.status !== 200) throw new Error(`outbox: ${res.status} ${await res.text()}`);
    const links = ((await res.json()) as { mails: Mail[] }).mails.flatMap((m) => m.links).filter((l) => new URL(l).pathname === path);
    if (links.length >= count) return links[0]!;
    if (Date.now() > deadline) throw new Error(`no mail to ${email} with a ${path} link within 20 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The token of a mailed link (in its fragment). */
export const tokenOfLink = (link: string) => new URLSearchParams(new URL(link).hash.slice(1)).get("token")!;
