/**
 * Whiteboard objects in real Chromium against `wrangler dev`: two people place, move, resize
 * and delete shapes, notes and an image on one board and see each other's, live and after a reload.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { click, drag, objects, tool } from "./board-page";
import { screenshot } from "./chromium";
import { newRoom, openRoom, status } from "./room-page";
import { chromiumTestbed } from "./testbed";

const bed = chromiumTestbed({ ada: "Ada Lovelace", bob: "Bob Stone" });

/** A 120 × 80 PNG drawn in the page: a blue field with an orange bar. */
const pngBytes = (page: Page) =>
  page.evaluate(async () => {
    const canvas = Object.assign(document.createElement("canvas"), { width: 120, height: 80 });
    const ctx = canvas.getContext("2d")!;
    ctx.fillStyle = "#0090ff";
    ctx.fillRect(0, 0, 120, 80);
    ctx.fillStyle = "#f76b15";
    ctx.fillRect(10, 30, 100, 20);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), "image/png"));
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });

describe("objects on a shared whiteboard", () => {
  it("two people add, move, resize and delete objects, seeing each other's and their selections; an image shows for both, after reload too", {
    timeout: 180_000,
  }, async () => {
    const path = await newRoom(bed.ada, "whiteboard");
    await bed.ada.page.getByRole("button", { name: "Share" }).click();
    await bed.ada.page.getByRole("dialog").getByLabel("General access").selectOption("editor");
    await bed.ada.page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
    await openRoom(bed.bob, path);

    // Ada drags out a rectangle and an arrow; Bob puts a sticky note and writes on it.
    await tool(bed.ada.page, "Rectangle (R)");
    await drag(bed.ada.page, [-300, -150], [-120, -40]);
    await tool(bed.ada.page, "Arrow (A)");
    await drag(bed.ada.page, [-100, -100], [60, -100]);
    await tool(bed.ada.page, "Text (T)");
    await click(bed.ada.page, [-300, -230]);
    await bed.ada.page.getByRole("textbox", { name: "Text", exact: true }).fill("Launch plan");
    await bed.ada.page.keyboard.press("Escape");
    await tool(bed.bob.page, "Sticky note (N)");
    await click(bed.bob.page, [100, 40]);
    await bed.bob.page.getByRole("textbox", { name: "Sticky note text" }).fill("Ship it on Friday");
    await bed.bob.page.keyboard.press("Escape");
    for (const person of [bed.ada, bed.bob]) {
      await expect.poll(() => objects(person.page, "rect").count()).toBe(1);
      await expect.poll(() => objects(person.page, "arrow").count()).toBe(1);
      await expect.poll(() => objects(person.page, "sticky").textContent()).toBe("Ship it on Friday");
      await expect.poll(() => objects(person.page, "text").textContent()).toBe("Launch plan");
    }

    // Ada moves her rectangle (the select tool is back after placing); Bob sees it move, and her selection.
    const rectX = (page: Page) => objects(page, "rect").locator("rect").getAttribute("x");
    const before = Number(await rectX(bed.bob.page));
    await tool(bed.ada.page, "Select (V)");
    await drag(bed.ada.page, [-200, -100], [-100, -50]);
    await expect.poll(async () => Number(await rectX(bed.bob.page))).toBeCloseTo(before + 100, 0);
    await expect.poll(() => bed.bob.page.locator(".selection-label").getAttribute("data-name")).toBe("Ada Lovelace");

    // Ada drags the selected rectangle's bottom-right grip up and left; Bob sees it smaller by as much.
    const size = (page: Page) =>
      objects(page, "rect")
        .locator("rect")
        .evaluate((r) => [Number(r.getAttribute("width")), Number(r.getAttribute("height"))]);
    const [width, height] = await size(bed.bob.page);
    const grip = (await bed.ada.page.locator('.grip[data-handle="se"]').boundingBox())!;
    await bed.ada.page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await bed.ada.page.mouse.down();
    await bed.ada.page.mouse.move(grip.x + grip.width / 2 - 60, grip.y + grip.height / 2 - 40, { steps: 6 });
    await bed.ada.page.mouse.up();
    await expect.poll(async () => (await size(bed.bob.page))[0]).toBeCloseTo(width! - 60, 0);
    expect((await size(bed.bob.page))[1]).toBeCloseTo(height! - 40, 0);

    // Bob deletes Ada's arrow: gone for both.
    await tool(bed.bob.page, "Select (V)");
    await click(bed.bob.page, [0, -100]);
    await bed.bob.page.keyboard.press("Delete");
    for (const person of [bed.ada, bed.bob]) await expect.poll(() => objects(person.page, "arrow").count()).toBe(0);

    // Ada selects the rectangle and the note with a box and moves both at once.
    const stickyY = (page: Page) => objects(page, "sticky").locator("rect").getAttribute("y");
    const [rectY, noteY] = [Number(await objects(bed.bob.page, "rect").locator("rect").getAttribute("y")), Number(await stickyY(bed.bob.page))];
    await drag(bed.ada.page, [-260, -140], [320, 260]);
    await expect.poll(() => bed.bob.page.locator(".selection-layer rect").count()).toBe(2);
    await drag(bed.ada.page, [190, 130], [190, 190]);
    await expect.poll(async () => Number(await stickyY(bed.bob.page))).toBeCloseTo(noteY + 60, 0);
    expect(Number(await objects(bed.bob.page, "rect").locator("rect").getAttribute("y"))).toBeCloseTo(rectY + 60, 0);

    // Ada puts an image on the board: uploaded into the room's files, shown for both.
    const bytes = Buffer.from(await pngBytes(bed.ada.page));
    const [chooser] = await Promise.all([bed.ada.page.waitForEvent("filechooser"), tool(bed.ada.page, "Image (I)")]);
    await chooser.setFiles({ name: "chart.png", mimeType: "image/png", buffer: bytes });
    const href = () => objects(bed.bob.page, "image").locator("image").getAttribute("href");
    await expect.poll(href).toMatch(/^\/api\/rooms\/[^/]+\/files\/[0-9a-f]{64}$/);
    const url = (await href())!;
    expect(await objects(bed.ada.page, "image").locator("image").getAttribute("href")).toBe(url);
    expect(await objects(bed.bob.page, "image").locator("image").getAttribute("width")).toBe("120");
    const served = await bed.bob.page.evaluate(async (u) => {
      const res = await fetch(u);
      return { status: res.status, type: res.headers.get("content-type"), bytes: (await res.arrayBuffer()).byteLength };
    }, url);
    expect(served).toEqual({ status: 200, type: "image/png", bytes: bytes.length });
    await expect.poll(() => status(bed.ada.page).textContent()).toBe("Connected·Saved");
    await screenshot(bed.bob.page, "whiteboard-objects");

    // Ada sends the image (selected once placed) to the back: behind the others for both.
    const backmost = (page: Page) => page.locator(".objects > .board-object").first().getAttribute("data-kind");
    expect(await backmost(bed.bob.page)).toBe("rect");
    await tool(bed.ada.page, "Send to back ([)");
    for (const person of [bed.ada, bed.bob]) await expect.poll(() => backmost(person.page)).toBe("image");

    // After a reload Bob's board has everything, the image included.
    await bed.bob.page.reload();
    await expect.poll(() => status(bed.bob.page).getAttribute("data-connection")).toBe("connected");
    await expect.poll(() => objects(bed.bob.page, "image").locator("image").getAttribute("href")).toBe(url);
    expect(await objects(bed.bob.page, "rect").count()).toBe(1);
    expect(await objects(bed.bob.page, "sticky").textContent()).toBe("Ship it on Friday");

    // The SVG export has the objects, the image embedded in the file.
    await bed.ada.page.getByRole("button", { name: "Export" }).click();
    const [file] = await Promise.all([bed.ada.page.waitForEvent("download"), bed.ada.page.getByRole("menuitem", { name: "Vector image (.svg)" }).click()]);
    const svg = readFileSync(await file.path(), "utf8");
    expect(svg).toContain(">Ship it on Friday</tspan>");
    expect(svg).toMatch(/<image [^>]*href="data:image\/png;base64,/);

    // Ada's undo takes back her own steps only, for both: the restacking, then the image; redo brings it back.
    await bed.ada.page.keyboard.press("Control+z");
    for (const person of [bed.ada, bed.bob]) await expect.poll(() => backmost(person.page)).toBe("rect");
    await bed.ada.page.keyboard.press("Control+z");
    for (const person of [bed.ada, bed.bob]) await expect.poll(() => objects(person.page, "image").count()).toBe(0);
    expect(await objects(bed.bob.page, "sticky").count()).toBe(1);
    await bed.ada.page.keyboard.press("Control+Shift+z");
    for (const person of [bed.ada, bed.bob]) await expect.poll(() => objects(person.page, "image").count()).toBe(1);

    // Bob drops the same picture file on the board: a second image of the same room file, for both.
    await bed.bob.page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], "again.png", { type: "image/png" }));
      const board = document.querySelector(".board")!;
      for (const type of ["dragover", "drop"])
        board.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, clientX: 300, clientY: 600, bubbles: true, cancelable: true }));
    }, Array.from(bytes));
    for (const person of [bed.ada, bed.bob]) await expect.poll(() => objects(person.page, "image").count()).toBe(2);
    expect(await objects(bed.ada.page, "image").nth(1).locator("image").getAttribute("href")).toBe(url);
    await expect.poll(() => status(bed.bob.page).textContent()).toBe("Connected·Saved");
    await screenshot(bed.bob.page, "whiteboard-objects-all");
  });

  it("a board from before objects (strokes only) opens with its strokes drawn, and takes objects beside them", { timeout: 120_000 }, async () => {
    const path = await newRoom(bed.ada, "whiteboard");
    // Two strokes as the first boards stored them: the root array "strokes", one map each.
    const old = new Y.Doc();
    old.transact(() => {
      for (const [color, width, points] of [
        ["#1f2430", 4, [-200, -100, -150, -60, -100, -100]],
        ["#e5484d", 8, [100, 50, 160, 90]],
      ] as const) {
        const stroke = new Y.Map<unknown>();
        stroke.set("color", color);
        stroke.set("width", width);
        stroke.set("by", "an earlier author");
        stroke.set("points", Y.Array.from([...points]));
        old.getArray("strokes").push([stroke]);
      }
    });
    const written = await bed.ada.page.evaluate(
      ([room, bytes]) =>
        fetch(`/api/rooms/${room}/content`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: new Uint8Array(bytes) }).then(
          (r) => r.status,
        ),
      [path.split("/")[2]!, Array.from(Y.encodeStateAsUpdate(old))] as const,
    );
    expect(written).toBe(200);
    const strokes = (page: Page) => page.locator(".board-surface path.stroke").count();
    await bed.ada.page.reload();
    await expect.poll(() => strokes(bed.ada.page)).toBe(2);

    await tool(bed.ada.page, "Rectangle (R)");
    await drag(bed.ada.page, [-300, 100], [-200, 180]);
    await expect.poll(() => objects(bed.ada.page, "rect").count()).toBe(1);
    await bed.ada.page.reload();
    await expect.poll(() => objects(bed.ada.page, "rect").count()).toBe(1);
    expect(await strokes(bed.ada.page)).toBe(2);
  });
});
