/**
 * The session running out under an open editor, in real Chromium against `wrangler dev` with
 * access tokens that live 12 seconds: the room closes each socket with 4401 when its token
 * expires, the page refreshes its cookie and reconnects, and nobody notices. A session ended
 * in another tab (sign out) sends the page to sign in instead of retrying forever.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { caretToEnd, docText, editor, newRoom, openRoom, shareWith, status } from "./room-page";
import { chromiumTestbed } from "./testbed";

const TTL_SECONDS = 12;

const bed = chromiumTestbed({ ada: "Ada Lovelace", bob: "Bob Stone" }, { vars: { ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS) } });

beforeAll(async () => {
  // Every close code the pages' sockets receive, as the page itself sees them.
  for (const person of [bed.ada, bed.bob]) {
    await person.context.addInitScript(() => {
      const Native = window.WebSocket;
      const closes: number[] = ((window as unknown as { socketCloses: number[] }).socketCloses = []);
      window.WebSocket = class extends Native {
        constructor(...args: ConstructorParameters<typeof WebSocket>) {
          super(...args);
          this.addEventListener("close", (event) => closes.push(event.code));
        }
      };
    });
  }
});

const socketCloses = (page: Page) => page.evaluate(() => (window as unknown as { socketCloses: number[] }).socketCloses);

/** Starts recording the connection indicator's states with their times. */
function recordConnection(page: Page): Promise<void> {
  return page.evaluate(() => {
    const el = document.getElementById("status")!;
    const states: Array<[number, string]> = ((window as unknown as { connectionStates: Array<[number, string]> }).connectionStates = [
      [performance.now(), el.dataset.connection!],
    ]);
    new MutationObserver(() => states.push([performance.now(), el.dataset.connection!])).observe(el, {
      attributes: true,
      attributeFilter: ["data-connection"],
    });
  });
}

/** The states the indicator went through, and the longest time (ms) it did not say "connected". */
async function connectionHistory(page: Page): Promise<{ states: string[]; longestGap: number }> {
  const log = await page.evaluate(() => [
    ...(window as unknown as { connectionStates: Array<[number, string]> }).connectionStates,
    [performance.now(), "end"] as [number, string],
  ]);
  let longestGap = 0;
  let since: number | null = null;
  for (const [at, state] of log) {
    if (state !== "connected" && since === null) since = at;
    if ((state === "connected" || state === "end") && since !== null) {
      longestGap = Math.max(longestGap, at - since);
      since = null;
    }
  }
  return { states: log.map(([, state]) => state), longestGap };
}

/** Counts the page's calls to POST /api/auth/refresh from now on. */
function countRefreshes(page: Page): () => number {
  let count = 0;
  page.on("request", (req) => void (req.method() === "POST" && new URL(req.url()).pathname === "/api/auth/refresh" && count++));
  return () => count;
}

describe(`access tokens that live ${TTL_SECONDS} s`, () => {
  let path: string;

  it("the editor stays connected through several expiries: the page refreshes its cookie, reconnects, and every word typed reaches the other person", {
    timeout: 150_000,
  }, async () => {
    path = await newRoom(bed.ada, "document");
    await shareWith(bed.ada, bed.bob.email, "Can edit");
    await openRoom(bed.bob, path);
    const refreshes = [countRefreshes(bed.ada.page), countRefreshes(bed.bob.page)];
    for (const person of [bed.ada, bed.bob]) await recordConnection(person.page);

    // A rename reaches Bob by itself, without him leaving or refocusing the tab (~20 s).
    await bed.ada.page.getByLabel("Title").fill("Night shift notes");
    await bed.ada.page.getByLabel("Title").press("Enter");
    // Each types into a paragraph of their own, a word at a time, for more than three lifetimes.
    await editor(bed.ada.page).click();
    await bed.ada.page.keyboard.type("Ada:");
    await expect.poll(() => docText(bed.bob.page)).toBe("Ada:");
    await caretToEnd(bed.bob.page);
    await bed.bob.page.keyboard.press("Enter");
    await bed.bob.page.keyboard.type("Bob:");
    // Both paragraphs exist on both sides before either types on: a split typed at the same moment
    // as the other's words may order the paragraphs either way, which is Yjs's right, not a fault.
    await expect.poll(() => docText(bed.ada.page)).toBe("Ada:Bob:");
    let adaTyped = "Ada:";
    let bobTyped = "Bob:";
    const started = Date.now();
    for (let i = 0; Date.now() - started < 3.5 * TTL_SECONDS * 1000; i++) {
      await bed.ada.page.keyboard.type(` a${i}`);
      await bed.bob.page.keyboard.type(` b${i}`);
      adaTyped += ` a${i}`;
      bobTyped += ` b${i}`;
      await bed.ada.page.waitForTimeout(700);
    }

    for (const person of [bed.ada, bed.bob]) {
      await expect.poll(() => docText(person.page), { timeout: 20_000 }).toBe(adaTyped + bobTyped);
      await expect.poll(() => status(person.page).textContent(), { timeout: 20_000 }).toBe("Connected·Saved");
      // The room really closed the sockets for expiry, three times or more, and nothing else.
      const closes = await socketCloses(person.page);
      expect(closes.filter((code) => code === 4401).length).toBeGreaterThanOrEqual(3);
      expect(closes.filter((code) => code !== 4401)).toEqual([]);
      // Never an error, never a notice, and back within a few seconds each time.
      const { states, longestGap } = await connectionHistory(person.page);
      expect(states).not.toContain("ended");
      expect(states).toContain("reconnecting");
      expect(longestGap).toBeLessThan(3_000);
      expect(await person.page.locator("#notice").isHidden()).toBe(true);
    }
    // One refresh per expiry, not a storm.
    for (const count of refreshes) {
      expect(count()).toBeGreaterThanOrEqual(3);
      expect(count()).toBeLessThanOrEqual(6);
    }
    expect(await bed.bob.page.getByLabel("Title").inputValue()).toBe("Night shift notes");
    expect(await bed.bob.page.title()).toBe("Night shift notes · edge-rooms");
    // A reload shows all of it from the server.
    await bed.bob.page.reload();
    await expect.poll(() => docText(bed.bob.page)).toBe(adaTyped + bobTyped);
  });

  it("signing out in another tab ends the session: at the next expiry the page goes to sign in, once", { timeout: 90_000 }, async () => {
    const refreshes = countRefreshes(bed.ada.page);
    const other = await bed.ada.context.newPage();
    await other.goto("/");
    await other.getByRole("button", { name: "Sign out" }).click();
    // A request of the page that saw the session end first may take it there with ?next=/.
    await other.waitForURL((url) => url.pathname === "/signin");

    await bed.ada.page.waitForURL((url) => url.pathname === "/signin" && url.searchParams.get("next") === path, { timeout: (TTL_SECONDS + 10) * 1000 });
    await bed.ada.page.getByLabel("Password").waitFor();
    // One refresh attempt per thing that noticed (the socket's 4401, perhaps the title check),
    // then it stays there: no refresh loop, no reconnect.
    const attempts = refreshes();
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(2);
    // It stays there until Bob's token has expired once more: a page that kept retrying (on its
    // reconnect timer, or at its own next expiry) would have done so by then.
    const bobExpiries = async () => (await socketCloses(bed.bob.page)).filter((code) => code === 4401).length;
    const before = await bobExpiries();
    await expect.poll(bobExpiries, { timeout: (TTL_SECONDS + 10) * 1000 }).toBeGreaterThan(before);
    expect(new URL(bed.ada.page.url()).pathname).toBe("/signin");
    expect(refreshes()).toBe(attempts);
    // Bob, whose session is his own, stays connected (through his own expiries).
    await expect.poll(() => status(bed.bob.page).getAttribute("data-connection")).toBe("connected");
  });
});
