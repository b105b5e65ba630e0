/**
 * The four editor examples (examples/: Tiptap, CodeMirror 6, BlockNote, and Lexical through
 * @edge-rooms/react), built and served from one origin that passes the API and the sockets
 * to the real `wrangler dev` (example-server.ts), in Chromium. Per editor, two people in one
 * room: each types, each sees the other's text and caret, the save status goes "saving" then
 * "saved", a reload shows the stored text, and the room's JSON export holds both texts. Each
 * page keeps exactly one room socket (Lexical's page runs in StrictMode, which mounts twice).
 * And @edge-rooms/react's useThreads on the Lexical page: a comment by one person shows in
 * the other's thread count.
 */
import { execFileSync } from "node:child_process";
import type { BrowserContext, Page, WebSocket as PageSocket } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { launchChromium } from "./chromium";
import { type DevServer, startDevServer } from "./dev-server";
import { type ExampleServer, startExampleServer } from "./example-server";

const ROOT = new URL("../..", import.meta.url).pathname;
const VITE = `${ROOT}node_modules/.bin/vite`;

interface Editor {
  /** The example's folder under examples/ (and its path on the server). */
  name: string;
  /** An element of the other person's caret, holding their name. */
  caret: string;
}

const EDITORS: Editor[] = [
  { name: "tiptap", caret: ".collaboration-carets__caret" },
  { name: "codemirror", caret: ".cm-ySelectionCaret" },
  { name: "blocknote", caret: ".bn-collaboration-cursor__base" },
  { name: "lexical", caret: ".lexical-caret-name" },
];

interface Person {
  name: string;
  context: BrowserContext;
}

let server: DevServer;
let examples: ExampleServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let ada: Person;
let bob: Person;

/** Signs up through the example's own form (the Tiptap page, in a room of their own). */
async function signUp(name: string): Promise<Person> {
  const context = await browser.newContext({ baseURL: examples.url });
  const page = await context.newPage();
  await page.goto(`/tiptap/?room=home-${name.toLowerCase()}-${Date.now()}`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(`${name.toLowerCase()}-${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.locator("#status .connection", { hasText: "connected" }).waitFor();
  await page.close();
  return { name, context };
}

beforeAll(async () => {
  // The examples are built here (npm run examples:build), beside wrangler's start.
  const built = Promise.resolve().then(() => execFileSync(VITE, ["build", "--config", "examples/vite.config.mts"], { cwd: ROOT, stdio: "ignore" }));
  [server, browser] = await Promise.all([startDevServer(), launchChromium(), built]);
  examples = await startExampleServer(server);
  [ada, bob] = await Promise.all([signUp("Ada"), signUp("Bob")]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await examples?.stop();
  await server?.stop();
});

/** A page of `editor` in `roomId`, with the room sockets it opened, and its save states recorded as they change. */
async function openEditor(person: Person, editor: Editor, roomId: string) {
  const page = await person.context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  const sockets: PageSocket[] = [];
  page.on("websocket", (socket) => socket.url().includes("/rooms/") && sockets.push(socket));
  await page.goto(`/${editor.name}/?room=${roomId}`);
  const ready = async () => {
    await page.locator("#status .connection", { hasText: /^connected$/ }).waitFor();
    await text(page).waitFor();
  };
  await ready().catch((err: Error) => {
    throw new Error(`${err.message}\npage errors: ${errors.join("\n")}`);
  });
  await page.evaluate(() => {
    const save = document.querySelector<HTMLElement>("#status .save")!;
    const seen: string[] = [];
    (window as unknown as { saves: string[] }).saves = seen;
    new MutationObserver(() => seen.push(save.dataset.state ?? "")).observe(save, { attributes: true, attributeFilter: ["data-state"] });
  });
  const open = () => sockets.filter((s) => !s.isClosed()).length;
  return { page, open, errors };
}

const text = (page: Page) => page.locator('.editor [contenteditable="true"]').first();
/** Carets the editors draw inside the text, with the other person's name in them. */
const CARETS = EDITORS.map((e) => e.caret).join(", ");
/** The document's text as the editor shows it, without the others' carets and labels. */
const shownText = (page: Page) =>
  text(page).evaluate((element, carets) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll(carets)) caret.remove();
    return (copy.textContent ?? "").replace(/\u2060/g, "").trim();
  }, CARETS);
const saves = (page: Page) => page.evaluate(() => (window as unknown as { saves: string[] }).saves);

/**
 * The text in the room's JSON export (docs/api.md): a text root is its string, an XML root
 * (ProseMirror, BlockNote) a tree whose text nodes hold it, in order.
 */
function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(textOf).join("");
  if (typeof value !== "object" || value === null) return "";
  const node = value as { text?: unknown; content?: unknown };
  return typeof node.text === "string" ? node.text : textOf(node.content);
}

/** Types `words` at the end of the document. */
async function typeAtEnd(page: Page, words: string) {
  await text(page).click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(words);
}

for (const editor of EDITORS) {
  describe(`the ${editor.name} example`, () => {
    it("lets two people edit one room, with carets, a durable save and the stored text after a reload", async () => {
      const roomId = `${editor.name}-${Date.now()}`;
      // Ada's page creates the room (it did not exist), then lets anyone signed in edit it.
      const first = await openEditor(ada, editor, roomId);
      const access = await first.page.evaluate(
        async (id) =>
          (
            await fetch(`/api/rooms/${id}`, {
              method: "PATCH",
              headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ generalAccess: "editor" }),
            })
          ).status,
        roomId,
      );
      expect(access).toBe(200);
      const second = await openEditor(bob, editor, roomId);

      await typeAtEnd(first.page, "alpha from Ada");
      await expect.poll(() => text(second.page).textContent()).toContain("alpha from Ada");
      await typeAtEnd(second.page, " beta from Bob");
      await expect.poll(() => text(first.page).textContent()).toContain("beta from Bob");
      await expect.poll(async () => (await shownText(first.page)) === (await shownText(second.page))).toBe(true);

      // Each sees the other's caret (Lexical draws carets of people whose editor has focus: both typed last there).
      await second.page.locator(editor.caret, { hasText: "Ada" }).first().waitFor({ state: "attached" });
      await first.page.locator(editor.caret, { hasText: "Bob" }).first().waitFor({ state: "attached" });
      await expect.poll(() => first.page.locator("#status .others").textContent()).toBe("with Bob");

      for (const { page } of [first, second]) {
        await page.locator('#status .save[data-state="saved"]').waitFor();
        const states = await saves(page);
        expect(states).toContain("saving");
        expect(states.at(-1)).toBe("saved");
      }
      // One socket per page, StrictMode's double mount included.
      expect(first.open()).toBe(1);
      expect(second.open()).toBe(1);

      const shown = await shownText(first.page);
      expect(shown).toContain("alpha from Ada");
      await first.page.reload();
      await first.page.locator("#status .connection", { hasText: /^connected$/ }).waitFor();
      await expect.poll(() => shownText(first.page)).toBe(shown);

      const stored: unknown = await first.page.evaluate(async (id) => (await fetch(`/api/rooms/${id}/content?format=json`)).json(), roomId);
      expect(textOf(Object.values(stored as object))).toContain(shown);
      expect([...first.errors, ...second.errors]).toEqual([]);
      await Promise.all([first.page.close(), second.page.close()]);
    });
  });
}

describe("the React hooks (the Lexical example)", () => {
  it("lists the room's comment threads again when someone comments", async () => {
    const roomId = `threads-${Date.now()}`;
    const lexical = EDITORS.find((e) => e.name === "lexical")!;
    const first = await openEditor(ada, lexical, roomId);
    await first.page.evaluate(
      async (id) =>
        fetch(`/api/rooms/${id}`, { method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ generalAccess: "editor" }) }),
      roomId,
    );
    const second = await openEditor(bob, lexical, roomId);
    await second.page.locator("#status .threads", { hasText: "0 comment threads" }).waitFor();

    // A thread anchored at the start of Lexical's root (the anchor's positions name the root type).
    const start = Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(new Y.Doc().get("root", Y.XmlText), 0))).toString("base64");
    const created = await first.page.evaluate(
      async ({ id, anchor }) =>
        (
          await fetch(`/api/rooms/${id}/threads`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ anchor, quote: "the start", body: "A comment from Ada" }),
          })
        ).status,
      { id: roomId, anchor: { start, end: start } },
    );
    expect(created).toBe(201);
    await second.page.locator("#status .threads", { hasText: "1 comment thread" }).waitFor();
    expect([...first.errors, ...second.errors]).toEqual([]);
    await Promise.all([first.page.close(), second.page.close()]);
  });
});
