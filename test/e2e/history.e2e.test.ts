/**
 * The history panel's edits in real Chromium against `wrangler dev`: two people write, the
 * timeline names them, a session's changes are highlighted in its author's colour (deletions
 * struck through), two sessions compare, and "Restore this point" brings back the text as it
 * was, live for the other person; a viewer sees who wrote each paragraph in the margin, kept
 * up with the live document. Sessions end after a pause of HISTORY_SESSION_GAP_SECONDS,
 * short here so that two sessions take seconds rather than minutes.
 */
import { describe, expect, it } from "vitest";
import { drag, tool } from "./board-page";
import { type Person, screenshot } from "./chromium";
import { caretToEnd, docText, editor, newRoom, openRoom, shareWith, status } from "./room-page";
import { chromiumTestbed } from "./testbed";

/** Long enough for one person to pick up where the other stopped within a session, even under load. */
const SESSION_GAP_SECONDS = 10;

const bed = chromiumTestbed({ ada: "Ada Lovelace", bob: "Bob Stone", cy: "Cy Reader" }, { vars: { HISTORY_SESSION_GAP_SECONDS: String(SESSION_GAP_SECONDS) } });

/** How long a round trip may take on a loaded machine (2 cores shared by several test runs). */
const ROUND_TRIP = { timeout: 10_000 };

/** Lets a pause longer than the session gap pass, so that the next edit starts a new session. */
const pauseBetweenSessions = () => new Promise((resolve) => setTimeout(resolve, (SESSION_GAP_SECONDS + 1) * 1000));

/** `person` types `text` at the end of the document; it is saved, and `other` sees it. */
async function writeAtEnd(person: Person, other: Person, text: string): Promise<void> {
  await caretToEnd(person.page);
  await person.page.keyboard.type(text);
  await expect.poll(() => docText(other.page), ROUND_TRIP).toContain(text);
  await expect.poll(() => status(person.page).textContent(), ROUND_TRIP).toBe("Connected·Saved");
}

describe("the history panel's edits", () => {
  it("names who wrote what and highlights a session's insertions in each author's colour", { timeout: 120_000 }, async () => {
    const path = await newRoom(bed.ada, "document");
    await shareWith(bed.ada, bed.bob.email, "Can edit");
    await openRoom(bed.bob, path);
    await editor(bed.ada.page).click();
    await bed.ada.page.keyboard.type("Ada drafts the agenda.");
    await expect.poll(() => docText(bed.bob.page)).toContain("Ada drafts the agenda.");
    await caretToEnd(bed.bob.page);
    await bed.bob.page.keyboard.type(" Bob adds a venue.");
    await expect.poll(() => docText(bed.ada.page)).toContain("Bob adds a venue.");
    for (const person of [bed.ada, bed.bob]) await expect.poll(() => status(person.page).textContent()).toBe("Connected·Saved");

    // Ada and Bob edited within minutes of each other: one session, naming both.
    await bed.ada.page.getByRole("button", { name: "History" }).click();
    const edits = bed.ada.page.getByRole("list", { name: "Edits" });
    await expect.poll(() => edits.textContent()).toContain("Bob Stone");
    expect(await edits.textContent()).toContain("Ada Lovelace");
    await edits.getByRole("button", { name: /Bob Stone/ }).click();

    const preview = bed.ada.page.locator(".preview");
    const inserted = preview.locator("ins.change-insert");
    await expect.poll(() => inserted.count()).toBeGreaterThan(1);
    const byAuthor = async (text: string) => (await preview.locator("ins.change-insert", { hasText: text }).first().getAttribute("title")) ?? "";
    expect(await byAuthor("drafts the agenda")).toMatch(/^Added by Ada Lovelace/);
    expect(await byAuthor("Bob adds a venue")).toMatch(/^Added by Bob Stone/);
    // Each author in their own colour, the legend naming both.
    const colours = await inserted.evaluateAll((els) => [...new Set(els.map((el) => getComputedStyle(el).borderBottomColor))]);
    expect(colours.length).toBe(2);
    expect(await preview.locator(".changes-legend").textContent()).toMatch(/Ada Lovelace.*Bob Stone|Bob Stone.*Ada Lovelace/);
    expect(await preview.getByRole("button", { name: "Restore this point" }).isEnabled()).toBe(true);
    await screenshot(bed.ada.page, "history-session-changes");
    await preview.getByRole("button", { name: "Back to live" }).click();
    expect(await preview.count()).toBe(0);
  });

  it("compares two picked sessions and restores the point after them, live for both people", { timeout: 150_000 }, async () => {
    const path = await newRoom(bed.ada, "document");
    await shareWith(bed.ada, bed.bob.email, "Can edit");
    await openRoom(bed.bob, path);
    await writeAtEnd(bed.ada, bed.bob, "First draft.");
    await pauseBetweenSessions();
    await writeAtEnd(bed.bob, bed.ada, " Bob adds more.");
    await pauseBetweenSessions();
    await writeAtEnd(bed.ada, bed.bob, " Ada ends it.");

    // Three sessions, newest first: Ada, Bob, Ada. Compare the oldest two.
    await bed.ada.page.getByRole("button", { name: "History" }).click();
    const sessions = bed.ada.page.getByRole("list", { name: "Edits" }).getByRole("listitem");
    await expect.poll(() => sessions.count(), ROUND_TRIP).toBe(3);
    expect(await sessions.allTextContents()).toEqual([
      expect.stringContaining("Ada Lovelace"),
      expect.stringContaining("Bob Stone"),
      expect.stringContaining("Ada Lovelace"),
    ]);
    const compare = bed.ada.page.getByRole("button", { name: "Compare selected" });
    expect(await compare.isDisabled()).toBe(true);
    await sessions.nth(2).getByRole("checkbox").check();
    await sessions.nth(1).getByRole("checkbox").check();
    await compare.click();

    // What the two sessions wrote, each by its author; the later session's text is not there.
    const preview = bed.ada.page.locator(".preview");
    await expect.poll(() => preview.locator(".changes-body").textContent(), ROUND_TRIP).toBe("First draft. Bob adds more.");
    const titleOf = (text: string) => preview.locator("ins.change-insert", { hasText: text }).getAttribute("title");
    expect(await titleOf("First draft.")).toMatch(/^Added by Ada Lovelace/);
    expect(await titleOf("Bob adds more.")).toMatch(/^Added by Bob Stone/);
    expect(await preview.locator("del").count()).toBe(0);
    await screenshot(bed.ada.page, "history-compare-sessions");

    // Restoring the point after Bob's session takes Ada's ending away, for both of them.
    await preview.getByRole("button", { name: "Restore this point" }).click();
    await expect.poll(() => bed.ada.page.getByRole("status").filter({ hasText: "Restored for everyone" }).count()).toBe(1);
    expect(await preview.count()).toBe(0);
    for (const person of [bed.ada, bed.bob]) {
      await expect.poll(() => docText(person.page), ROUND_TRIP).toBe("First draft. Bob adds more.");
      await expect.poll(() => status(person.page).textContent(), ROUND_TRIP).toBe("Connected·Saved");
    }
  });

  it("shows a viewer who wrote each paragraph in the margin, following the live document", { timeout: 120_000 }, async () => {
    const path = await newRoom(bed.ada, "document");
    await shareWith(bed.ada, bed.bob.email, "Can edit");
    await shareWith(bed.ada, bed.cy.email, "Can view");
    await openRoom(bed.bob, path);
    await openRoom(bed.cy, path);
    await writeAtEnd(bed.ada, bed.bob, "Ada writes the plan.");
    await caretToEnd(bed.bob.page);
    await bed.bob.page.keyboard.type(" Bob too.");
    await bed.bob.page.keyboard.press("Enter");
    await writeAtEnd(bed.bob, bed.cy, "Bob writes a second paragraph.");

    // Cy may only view, and turns the margin on from the history panel.
    await bed.cy.page.getByRole("button", { name: "History" }).click();
    await bed.cy.page.getByRole("checkbox", { name: "Show who wrote each paragraph" }).check();
    const marks = bed.cy.page.locator(".author-mark");
    await expect.poll(() => marks.count(), ROUND_TRIP).toBe(2);
    expect(await marks.nth(0).getAttribute("title")).toBe("Written by Ada Lovelace (20 characters) and Bob Stone (9 characters)");
    expect(await marks.nth(1).getAttribute("title")).toBe("Written by Bob Stone (30 characters)");
    expect(await marks.nth(1).getAttribute("aria-label")).toBe("Written by Bob Stone (30 characters)");
    // Each mark stands beside its paragraph, left of the text; the first in both authors' colours.
    const paragraphs = editor(bed.cy.page).locator(":scope > p");
    for (const i of [0, 1]) {
      const [mark, text] = [(await marks.nth(i).boundingBox())!, (await paragraphs.nth(i).boundingBox())!];
      expect(Math.abs(mark.y - text.y)).toBeLessThan(2);
      expect(mark.x + mark.width).toBeLessThan(text.x);
    }
    const shares = await marks
      .nth(0)
      .locator(".author-share")
      .evaluateAll((els) => els.map((el) => getComputedStyle(el).backgroundColor));
    expect(new Set(shares).size).toBe(2);

    // A paragraph Ada adds gets its mark on Cy's screen once her editing pauses.
    await caretToEnd(bed.ada.page);
    await bed.ada.page.keyboard.press("Enter");
    await writeAtEnd(bed.ada, bed.cy, "Ada adds a third.");
    await expect.poll(() => marks.count(), ROUND_TRIP).toBe(3);
    await expect.poll(() => marks.nth(2).getAttribute("title")).toBe("Written by Ada Lovelace (17 characters)");
    await screenshot(bed.cy.page, "history-author-margin");
    await bed.cy.page.getByRole("checkbox", { name: "Show who wrote each paragraph" }).uncheck();
    expect(await marks.count()).toBe(0);
  });

  it("outlines the objects each person added to a board in their colour", { timeout: 120_000 }, async () => {
    const path = await newRoom(bed.ada, "whiteboard");
    await shareWith(bed.ada, bed.bob.email, "Can edit");
    await openRoom(bed.bob, path);
    await tool(bed.ada.page, "Rectangle (R)");
    await drag(bed.ada.page, [-300, -150], [-120, -40]);
    await tool(bed.bob.page, "Ellipse (O)");
    await drag(bed.bob.page, [60, 40], [200, 140]);
    for (const person of [bed.ada, bed.bob]) {
      await expect.poll(() => person.page.locator(".board-surface .board-object").count()).toBe(2);
      await expect.poll(() => status(person.page).textContent()).toBe("Connected·Saved");
    }

    await bed.ada.page.getByRole("button", { name: "History" }).click();
    const edits = bed.ada.page.getByRole("list", { name: "Edits" });
    await expect.poll(() => edits.textContent()).toContain("Bob Stone");
    await edits.getByRole("button", { name: /Bob Stone/ }).click();
    const added = bed.ada.page.locator(".preview .board-object.change-insert");
    await expect.poll(() => added.count()).toBe(2);
    expect((await added.locator("title").allTextContents()).sort()).toEqual(["Added by Ada Lovelace", "Added by Bob Stone"]);
    await screenshot(bed.ada.page, "history-board-changes");
  });
});
