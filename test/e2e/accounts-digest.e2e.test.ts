/**
 * A mention of someone offline produces one digest mail (issue 22), in real Chromium against
 * `wrangler dev` with a 2-second digest window: Ada shares a room with Bob while he has no page
 * open and his first digest tells him; she mentions him, Bob's outbox gets one mail whose link
 * opens the room for him, the next window mails only what is new, and the mail's one-click
 * unsubscribe (as a mail client POSTs it) turns them off.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Person } from "./chromium";
import { freePort } from "./dev-server";
import { awaitMails, type Mail } from "./outbox";
import { caretToEnd, docText, editor, newRoom, shareWith } from "./room-page";
import { chromiumTestbed } from "./testbed";

// Digests are sent from the queue, with no request to take an origin from: PUBLIC_URL names it.
const port = await freePort();
const bed = chromiumTestbed({ ada: "Ada Mentions", bob: "Bob Away" }, { port, vars: { DIGEST_DELAY_SECONDS: "2", PUBLIC_URL: `http://127.0.0.1:${port}` } });

const panel = (page: Page) => page.getByRole("complementary", { name: "Comments" });
const isDigest = (m: Mail) => / for you in edge-rooms$/.test(m.subject);

/** Types `text` into a comment box, mentioning Bob through the picker, and sends it. */
async function commentMentioningBob(page: Page, box: Locator, text: string): Promise<void> {
  await box.pressSequentially(`${text} @Bo`);
  const option = page.getByRole("option", { name: /Bob Away/ });
  await expect.poll(() => option.isVisible(), { timeout: 10_000 }).toBe(true);
  await option.click();
  await box.press("Enter");
  await expect.poll(() => panel(page).locator(".thread").first().textContent()).toContain(`${text} @Bob Away`);
}

/** Bob has no page of the app open: nothing shows him a badge, so what he misses is mailed. */
const leave = (person: Person) => person.page.goto("about:blank");

describe("mail digests in the browser", () => {
  it("sharing with someone offline and mentioning them → one digest mail each, with working links, only what is new in the next, and a working one-click unsubscribe", async () => {
    const roomPath = await newRoom(bed.ada, "document");
    const roomLink = `${bed.server.url}${roomPath}`;
    await bed.ada.page.getByLabel("Title").fill("Launch plan");
    await bed.ada.page.getByLabel("Title").press("Enter");
    await caretToEnd(bed.ada.page);
    await bed.ada.page.keyboard.type("Ship on Monday");
    // Bob is away when Ada shares the room: his first digest tells him, before any comment.
    await leave(bed.bob);
    await shareWith(bed.ada, bed.bob.email, "Can comment");
    const [shared] = await awaitMails(bed.server, bed.bob.email, isDigest);
    expect(shared!.subject).toBe("1 new room for you in edge-rooms");
    expect(shared!.text).toContain('Ada Mentions shared "Launch plan" with you');
    expect(shared!.links).toContain(roomLink);

    // Ada selects "Monday" and comments on it, mentioning Bob.
    await caretToEnd(bed.ada.page);
    for (let i = 0; i < 6; i++) await bed.ada.page.keyboard.press("Shift+ArrowLeft");
    await expect.poll(() => bed.ada.page.evaluate(() => getSelection()?.toString())).toBe("Monday");
    await bed.ada.page.getByRole("button", { name: "Comment", exact: true }).click();
    await commentMentioningBob(bed.ada.page, panel(bed.ada.page).getByRole("textbox", { name: /Add a comment/ }), "Can you check the date?");

    const [first] = await awaitMails(bed.server, bed.bob.email, isDigest, 2);
    expect(first!.subject).toBe("1 new comment for you in edge-rooms");
    expect(first!.text).toContain('Ada Mentions mentioned you in "Launch plan": Can you check the date? @Bob Away');
    expect(first!.text).not.toContain('shared "Launch plan"');
    expect(first!.links).toContain(roomLink);

    // The link opens the room for Bob, with Ada's text and her comment.
    await bed.bob.page.goto(roomLink);
    await expect.poll(() => docText(bed.bob.page)).toBe("Ship on Monday");
    await expect.poll(() => panel(bed.bob.page).locator(".thread").first().textContent()).toContain("Can you check the date?");
    expect(await editor(bed.bob.page).getAttribute("contenteditable")).toBe("false");

    // Bob leaves again; Ada's reply mentioning him opens the next window. Its mail is the
    // third digest in all, with only the reply: each window sent exactly one.
    await leave(bed.bob);
    await panel(bed.ada.page).locator(".thread").first().click();
    await commentMentioningBob(bed.ada.page, panel(bed.ada.page).getByRole("textbox", { name: "Reply…" }), "And the venue?");
    const found = await awaitMails(bed.server, bed.bob.email, isDigest, 3);
    expect(found.map((m) => m.subject)).toEqual(["1 new comment for you in edge-rooms", first!.subject, shared!.subject]);
    expect(found[0]!.text).toContain("And the venue? @Bob Away");
    expect(found[0]!.text).not.toContain("Can you check the date?");

    // The one-click unsubscribe, as a mail client makes it (RFC 8058): a POST, no cookie.
    const { "List-Unsubscribe": header, "List-Unsubscribe-Post": post } = found[0]!.headers;
    expect(post).toBe("List-Unsubscribe=One-Click");
    const unsubscribeUrl = header!.replace(/^<|>$/g, "");
    expect(new URL(unsubscribeUrl).origin).toBe(bed.server.url);
    const res = await fetch(unsubscribeUrl, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: post });
    expect(res.status).toBe(204);

    // Bob's account page shows digests off.
    await bed.bob.page.goto("/account");
    const digests = bed.bob.page.getByLabel("Mail me mentions, replies and rooms shared with me that I have not seen here");
    await expect.poll(async () => (await digests.isEnabled()) && !(await digests.isChecked())).toBe(true);
  });
});
