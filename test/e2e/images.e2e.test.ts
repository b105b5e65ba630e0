/**
 * Images in documents, in Chromium against `wrangler dev`: picked with the toolbar's button,
 * pasted or dropped, uploaded into the room's files, shown live to the other editor and after a reload,
 * described and resized by one editor for both;
 * a file that is not an image refused with a message; a stranger cannot fetch them.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot } from "./chromium";
import { caretToEnd, drawnPng, editor, newRoom, openRoom, shareWith } from "./room-page";
import { chromiumTestbed } from "./testbed";

const bed = chromiumTestbed({ ada: "Ada Owner", bob: "Bob Editor", cy: "Cy Stranger" });

/** The document's images (not ProseMirror's caret helper after an inline node) as the reader's browser loaded them. */
const pictures = (page: Page) => editor(page).locator("img:not(.ProseMirror-separator)");
const images = (page: Page) =>
  pictures(page).evaluateAll((imgs) => imgs.map((img) => ({ src: img.getAttribute("src") ?? "", loaded: (img as HTMLImageElement).naturalWidth > 0 })));

/** Picks a file with the toolbar's image button. */
async function pickImage(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Insert image" }).click();
  await (await chooser).setFiles(file);
}

describe("images in a document", () => {
  it("go from the picker, the clipboard and a drop into the room's files and show for both, live and after a reload", async () => {
    const path = await newRoom(bed.ada, "document");
    await shareWith(bed.ada, bed.bob.email, "Can edit");
    await openRoom(bed.bob, path);

    await caretToEnd(bed.ada.page);
    await bed.ada.page.keyboard.type("Our launch plan ");
    const card = Buffer.from(await drawnPng(bed.ada.page, "Launch card", "#4f46e5"), "base64");
    await pickImage(bed.ada.page, { name: "launch-card.png", mimeType: "image/png", buffer: card });

    const fileUrl = /^\/api\/rooms\/[^/]+\/files\/[0-9a-f]{64}$/;
    await expect.poll(() => images(bed.bob.page), { timeout: 15_000 }).toEqual([{ src: expect.stringMatching(fileUrl), loaded: true }]);
    expect(await pictures(bed.bob.page).getAttribute("alt")).toBe("launch card");

    // Ada describes and narrows it with the image form; then Bob drags its handle wider. Each sees the other's.
    await pictures(bed.ada.page).click();
    await bed.ada.page.getByRole("button", { name: "Image description and size" }).click();
    await bed.ada.page.getByRole("textbox", { name: "Image description" }).fill("Launch card in purple");
    await bed.ada.page.getByLabel("Image width in pixels").fill("200");
    await bed.ada.page.getByLabel("Image width in pixels").press("Enter");
    const shown = (page: Page) => pictures(page).evaluate((img) => ({ alt: img.getAttribute("alt"), width: img.getAttribute("width") }));
    await expect.poll(() => shown(bed.bob.page)).toEqual({ alt: "Launch card in purple", width: "200" });
    await pictures(bed.bob.page).click();
    const handle = (await editor(bed.bob.page).locator(".image-handle").boundingBox())!;
    await bed.bob.page.mouse.move(handle.x + 6, handle.y + 6);
    await bed.bob.page.mouse.down();
    await bed.bob.page.mouse.move(handle.x + 106, handle.y + 6, { steps: 5 });
    await bed.bob.page.mouse.up();
    await expect.poll(() => shown(bed.ada.page)).toEqual({ alt: "Launch card in purple", width: "300" });

    // Bob pastes a picture, as from a screenshot tool.
    await caretToEnd(bed.bob.page);
    const pasted = await drawnPng(bed.bob.page, "Pasted", "#059669");
    await editor(bed.bob.page).evaluate((el, base64) => {
      const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], "screenshot.png", { type: "image/png" }));
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, pasted);
    await expect.poll(async () => (await images(bed.ada.page)).filter((i) => i.loaded).length, { timeout: 15_000 }).toBe(2);

    // Ada drops a picture file onto the text, as from her desktop: a third image, for both.
    const dropped = await drawnPng(bed.ada.page, "Dropped", "#b45309");
    const text = (await editor(bed.ada.page).locator("p").first().boundingBox())!;
    await editor(bed.ada.page).evaluate(
      (el, { base64, x, y }) => {
        const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], "photo.png", { type: "image/png" }));
        for (const type of ["dragover", "drop"])
          el.dispatchEvent(new DragEvent(type, { dataTransfer: data, clientX: x, clientY: y, bubbles: true, cancelable: true }));
      },
      { base64: dropped, x: text.x + 10, y: text.y + text.height / 2 },
    );
    await expect.poll(async () => (await images(bed.bob.page)).filter((i) => i.loaded).length, { timeout: 15_000 }).toBe(3);

    await bed.bob.page.reload();
    await expect.poll(async () => (await images(bed.bob.page)).filter((i) => i.loaded).length, { timeout: 15_000 }).toBe(3);
    await screenshot(bed.bob.page, "document-images");

    // Someone without access to the room gets none of its files.
    const [first] = await images(bed.ada.page);
    const strangers = await bed.cy.page.evaluate(async (src) => (await fetch(src)).status, first!.src);
    expect(strangers).toBe(403);
  });

  it("refuses a page dressed as an image: the editor says so and inserts nothing", async () => {
    const path = await newRoom(bed.ada, "document");
    await openRoom(bed.ada, path);
    await caretToEnd(bed.ada.page);
    await bed.ada.page.keyboard.type("Nothing to see");
    const html = Buffer.from("<!doctype html><script>alert(document.cookie)</script>");
    await pickImage(bed.ada.page, { name: "innocent.png", mimeType: "image/png", buffer: html });
    await bed.ada.page.getByRole("status").filter({ hasText: "innocent.png could not be uploaded" }).waitFor({ timeout: 15_000 });
    expect(await images(bed.ada.page)).toEqual([]);
  });
});
