/**
 * The browser pages in real headless Chromium against `wrangler dev`: what people do with the
 * product, checked the way they would see it. Each person has their own browser context.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot, signUpInBrowser } from "./chromium";
import { caretToEnd, docText, editor, newRoom, openRoom, shareWith, status } from "./room-page";
import { chromiumTestbed } from "./testbed";

const bed = chromiumTestbed({ ada: "Ada Lovelace", bob: "Bob Stone" });

/** How many Yjs updates this browser's IndexedDB holds for the room open in `page` (y-indexeddb's "updates" store). */
function storedUpdates(page: Page): Promise<number> {
  return page.evaluate(
    async (roomId) => {
      const name = (await indexedDB.databases()).map((d) => d.name).find((n) => n?.endsWith(`/${roomId}`));
      if (!name) return 0;
      const db = await new Promise<IDBDatabase>((resolve, reject) =>
        Object.assign(indexedDB.open(name), { onsuccess: (e: Event) => resolve((e.target as IDBOpenDBRequest).result), onerror: reject }),
      );
      const count = await new Promise<number>((resolve) =>
        Object.assign(db.transaction("updates").objectStore("updates").count(), { onsuccess: (e: Event) => resolve((e.target as IDBRequest<number>).result) }),
      );
      db.close();
      return count;
    },
    decodeURIComponent(new URL(page.url()).pathname.split("/")[2]!),
  );
}

describe("pages", () => {
  it("serves pages with a strict CSP, and keeps the JSON 426 for non-browser clients of a room URL", async () => {
    const page = await fetch(`${bed.server.url}/rooms/some-room`, { headers: { Accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    const api = await fetch(`${bed.server.url}/rooms/some-room`);
    expect(api.status).toBe(426);
    expect(await api.json()).toMatchObject({ error: { code: "upgrade_required" } });
  });

  it("sends a signed-out visitor to sign in and back to the room", async () => {
    const path = await newRoom(bed.ada, "document");
    const context = await bed.browser.newContext({ baseURL: bed.server.url });
    const page = await context.newPage();
    await page.goto(path);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByLabel("Email").fill(bed.ada.email);
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === path);
    await expect.poll(() => page.locator("#status").getAttribute("data-connection")).toBe("connected");
    await context.close();
  });
});

describe("a shared document", () => {
  let path: string;

  it("two people type at once and see each other's text, carets and avatars; undo undoes only my edits", { timeout: 120_000 }, async () => {
    path = await newRoom(bed.ada, "document");
    await bed.ada.page.getByLabel("Title").fill("Launch plan");
    await bed.ada.page.getByLabel("Title").press("Enter");
    await shareWith(bed.ada, bed.bob.email, "Can edit");
    await bed.bob.page.goto("/");
    await bed.bob.page.getByRole("link", { name: /Launch plan/ }).click();
    await expect.poll(() => status(bed.bob.page).getAttribute("data-connection")).toBe("connected");

    await editor(bed.ada.page).click();
    await bed.ada.page.keyboard.type("# Launch plan\n");
    await expect.poll(() => docText(bed.bob.page)).toContain("Launch plan");
    // Bob starts his own paragraph below Ada's; then both type at the same time.
    await caretToEnd(bed.bob.page);
    await bed.bob.page.keyboard.press("Enter");
    // Both empty paragraphs are on Ada's side too, and each person's caret is in their own one,
    // placed by keys: two empty paragraphs look alike, and a caret restored after a remote change
    // may land in either of them.
    await expect.poll(() => editor(bed.ada.page).locator(":scope > p").count()).toBe(2);
    await bed.ada.page.keyboard.press("Control+Home");
    await bed.ada.page.keyboard.press("ArrowDown");
    await bed.bob.page.keyboard.press("Control+End");
    // Edits more than 500 ms apart are separate undo steps (y-prosemirror's capture time).
    await bed.ada.page.waitForTimeout(600);
    await Promise.all([bed.ada.page.keyboard.type("Ada writes the press release. "), bed.bob.page.keyboard.type("Bob books the venue. ")]);
    for (const person of [bed.ada, bed.bob]) {
      await expect.poll(() => docText(person.page)).toContain("Ada writes the press release.");
      await expect.poll(() => docText(person.page)).toContain("Bob books the venue.");
    }
    // Bob starts a list with Markdown shortcuts and bolds a word.
    await bed.bob.page.keyboard.type("\n- Caterer: ");
    await bed.bob.page.keyboard.press("Control+b");
    await bed.bob.page.keyboard.type("confirmed");
    await bed.bob.page.keyboard.press("Control+b");
    await bed.bob.page.keyboard.type("\nPhotographer");
    await expect.poll(() => bed.ada.page.locator(".doc-body ul li").count()).toBe(2);
    expect(await bed.ada.page.locator(".doc-body li strong").textContent()).toBe("confirmed");
    await expect.poll(() => bed.ada.page.locator(".ProseMirror-yjs-cursor").textContent()).toContain("Bob Stone");
    await expect.poll(() => bed.bob.page.locator(".ProseMirror-yjs-cursor").textContent()).toContain("Ada Lovelace");
    await expect.poll(() => bed.ada.page.locator("#avatars .avatar").count()).toBe(2);
    await expect.poll(() => status(bed.ada.page).textContent()).toBe("Connected·Saved");
    await bed.ada.page.getByRole("heading", { name: "Launch plan" }).first().click();
    await screenshot(bed.ada.page, "editor-two-people");

    // Ada's undo takes back her sentence; Bob's stays, for both of them.
    for (let i = 0; i < 10 && (await docText(bed.ada.page)).includes("press release"); i++) await bed.ada.page.keyboard.press("Control+z");
    for (const person of [bed.ada, bed.bob]) {
      await expect.poll(() => docText(person.page)).not.toContain("press release");
      expect(await docText(person.page)).toContain("Bob books the venue.");
    }
  });

  it("one person goes offline and keeps typing; back online, both converge; a reload shows what was saved", { timeout: 120_000 }, async () => {
    await bed.bob.context.setOffline(true);
    await expect.poll(() => status(bed.bob.page).getAttribute("data-connection")).toBe("offline");
    await caretToEnd(bed.bob.page);
    await bed.bob.page.keyboard.type("Written on the train.");
    await expect.poll(() => status(bed.bob.page).getAttribute("data-save")).toBe("unsaved");
    await caretToEnd(bed.ada.page);
    await bed.ada.page.keyboard.type(" Ada stays online.");
    await expect.poll(() => docText(bed.ada.page)).toContain("Ada stays online.");
    expect(await docText(bed.ada.page)).not.toContain("train");

    await bed.bob.context.setOffline(false);
    for (const person of [bed.ada, bed.bob]) {
      await expect.poll(() => docText(person.page), { timeout: 20_000 }).toContain("Written on the train.");
      await expect.poll(() => docText(person.page)).toContain("Ada stays online.");
    }
    await expect.poll(() => status(bed.bob.page).textContent(), { timeout: 20_000 }).toBe("Connected·Saved");
    expect(await docText(bed.bob.page)).toBe(await docText(bed.ada.page));

    await bed.bob.page.reload();
    await expect.poll(() => docText(bed.bob.page)).toContain("Written on the train.");
    // A browser with no local copy gets the same content from the server.
    const context = await bed.browser.newContext({ baseURL: bed.server.url });
    const page = await context.newPage();
    await page.goto(`/signin?next=${encodeURIComponent(path)}`);
    await page.getByLabel("Email").fill(bed.ada.email);
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => docText(page)).toBe(await docText(bed.ada.page));
    await context.close();
  });

  it("edits made offline survive closing the tab, and reach the others once the room is opened again online", { timeout: 120_000 }, async () => {
    await bed.bob.context.setOffline(true);
    await expect.poll(() => status(bed.bob.page).getAttribute("data-connection")).toBe("offline");
    const before = await storedUpdates(bed.bob.page);
    await caretToEnd(bed.bob.page);
    await bed.bob.page.keyboard.type(" Kept in this browser.");
    // Close the tab only once y-indexeddb has written the edits.
    await expect.poll(() => storedUpdates(bed.bob.page)).toBeGreaterThan(before);
    await bed.bob.page.close();
    await bed.bob.context.setOffline(false);
    expect(await docText(bed.ada.page)).not.toContain("Kept in this browser.");

    bed.bob.page = await bed.bob.context.newPage();
    await openRoom(bed.bob, path);
    await expect.poll(() => docText(bed.ada.page), { timeout: 20_000 }).toContain("Kept in this browser.");
    await expect.poll(() => status(bed.bob.page).textContent()).toBe("Connected·Saved");
  });

  it("a viewer sees changes live but cannot edit", async () => {
    const carol = await signUpInBrowser(bed.browser, bed.server, "Carol Reed");
    await shareWith(bed.ada, carol.email, "Can view");
    await openRoom(carol, path);
    await expect.poll(() => status(carol.page).getAttribute("data-save")).toBe("read-only");
    expect(await editor(carol.page).getAttribute("contenteditable")).toBe("false");
    expect(await carol.page.getByRole("button", { name: "Bold (Ctrl+B)" }).isDisabled()).toBe(true);
    const before = await docText(carol.page);
    await editor(carol.page).click();
    await carol.page.keyboard.type("Carol was here");
    expect(await docText(carol.page)).toBe(before);

    await caretToEnd(bed.ada.page);
    await bed.ada.page.keyboard.type(" Visible to viewers.");
    await expect.poll(() => docText(carol.page)).toContain("Visible to viewers.");
    expect(await docText(bed.ada.page)).not.toContain("Carol was here");
    await carol.context.close();
  });

  it("a restore in the history panel reaches the other person live", async () => {
    await bed.ada.page.getByRole("button", { name: "History" }).click();
    await bed.ada.page.getByLabel("Version name").fill("Before the rewrite");
    await bed.ada.page.getByRole("button", { name: "Save", exact: true }).click();
    const versions = bed.ada.page.getByRole("list", { name: "Versions" });
    await expect.poll(() => versions.textContent()).toContain("Before the rewrite");

    await caretToEnd(bed.ada.page);
    await bed.ada.page.keyboard.type(" A rewrite nobody liked.");
    await expect.poll(() => docText(bed.bob.page)).toContain("A rewrite nobody liked.");
    await expect.poll(() => status(bed.ada.page).textContent()).toBe("Connected·Saved");

    await versions.getByRole("button", { name: /Before the rewrite/ }).click();
    const preview = bed.ada.page.locator(".preview");
    await expect.poll(() => preview.textContent()).toContain("Bob books the venue.");
    expect(await preview.locator(".preview-body").textContent()).not.toContain("A rewrite nobody liked.");
    await preview.getByRole("button", { name: "Restore this version" }).click();
    for (const person of [bed.bob, bed.ada]) await expect.poll(() => docText(person.page)).not.toContain("A rewrite nobody liked.");
    expect(await docText(bed.bob.page)).toContain("Bob books the venue.");
    await expect.poll(() => versions.textContent()).toContain("Restored");
  });

  it("exports the document as Markdown", async () => {
    await bed.ada.page.getByRole("button", { name: "Export" }).click();
    const [file] = await Promise.all([bed.ada.page.waitForEvent("download"), bed.ada.page.getByRole("menuitem", { name: "Markdown (.md)" }).click()]);
    expect(file.suggestedFilename()).toBe("Launch plan.md");
    const text = readFileSync(await file.path(), "utf8");
    expect(text).toMatch(/^# Launch plan\n/);
    expect(text).toContain("Bob books the venue.");
  });

  it("a rename reaches the other person's header and tab title when they come back to the tab; asking costs a conditional GET", async () => {
    const roomApi = `/api/rooms/${path.split("/")[2]}`;
    const asked: Array<{ ifNoneMatch: string | undefined; etag: string | undefined }> = [];
    bed.bob.page.on("response", async (res) => {
      if (new URL(res.url()).pathname !== roomApi || res.request().method() !== "GET") return;
      asked.push({ ifNoneMatch: (await res.request().allHeaders())["if-none-match"], etag: res.headers().etag });
    });
    // Coming back to the tab (the window regains focus) asks again with the ETag the page
    // holds; once nothing changed (sharing and snapshots since Bob opened the room change it),
    // the server's answer is a 304 and the browser hands its cached body on.
    const unchanged = async () => {
      await bed.bob.page.evaluate(() => dispatchEvent(new FocusEvent("focus")));
      await expect.poll(() => asked.length).toBeGreaterThan(0);
      const last = asked.pop()!;
      return last.ifNoneMatch !== undefined && last.etag === last.ifNoneMatch;
    };
    await expect.poll(unchanged).toBe(true);

    await bed.ada.page.getByLabel("Title").fill("Launch plan (final)");
    await bed.ada.page.getByLabel("Title").press("Enter");
    await expect.poll(() => bed.ada.page.title()).toBe("Launch plan (final) · edge-rooms");
    expect(await bed.bob.page.getByLabel("Title").inputValue()).toBe("Launch plan");
    await bed.bob.page.evaluate(() => dispatchEvent(new FocusEvent("focus")));
    await expect.poll(() => bed.bob.page.getByLabel("Title").inputValue()).toBe("Launch plan (final)");
    expect(await bed.bob.page.title()).toBe("Launch plan (final) · edge-rooms");
    await expect.poll(() => asked.length).toBeGreaterThan(0);
    expect(asked.at(-1)!.etag).not.toBe(asked.at(-1)!.ifNoneMatch);
  });

  it("imports a Markdown file into a new document", async () => {
    await bed.ada.page.goto("/");
    await bed.ada.page
      .getByLabel("Import a Markdown, HTML, Word or text file")
      .setInputFiles({ name: "Notes.md", mimeType: "text/markdown", buffer: Buffer.from("# Notes\n\n- first **point**\n- second point\n") });
    await bed.ada.page.waitForURL(/\/rooms\//);
    await expect.poll(() => bed.ada.page.getByRole("heading", { name: "Notes" }).count()).toBe(1);
    expect(await editor(bed.ada.page).locator("li strong").textContent()).toBe("point");
    expect(await bed.ada.page.getByLabel("Title").inputValue()).toBe("Notes");
  });
});

describe("a shared whiteboard", () => {
  /** Draws a stroke through `points` (relative to the board's centre), optionally holding before release. */
  async function draw(page: Page, points: Array<[number, number]>, beforeRelease: () => Promise<void> = async () => {}) {
    const box = (await page.locator(".board-surface").boundingBox())!;
    const at = ([x, y]: [number, number]) => [box.x + box.width / 2 + x, box.y + box.height / 2 + y] as const;
    await page.mouse.move(...at(points[0]!));
    await page.mouse.down();
    for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 4 });
    await beforeRelease();
    await page.mouse.up();
  }
  const strokes = (page: Page) => page.locator(".board-surface path.stroke").count();

  it("two people draw and see both drawings, strokes streaming live, and each other's pointer; undo is per person", { timeout: 120_000 }, async () => {
    const path = await newRoom(bed.ada, "whiteboard");
    await bed.ada.page.getByRole("button", { name: "Share" }).click();
    await bed.ada.page.getByRole("dialog").getByLabel("General access").selectOption("editor");
    await bed.ada.page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
    await openRoom(bed.bob, path);

    const wave: Array<[number, number]> = Array.from({ length: 12 }, (_, i) => [-260 + i * 20, -60 + (i % 2 ? 40 : -40)]);
    // Bob sees Ada's stroke, as far as she has drawn it, while she is still drawing.
    const inked = (page: Page) => page.locator("path.stroke").first().getAttribute("d");
    await draw(bed.ada.page, wave, async () => {
      // Read both afresh each time: Ada's own rendering may trail her document by a frame.
      const same = async () => {
        const [hers, his] = [await inked(bed.ada.page), await inked(bed.bob.page)];
        return hers !== null && hers.split("Q").length > 5 && hers === his;
      };
      await expect.poll(same).toBe(true);
    });
    await bed.bob.page.getByRole("button", { name: "Colour #e5484d" }).click();
    await bed.bob.page.getByRole("button", { name: "Width 8" }).click();
    const circle: Array<[number, number]> = Array.from({ length: 25 }, (_, i) => [
      140 + 90 * Math.cos((i / 24) * 2 * Math.PI),
      40 + 90 * Math.sin((i / 24) * 2 * Math.PI),
    ]);
    await draw(bed.bob.page, circle);
    for (const person of [bed.ada, bed.bob]) await expect.poll(() => strokes(person.page)).toBe(2);
    expect(await bed.ada.page.locator('path.stroke[stroke="#e5484d"]').count()).toBe(1);

    await bed.bob.page.mouse.move(700, 600, { steps: 3 });
    await expect.poll(() => bed.ada.page.locator(".remote-pointer").getAttribute("data-name")).toBe("Bob Stone");
    await bed.ada.page.mouse.move(420, 300, { steps: 3 });
    await expect.poll(() => bed.bob.page.locator(".remote-pointer").getAttribute("data-name")).toBe("Ada Lovelace");
    await expect.poll(() => status(bed.ada.page).textContent()).toBe("Connected·Saved");
    await screenshot(bed.ada.page, "whiteboard-two-people");

    // Ada's undo removes her stroke only, for both.
    await bed.ada.page.keyboard.press("Control+z");
    for (const person of [bed.ada, bed.bob]) await expect.poll(() => strokes(person.page)).toBe(1);
    expect(await bed.bob.page.locator('path.stroke[stroke="#e5484d"]').count()).toBe(1);

    // Erasing Bob's circle with the eraser removes it everywhere.
    await bed.ada.page.getByRole("button", { name: "Eraser (E)" }).click();
    await draw(bed.ada.page, [
      [140 + 90, 20],
      [140 + 90, 60],
    ]);
    for (const person of [bed.ada, bed.bob]) await expect.poll(() => strokes(person.page)).toBe(0);

    // Zooming is each person's own view.
    await bed.ada.page.getByRole("button", { name: "Zoom in" }).click();
    expect(await bed.ada.page.locator(".zoom-label").textContent()).toBe("125%");
    expect(await bed.bob.page.locator(".zoom-label").textContent()).toBe("100%");
  });
  it("exports the whole board as SVG (one path per stroke) and as PNG (drawn, not blank)", async () => {
    await bed.ada.page.getByRole("button", { name: "Pen (P)" }).click();
    await draw(bed.ada.page, [
      [-300, -150],
      [-200, -100],
      [-100, -150],
    ]);
    await bed.ada.page.getByRole("button", { name: "Colour #e5484d" }).click();
    await draw(bed.ada.page, [
      [250, 150],
      [300, 200],
    ]);
    await expect.poll(() => strokes(bed.ada.page)).toBe(2);
    const exported = async (item: string) => {
      await bed.ada.page.getByRole("button", { name: "Export" }).click();
      const [file] = await Promise.all([bed.ada.page.waitForEvent("download"), bed.ada.page.getByRole("menuitem", { name: item }).click()]);
      return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
    };

    const svg = await exported("Vector image (.svg)");
    expect(svg.name).toBe("Untitled whiteboard.svg");
    const parsed = await bed.ada.page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      const root = doc.documentElement;
      return {
        error: doc.querySelector("parsererror") !== null,
        width: Number(root.getAttribute("width")),
        height: Number(root.getAttribute("height")),
        strokes: Array.from(doc.querySelectorAll("path"), (p) => p.getAttribute("stroke")),
        background: doc.querySelector("rect")?.getAttribute("fill"),
      };
    }, svg.bytes.toString("utf8"));
    expect(parsed).toMatchObject({ error: false, strokes: ["#1f2430", "#e5484d"], background: "#ffffff" });
    // Fitted: the strokes span 600 × 350 screen pixels (480 × 280 board units at Ada's 125%), plus margins.
    expect(parsed.width).toBeGreaterThan(480);
    expect(parsed.width).toBeLessThan(800);

    const png = await exported("Image (.png)");
    expect(png.name).toBe("Untitled whiteboard.png");
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const pixels = await bed.ada.page.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = Object.assign(document.createElement("canvas"), { width: image.width, height: image.height });
      const ctx = canvas.getContext("2d")!;
      ctx.drawImage(image, 0, 0);
      const data = ctx.getImageData(0, 0, image.width, image.height).data;
      let ink = 0;
      let red = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i]! < 200 || data[i + 1]! < 200) ink++;
        if (data[i]! > 200 && data[i + 1]! < 120 && data[i + 2]! < 120) red++;
      }
      return { width: image.width, height: image.height, ink, red, corner: [data[0], data[1], data[2], data[3]] };
    }, png.bytes.toString("base64"));
    // Twice the SVG's size, white where nothing is drawn, with both strokes in it.
    expect(pixels.width).toBe(2 * parsed.width);
    expect(pixels.height).toBe(2 * parsed.height);
    expect(pixels.corner).toEqual([255, 255, 255, 255]);
    expect(pixels.ink).toBeGreaterThan(1000);
    expect(pixels.red).toBeGreaterThan(100);
  });
});

describe("the rooms list", () => {
  it("shows each room with its kind's icon and when it was last edited, most recently edited first", async () => {
    await bed.ada.page.goto("/");
    const rows = bed.ada.page.getByRole("list", { name: "My rooms" }).locator(".room-row");
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(4);
    const shown = await rows.evaluateAll((els) =>
      els.map((el) => ({
        kind: el.getAttribute("data-kind"),
        icon: el.querySelector(".room-icon")?.getAttribute("title"),
        title: el.querySelector(".room-title")?.textContent,
        meta: el.querySelector(".room-meta")?.textContent,
      })),
    );
    const { rooms } = (await (await bed.ada.page.request.get("/api/rooms")).json()) as { rooms: Array<{ title: string; kind: string; role: string }> };
    expect(shown.map((r) => r.title)).toEqual(rooms.filter((r) => r.role === "owner").map((r) => r.title));
    const board = shown.find((r) => r.kind === "whiteboard")!;
    expect(board).toMatchObject({ icon: "Whiteboard", title: "Untitled whiteboard" });
    expect(board.meta).toMatch(/^Whiteboard · (Edited|Created) (just now|\d+ minutes? ago)$/);
    expect(shown.find((r) => r.title === "Launch plan (final)")).toMatchObject({
      kind: "document",
      icon: "Document",
      meta: expect.stringMatching(/^Document · Edited /),
    });
    await screenshot(bed.ada.page, "rooms-list");
  });
});

describe("comments", () => {
  const panel = (page: Page) => page.getByRole("complementary", { name: "Comments" });
  const badge = (page: Page) => page.locator(".inbox-badge");

  it("Ada comments on a selection and mentions Bob, a commenter: he sees it appear live, replies, and cannot edit the text", { timeout: 120_000 }, async () => {
    await newRoom(bed.ada, "document");
    await bed.ada.page.getByLabel("Title").fill("Release notes");
    await bed.ada.page.getByLabel("Title").press("Enter");
    await editor(bed.ada.page).click();
    await bed.ada.page.keyboard.type("Ship the new editor on Monday");
    // Bob starts with an empty inbox (earlier tests shared rooms with him).
    await bed.bob.page.evaluate(() => fetch("/api/notifications/read", { method: "POST" }));
    await shareWith(bed.ada, bed.bob.email, "Can comment");
    await bed.bob.page.goto("/");
    await expect.poll(() => badge(bed.bob.page).textContent()).toBe("1");
    await screenshot(bed.bob.page, "comments-list-badge");
    await bed.bob.page.getByRole("link", { name: /Release notes/ }).click();
    await expect.poll(() => status(bed.bob.page).getAttribute("data-save"), { timeout: 10_000 }).toBe("read-only");
    expect(await status(bed.bob.page).textContent()).toContain("Can comment");
    await expect.poll(() => docText(bed.bob.page)).toBe("Ship the new editor on Monday");
    expect(await editor(bed.bob.page).getAttribute("contenteditable")).toBe("false");

    // Ada selects "Monday" and comments on it, mentioning Bob.
    await editor(bed.ada.page).click();
    await bed.ada.page.keyboard.press("End");
    for (let i = 0; i < 6; i++) await bed.ada.page.keyboard.press("Shift+ArrowLeft");
    await bed.ada.page.getByRole("button", { name: "Comment", exact: true }).click();
    const box = panel(bed.ada.page).getByRole("textbox", { name: /Add a comment/ });
    await box.pressSequentially("Which Monday exactly? @Bo");
    await bed.ada.page.getByRole("option", { name: /Bob Stone/ }).click();
    const started = Date.now();
    await box.press("Enter");

    // Bob sees the thread live, anchored on "Monday" in his text, and is notified of the mention.
    const thread = panel(bed.bob.page).locator(".thread");
    await expect.poll(() => thread.first().textContent(), { timeout: 10_000 }).toContain("Which Monday exactly? @Bob Stone");
    const seenAfter = Date.now() - started;
    expect(await thread.first().locator(".thread-quote").textContent()).toBe("Monday");
    expect(await thread.first().locator(".mention").textContent()).toBe("@Bob Stone");
    await expect.poll(() => bed.bob.page.locator(".comment-mark").textContent()).toBe("Monday");
    await expect.poll(() => badge(bed.bob.page).textContent()).toBe("2");
    console.log(`Bob saw Ada's comment ${seenAfter} ms after she pressed Enter`);

    // Bob replies; Ada sees it live.
    await thread.first().click();
    await panel(bed.bob.page).getByRole("textbox", { name: "Reply…" }).pressSequentially("The 14th.");
    await panel(bed.bob.page).getByRole("textbox", { name: "Reply…" }).press("Enter");
    await expect.poll(() => panel(bed.ada.page).locator(".thread").first().textContent()).toContain("The 14th.");
    await bed.bob.page.mouse.move(10, 10);
    await screenshot(bed.bob.page, "comments-commenter");
    await screenshot(bed.ada.page, "comments-author");

    // Bob opens his inbox: the mention and being added, unread.
    await bed.bob.page.getByRole("button", { name: /Notifications, 2 unread/ }).click();
    const inbox = bed.bob.page.getByRole("list", { name: "Notifications" });
    await expect.poll(() => inbox.textContent()).toContain("Ada Lovelace mentioned you in Release notes");
    expect(await inbox.textContent()).toContain("Ada Lovelace added you to Release notes");
    await screenshot(bed.bob.page, "comments-inbox");
    await bed.bob.page.getByRole("button", { name: "Mark all as read" }).click();
    await expect.poll(() => badge(bed.bob.page).isHidden()).toBe(true);
    await bed.bob.page.keyboard.press("Escape");
    await bed.bob.page.mouse.click(400, 400);

    // Ada deletes the commented word: the thread stays, listed as detached, for both.
    await editor(bed.ada.page).click();
    await bed.ada.page.keyboard.press("End");
    for (let i = 0; i < 7; i++) await bed.ada.page.keyboard.press("Backspace");
    for (const person of [bed.ada, bed.bob]) {
      await expect.poll(() => panel(person.page).locator(".threads-section").textContent()).toBe("Detached");
      await expect.poll(() => person.page.locator(".comment-mark").count()).toBe(0);
    }
    expect(await panel(bed.bob.page).locator(".thread-detached").textContent()).toContain("deleted");

    // Ada resolves the thread; it moves to Resolved for Bob too.
    await panel(bed.ada.page).getByRole("button", { name: "Resolve thread" }).click();
    await expect
      .poll(() =>
        panel(bed.bob.page)
          .getByRole("tab", { name: /Resolved/ })
          .textContent(),
      )
      .toBe("Resolved (1)");
  });

  it("a reply being typed keeps its focus and text while the others edit the document and reply in the same thread", { timeout: 120_000 }, async () => {
    const path = await newRoom(bed.ada, "document");
    await caretToEnd(bed.ada.page);
    await bed.ada.page.keyboard.type("Agenda for the week");
    for (let i = 0; i < 4; i++) await bed.ada.page.keyboard.press("Shift+ArrowLeft");
    await bed.ada.page.getByRole("button", { name: "Comment", exact: true }).click();
    const commentBox = panel(bed.ada.page).getByRole("textbox", { name: /Add a comment/ });
    await commentBox.pressSequentially("Thoughts?");
    await commentBox.press("Enter");
    await shareWith(bed.ada, bed.bob.email, "Can edit");
    await openRoom(bed.bob, path);
    const bobThread = panel(bed.bob.page).locator(".thread").first();
    await expect.poll(() => bobThread.textContent(), { timeout: 10_000 }).toContain("Thoughts?");
    await bobThread.click();
    const reply = panel(bed.bob.page).getByRole("textbox", { name: "Reply…" });
    await reply.click();

    // While Bob types, every key of Ada's redraws his editor and the thread list; halfway,
    // her reply in the same thread redraws his thread's card.
    await caretToEnd(bed.ada.page);
    const adaTypes = bed.ada.page.keyboard.type(" and next week too", { delay: 40 });
    await bed.bob.page.keyboard.type("Monday works for me,", { delay: 25 });
    await adaTypes;
    const threadId = await bobThread.getAttribute("data-thread");
    const roomId = path.split("/")[2]!;
    expect(
      await bed.ada.page.evaluate(
        ([room, thread]) =>
          fetch(`/api/rooms/${room}/threads/${thread}/comments`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ body: "Me too." }),
          }).then((r) => r.status),
        [roomId, threadId!],
      ),
    ).toBe(201);
    await expect.poll(() => bobThread.textContent()).toContain("Me too.");
    await bed.bob.page.keyboard.type(" Tuesday not.", { delay: 25 });
    await bed.bob.page.keyboard.press("Enter");

    await expect.poll(() => panel(bed.ada.page).locator(".thread").first().textContent()).toContain("Monday works for me, Tuesday not.");
    expect(await docText(bed.bob.page)).toBe(await docText(bed.ada.page));
    expect(await docText(bed.bob.page)).toContain("and next week too");
  });
});
