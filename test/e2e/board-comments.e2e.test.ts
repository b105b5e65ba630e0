/**
 * Turned objects and comments pinned on objects, on a shared whiteboard in real Chromium
 * against `wrangler dev`: Ada turns a rectangle and comments on a sticky note; Bob, who may
 * comment, sees the turn and the pin, opens the thread and replies; both stay after a reload.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { click, drag, objects, onPage, tool } from "./board-page";
import { screenshot } from "./chromium";
import { newRoom, openRoom, status } from "./room-page";
import { chromiumTestbed } from "./testbed";

const bed = chromiumTestbed({ ada: "Ada Lovelace", bob: "Bob Stone" });
const panel = (page: Page) => page.getByRole("complementary", { name: "Comments" });
const pin = (page: Page) => page.locator(".comment-pin");
const turn = (page: Page) => objects(page, "rect").locator("rect").getAttribute("transform");

/** Whether the pin stands at the sticky note's top right corner (the pin's own offset: 6 left, 14 up). */
async function pinnedOnNote(page: Page): Promise<boolean> {
  const [note, at] = await Promise.all([objects(page, "sticky").boundingBox(), pin(page).boundingBox()]);
  return note !== null && at !== null && Math.abs(at.x + 6 - (note.x + note.width)) < 2 && Math.abs(at.y + 14 - note.y) < 2;
}

describe("turned objects and comments on a shared whiteboard", () => {
  it("Ada turns a rectangle and comments on a note; Bob sees both, opens the thread and replies; a reload keeps them", { timeout: 150_000 }, async () => {
    const path = await newRoom(bed.ada, "whiteboard");
    await bed.ada.page.getByRole("button", { name: "Share" }).click();
    await bed.ada.page.getByRole("dialog").getByLabel("General access").selectOption("commenter");
    await bed.ada.page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
    await openRoom(bed.bob, path);

    await tool(bed.ada.page, "Rectangle (R)");
    await drag(bed.ada.page, [-300, -150], [-120, -40]);
    await tool(bed.ada.page, "Sticky note (N)");
    await click(bed.ada.page, [100, 0]);
    await bed.ada.page.getByRole("textbox", { name: "Sticky note text" }).fill("Ship it on Friday");
    await bed.ada.page.keyboard.press("Escape");
    await expect.poll(() => objects(bed.bob.page, "sticky").textContent()).toBe("Ship it on Friday");

    // Ada selects the rectangle and drags its rotation grip to the right of its centre: a
    // quarter turn; Shift+L takes 15° back. Bob sees it turned.
    await click(bed.ada.page, [-200, -100]);
    const grip = (await bed.ada.page.locator('.grip[data-handle="rotate"]').boundingBox())!;
    const [cx, cy] = await onPage(bed.ada.page, [-210, -95]);
    await bed.ada.page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await bed.ada.page.mouse.down();
    await bed.ada.page.mouse.move(cx + 200, cy, { steps: 8 });
    await bed.ada.page.mouse.up();
    await expect.poll(() => turn(bed.bob.page)).toMatch(/^rotate\(90 /);
    await bed.ada.page.keyboard.press("Shift+L");
    await expect.poll(() => turn(bed.bob.page)).toMatch(/^rotate\(75 /);

    // A click where the turned rectangle stands now, below its centre (outside where it stood), selects it, outlined turned.
    await bed.ada.page.keyboard.press("Escape");
    await click(bed.ada.page, [-210, -15]);
    await expect.poll(() => bed.ada.page.locator(".selection-layer .outline-mine").getAttribute("transform")).toMatch(/^rotate\(75 /);
    await expect.poll(() => bed.bob.page.locator(".selection-label").getAttribute("data-name")).toBe("Ada Lovelace");

    // Ada selects the note and comments on it.
    await click(bed.ada.page, [150, 60]);
    await bed.ada.page.getByRole("button", { name: "Comment", exact: true }).click();
    const draft = panel(bed.ada.page).getByRole("textbox", { name: /Add a comment/ });
    await draft.pressSequentially("Can we ship on Thursday?");
    await draft.press("Enter");

    // Bob, who only comments, selects with a click, where the turned rectangle stands: he is offered Comment.
    const bobsRect = (await objects(bed.bob.page, "rect").boundingBox())!;
    await bed.bob.page.mouse.click(bobsRect.x + bobsRect.width / 2, bobsRect.y + bobsRect.height / 2);
    await expect.poll(() => bed.bob.page.locator(".selection-layer .outline-mine").getAttribute("transform")).toMatch(/^rotate\(75 /);
    expect(await bed.bob.page.locator(".selection-layer .grip").count()).toBe(0);
    await expect.poll(() => bed.bob.page.getByRole("button", { name: "Comment", exact: true }).isVisible()).toBe(true);
    await bed.bob.page.keyboard.press("Escape");
    await expect.poll(() => bed.bob.page.getByRole("button", { name: "Comment", exact: true }).isHidden()).toBe(true);

    // Bob sees a pin on the note, opens its thread from the pin, and replies.
    await expect.poll(() => pin(bed.bob.page).count(), { timeout: 10_000 }).toBe(1);
    const noteId = await objects(bed.bob.page, "sticky").getAttribute("data-id");
    expect(await pin(bed.bob.page).getAttribute("data-object")).toBe(noteId);
    expect(await panel(bed.bob.page).isHidden()).toBe(true);
    await pin(bed.bob.page).click();
    const thread = panel(bed.bob.page).locator(".thread");
    await expect.poll(() => thread.first().textContent()).toContain("Can we ship on Thursday?");
    expect(await thread.first().locator(".thread-quote").textContent()).toBe("Ship it on Friday");
    await panel(bed.bob.page).getByRole("textbox", { name: "Reply…" }).pressSequentially("Thursday works.");
    await panel(bed.bob.page).getByRole("textbox", { name: "Reply…" }).press("Enter");
    await expect.poll(() => panel(bed.ada.page).locator(".thread").first().textContent()).toContain("Thursday works.");
    await expect.poll(() => pin(bed.ada.page).textContent()).toBe("2");

    // Ada moves the note (her panel is open now, so the board is narrower: found where it shows): the pin follows it on Bob's board.
    const note = (await objects(bed.ada.page, "sticky").boundingBox())!;
    await bed.ada.page.mouse.move(note.x + note.width / 2, note.y + note.height / 2);
    await bed.ada.page.mouse.down();
    await bed.ada.page.mouse.move(note.x + note.width / 2 + 110, note.y + note.height / 2 + 80, { steps: 6 });
    await bed.ada.page.mouse.up();
    await expect.poll(() => pinnedOnNote(bed.bob.page)).toBe(true);
    await expect.poll(() => pinnedOnNote(bed.ada.page)).toBe(true);
    await expect.poll(() => status(bed.ada.page).textContent()).toBe("Connected·Saved");
    await bed.bob.page.mouse.move(10, 10);
    await screenshot(bed.bob.page, "whiteboard-comments");

    // After a reload both see the turned rectangle and the pin with its two comments.
    for (const person of [bed.bob, bed.ada]) {
      await person.page.reload();
      await expect.poll(() => status(person.page).getAttribute("data-connection")).toBe("connected");
      await expect.poll(() => turn(person.page)).toMatch(/^rotate\(75 /);
      await expect.poll(() => pin(person.page).textContent()).toBe("2");
      await expect.poll(() => pinnedOnNote(person.page)).toBe(true);
    }
    await pin(bed.bob.page).click();
    await expect.poll(() => panel(bed.bob.page).locator(".thread").first().textContent()).toContain("Thursday works.");
    await screenshot(bed.bob.page, "whiteboard-comments-reloaded");
  });
});
