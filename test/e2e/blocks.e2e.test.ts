/**
 * The document's blocks in Chromium against `wrangler dev`: two editors build a table and a
 * task list, highlight and colour a word, draw a rule and write a code block, each seeing the
 * other's edits live; the Markdown export holds the table, the tasks and the code; a Word
 * export imported into a new room gives the same document, colours and rule included, its
 * picture moved into the new room's files;
 * a member's crafted attributes break neither the other editors nor the exports.
 */
import { readFileSync } from "node:fs";
import type { Download, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { screenshot } from "./chromium";
import { type Account, connect, signUp, until } from "./http-client";
import { caretToEnd, caretToEndOf, docText, drawnPng, editor, newRoom, openRoom, shareWith } from "./room-page";
import { chromiumTestbed } from "./testbed";

const bed = chromiumTestbed({ ada: "Ada Owner", bob: "Bob Editor" });
let mallory: Account;
/** Uncaught errors in Ada's and Bob's pages: there must be none. */
const errors: string[] = [];

beforeAll(async () => {
  mallory = await signUp(bed.server, "Mallory");
  for (const person of [bed.ada, bed.bob]) person.page.on("pageerror", (err) => errors.push(`${person.name}: ${err.message}`));
});

async function exported(page: Page, item: string): Promise<Download> {
  await page.getByRole("button", { name: "Export" }).click();
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: item }).click()]);
  return file;
}
const markdownOf = async (page: Page) => readFileSync(await (await exported(page, "Markdown (.md)")).path(), "utf8");
/** The HTML export's body (its head holds the title, which an imported room takes from the file's name). */
const htmlOf = async (page: Page) => /<body>([\s\S]*)<\/body>/.exec(readFileSync(await (await exported(page, "Web page (.html)")).path(), "utf8"))![1]!;

/** The table's cells and the tasks as their reader sees them: without other people's caret labels. */
const rows = (page: Page) =>
  editor(page)
    .locator("table tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent!.replace(/\u2060[^\u2060]*\u2060/g, ""))));
const tasks = (page: Page) =>
  editor(page)
    .locator("li.task-item")
    .evaluateAll((items) =>
      items.map((li) => [li.querySelector("input")!.checked, li.querySelector(".task-content")!.textContent!.replace(/\u2060[^\u2060]*\u2060/g, "")]),
    );

/** Markdown with its room file URLs made comparable: the room's id, and the file's hash too unless `hashes`. */
const sameRoom = (md: string, hashes = true) =>
  md.replace(/\/api\/rooms\/[^/]+\/files\/([0-9a-f]{64})/g, (_, hash: string) => `/api/rooms/ROOM/files/${hashes ? "PNG" : hash}`);

let path = "";
let markdown = "";
let html = "";

describe("tables, task lists, code, rules and colours in a shared document", () => {
  it("two editors build them together, each sees the other's edits, and the Markdown export holds them", async () => {
    path = await newRoom(bed.ada, "document");
    await shareWith(bed.ada, bed.bob.email, "Can edit");
    await openRoom(bed.bob, path);

    const ada = bed.ada.page;
    await caretToEnd(ada);
    await ada.keyboard.type("# Launch\nReady soon");
    // Ada highlights "soon", selected as a person does, and draws a rule under it.
    await expect
      .poll(async () => {
        await ada.keyboard.press("End");
        await ada.keyboard.press("Shift+Control+ArrowLeft");
        return ada.evaluate(() => getSelection()?.toString());
      })
      .toBe("soon");
    await ada.getByRole("button", { name: "Highlight" }).click();
    await ada.getByRole("menuitem", { name: "Highlight: Yellow" }).click();
    await ada.keyboard.press("End");
    await ada.keyboard.press("Enter");
    await ada.getByRole("button", { name: "Horizontal rule" }).click();
    await expect.poll(() => editor(bed.bob.page).locator("mark.highlight-yellow").textContent()).toBe("soon");
    await expect.poll(() => editor(bed.bob.page).locator("hr").count()).toBe(1);
    await ada.getByRole("button", { name: "Insert table" }).click();
    for (const key of ["Task", "Tab", "Owner", "Tab", "Tab", "Venue", "Tab", "Ada"]) await (key === "Tab" ? ada.keyboard.press("Tab") : ada.keyboard.type(key));
    await expect
      .poll(() => rows(bed.bob.page))
      .toEqual([
        ["Task", "Owner", ""],
        ["Venue", "Ada", ""],
        ["", "", ""],
      ]);

    // Bob adds a row under the venue's and deletes the last column; Ada sees both.
    const bob = bed.bob.page;
    await editor(bob).locator("td", { hasText: "Venue" }).click();
    await bob.getByRole("button", { name: "Add row below" }).click();
    await editor(bob).locator("tr").nth(2).locator("td").first().click();
    await bob.keyboard.type("Food");
    await editor(bob).locator("th").nth(2).click();
    await bob.getByRole("button", { name: "Delete column" }).click();
    await expect
      .poll(() => rows(ada))
      .toEqual([
        ["Task", "Owner"],
        ["Venue", "Ada"],
        ["Food", ""],
        ["", ""],
      ]);

    // Bob writes a task list after the table; Ada ticks the first task.
    await caretToEnd(bob);
    await bob.keyboard.type("[ ] Book the venue\nSend invites");
    await expect
      .poll(() => tasks(ada))
      .toEqual([
        [false, "Book the venue"],
        [false, "Send invites"],
      ]);
    await editor(ada).getByRole("checkbox", { name: "Done" }).first().click();
    await expect
      .poll(() => tasks(bob))
      .toEqual([
        [true, "Book the venue"],
        [false, "Send invites"],
      ]);

    // Bob colours "invites" red; Ada sees the palette's red.
    // Selected as a person does, looking at the selection before choosing a colour.
    await expect
      .poll(async () => {
        await bob.keyboard.press("End");
        await bob.keyboard.press("Shift+Control+ArrowLeft");
        return bob.evaluate(() => getSelection()?.toString());
      })
      .toBe("invites");
    await bob.getByRole("button", { name: "Text colour" }).click();
    await bob.getByRole("menuitem", { name: "Text colour: Red" }).click();
    const red = editor(ada).locator("span.text-red");
    await expect.poll(() => red.evaluate((el) => el.textContent!.replace(/\u2060[^\u2060]*\u2060/g, ""))).toBe("invites");
    expect(await red.evaluate((el) => getComputedStyle(el).color)).toBe("rgb(220, 38, 38)");

    // Ada adds a picture under the tasks, for the Word file to carry. (She clicks the last task's
    // text: a click elsewhere might land beside a checkbox, outside the editable text.)
    await caretToEndOf(ada, editor(ada).locator(".task-content p").last());
    await ada.keyboard.press("Enter");
    await ada.keyboard.press("Enter");
    // Out of the list, in an empty paragraph of its own, before typing on.
    await expect.poll(() => editor(ada).evaluate((el) => `${el.lastElementChild?.tagName}:${el.lastElementChild?.textContent}`)).toBe("P:");
    // A code block first, written as in Markdown; Shift+Enter leaves it for a paragraph below.
    await ada.keyboard.type("``` npm run launch");
    await ada.keyboard.press("Shift+Enter");
    await expect.poll(() => editor(bed.bob.page).locator("pre").textContent()).toBe("npm run launch");
    await ada.keyboard.type("Map: ");
    const chooser = ada.waitForEvent("filechooser");
    await ada.getByRole("button", { name: "Insert image" }).click();
    await (await chooser).setFiles({ name: "venue-map.png", mimeType: "image/png", buffer: Buffer.from(await drawnPng(ada, "Venue", "#0e7490"), "base64") });
    await expect.poll(() => editor(bob).locator("img[alt='venue map']").count()).toBe(1);
    await screenshot(ada, "document-blocks");

    markdown = await markdownOf(ada);
    expect(sameRoom(markdown)).toBe(
      [
        "# Launch",
        "",
        "Ready soon",
        "",
        "---",
        "",
        "| Task | Owner |",
        "| --- | --- |",
        "| Venue | Ada |",
        "| Food |   |",
        "|   |   |",
        "",
        "- [x] Book the venue",
        "- [ ] Send invites",
        "",
        "```",
        "npm run launch",
        "```",
        "",
        "Map: ![venue map](/api/rooms/ROOM/files/PNG)",
      ].join("\n"),
    );
    html = await htmlOf(ada);
    expect(html).toContain('<span class="text-red">invites</span>');
    expect(html).toContain('<mark class="highlight-yellow">soon</mark>');
    expect(errors).toEqual([]);
  });

  it("a Word export imported into a new room is the same document", async () => {
    const word = await exported(bed.ada.page, "Word (.docx)");
    expect(word.suggestedFilename()).toBe("Untitled document.docx");
    await bed.ada.page.goto("/");
    await bed.ada.page.getByLabel("Import a Markdown, HTML, Word or text file").setInputFiles({
      name: "Launch.docx",
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      buffer: readFileSync(await word.path()),
    });
    await bed.ada.page.waitForURL((url) => url.pathname.startsWith("/rooms/") && url.pathname !== path);
    await expect.poll(() => rows(bed.ada.page)).toHaveLength(4);
    expect(await bed.ada.page.getByLabel("Title").inputValue()).toBe("Launch");
    // The picture went from the Word file into the new room's files: the same bytes under the new room.
    const imported = await markdownOf(bed.ada.page);
    expect(imported).not.toContain(path.split("/")[2]!);
    expect(sameRoom(imported, false)).toBe(sameRoom(markdown, false));
    // The colour, the highlight and the rule, which Markdown cannot hold, came back too.
    expect(sameRoom(await htmlOf(bed.ada.page), false)).toBe(sameRoom(html, false));
  });
});

describe("a document with crafted attributes", () => {
  it("breaks neither the other editors nor the exports", async () => {
    const crafted = await newRoom(bed.ada, "document");
    await shareWith(bed.ada, mallory.user.email, "Can edit");
    await shareWith(bed.ada, bed.bob.email, "Can edit");
    await openRoom(bed.bob, crafted);
    const { doc, provider } = connect(bed.server, mallory, decodeURIComponent(crafted.split("/")[2]!));
    try {
      await until(() => provider.synced, "Mallory's client to sync");
      const element = (name: string, attrs: Record<string, unknown>, ...children: Array<Y.XmlElement | Y.XmlText>) => {
        const el = new Y.XmlElement(name);
        for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value as string);
        el.insert(0, children);
        return el;
      };
      const text = (value: string, format: Record<string, unknown> = {}) => {
        const t = new Y.XmlText();
        t.insert(0, value, format);
        return t;
      };
      const markup = '"><script>alert(document.cookie)</script>';
      // One ordinary paragraph last, in the same transaction: once Ada sees it, she has them all.
      doc.transact(() =>
        doc
          .getXmlFragment("prosemirror")
          .insert(0, [
            element("heading", { level: 1e21 }, text("Huge heading")),
            element("table", {}, element("table_row", {}, element("table_cell", { colspan: 1e9, rowspan: 1, colwidth: null }, text("wide")))),
            element("paragraph", {}, element("image", { src: `javascript:alert(1)//${markup}`, alt: { x: 1 }, width: "1e99" })),
            element(
              "paragraph",
              {},
              text("red", { text_color: { color: `red;background:url(https://evil.example/)${markup}` } }),
              text(" link", { link: { href: "javascript:alert(1)", title: markup } }),
            ),
            element("code_block", { params: markup }, text("x")),
            element("task_list", {}, element("task_item", { checked: markup }, element("paragraph", {}, text("task")))),
            element("paragraph", {}, text("after")),
          ]),
      );
      await expect.poll(() => docText(bed.ada.page)).toContain("after");
    } finally {
      provider.destroy();
    }
    const ada = editor(bed.ada.page);
    expect(await ada.locator("h1").textContent()).toBe("Huge heading");
    expect(await ada.locator("script").count()).toBe(0);
    expect(await ada.locator("img[src]").count()).toBe(0);
    expect(await ada.locator("a[href]").count()).toBe(0);
    expect(await ada.locator("span[class], span[style]").filter({ hasText: "red" }).count()).toBe(0);
    expect(await ada.getByRole("checkbox", { name: "Done" }).isChecked()).toBe(false);

    // Both editors still work together.
    await ada.locator("p", { hasText: "after" }).click();
    await bed.ada.page.keyboard.press("End");
    await bed.ada.page.keyboard.type(" still fine");
    await expect.poll(() => docText(bed.bob.page)).toContain("after still fine");

    const md = await markdownOf(bed.ada.page);
    for (const bad of ["javascript:", "<script", "evil.example"]) expect(md).not.toContain(bad);
    expect(md).toContain("after still fine");
    const html = readFileSync(await (await exported(bed.ada.page, "Web page (.html)")).path(), "utf8");
    const page = await bed.ada.page.evaluate((text) => {
      const parsed = new DOMParser().parseFromString(text, "text/html");
      return {
        scripts: parsed.querySelectorAll("script").length,
        addresses: [...parsed.querySelectorAll("[href], [src]")].map((el) => el.getAttribute("href") ?? el.getAttribute("src")),
        styled: parsed.querySelectorAll("[style]").length,
        text: parsed.body.textContent,
      };
    }, html);
    expect(page).toMatchObject({ scripts: 0, addresses: [], styled: 0, text: expect.stringContaining("after still fine") });
    expect(errors).toEqual([]);
  });
  it("an imported HTML page keeps only what the schema knows", async () => {
    const page = [
      "<h2 onclick=alert(1)>Agenda<script>alert(document.cookie)</script></h2>",
      '<p><span style="position: fixed; color: rgb(255, 0, 0)">Urgent </span><a href="javascript:alert(1)">trap</a> <a href="https://example.com/">site</a></p>',
      '<table><tr><th colspan="1000000000">Wide</th></tr><tr><td><p>One</p><p>cell</p></td></tr></table>',
      '<ul class="contains-task-list"><li class="task-list-item"><input type="checkbox" checked> Done</li></ul>',
      '<p><img src="https://tracker.example/p.gif" alt="pixel"><mark>marked</mark><iframe src="/"></iframe></p>',
    ].join("");
    await bed.ada.page.goto("/");
    await bed.ada.page
      .getByLabel("Import a Markdown, HTML, Word or text file")
      .setInputFiles({ name: "Agenda.html", mimeType: "text/html", buffer: Buffer.from(page) });
    await bed.ada.page.waitForURL(/\/rooms\//);
    const ada = editor(bed.ada.page);
    await expect.poll(() => ada.locator("h2").textContent()).toBe("Agenda");
    expect(await ada.locator("script, iframe, [onclick], [style], img").count()).toBe(0);
    expect(await ada.locator("a").evaluateAll((links) => links.map((a) => [a.textContent, a.getAttribute("href")]))).toEqual([
      ["site", "https://example.com/"],
    ]);
    expect(await ada.locator("span.text-red").textContent()).toBe("Urgent ");
    expect(await ada.locator("mark.highlight-yellow").textContent()).toBe("marked");
    // The header's span is clamped to 100 columns; the row under it is filled up to match.
    expect(await ada.locator("th").getAttribute("colspan")).toBe("100");
    expect(await rows(bed.ada.page)).toEqual([["Wide"], ["Onecell", ...Array(99).fill("")]]);
    expect(await tasks(bed.ada.page)).toEqual([[true, "Done"]]);
    expect(errors).toEqual([]);
  });
});
