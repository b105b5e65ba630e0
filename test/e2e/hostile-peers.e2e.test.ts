/**
 * What a member can send that other people's pages must survive. The room checks that frames
 * decode (presence is JSON, updates are Yjs), not what they mean to the pages, so the pages
 * check shapes themselves: presence in web/src/room/presence-shape.ts, whiteboard strokes in
 * readStroke (web/src/board/model.ts), board objects in readObject (web/src/board/objects.ts).
 * A stock Node client (Mallory) sends crafted data while
 * people use the pages in Chromium.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type Account, connect, signUp, until } from "./http-client";
import { caretToEnd, docText, newRoom, openRoom, shareWith } from "./room-page";
import { chromiumTestbed } from "./testbed";

const bed = chromiumTestbed({ ada: "Ada Lovelace", bob: "Bob Stone" });
let mallory: Account;
/** Uncaught errors in Ada's and Bob's pages: there must be none. */
const errors: string[] = [];

beforeAll(async () => {
  mallory = await signUp(bed.server, "Mallory");
  for (const person of [bed.ada, bed.bob]) person.page.on("pageerror", (err) => errors.push(`${person.name}: ${err.message}`));
});

const roomOf = (path: string) => decodeURIComponent(path.split("/")[2]!);

/** A cursor y-prosemirror resolves: the end of the document's root fragment ("prosemirror"). */
const atEnd = { type: null, tname: "prosemirror", item: null, assoc: 0 };
const validCursor = { anchor: atEnd, head: atEnd };

/** States that threw inside y-prosemirror's cursor plugin or the avatars before the pages checked them. */
const crafted: Array<Record<string, unknown>> = [
  { user: 5, cursor: validCursor },
  { user: "Mallory", cursor: validCursor },
  { user: { id: "m1", name: "Mallory", color: "#123456" }, cursor: "here" },
  { user: { id: "m2", name: "Mallory", color: "#123456" }, cursor: { anchor: {}, head: {} } },
  { user: { id: "m3", name: "Mallory", color: "#123456" }, cursor: { anchor: { item: { client: -1, clock: -1 } }, head: atEnd } },
  { user: { id: "m4", name: "Mallory", color: "#123456" }, cursor: { anchor: null, head: null } },
  { user: { id: "m5", name: 42, color: "#123456" } },
  { user: { id: "m6", name: ["M"], color: { r: 1 } }, cursor: validCursor },
  // Longer than a page shows (256), shorter than a state the room relays at all (MAX_PRESENCE_STATE_CHARS).
  { user: { id: "m7", name: "M".repeat(4_000), color: "red; background: url(https://evil.example/)" }, cursor: validCursor },
  { user: { id: "m8", name: "Mallory", color: "#123456" }, cursor: { anchor: atEnd, head: { tname: "meta" } } },
];

describe("presence of the wrong shape", () => {
  it("a member's crafted presence states leave both editors converging and without page errors", { timeout: 120_000 }, async () => {
    const path = await newRoom(bed.ada, "document");
    await shareWith(bed.ada, bed.bob.email, "Can edit");
    await shareWith(bed.ada, mallory.user.email, "Can view");
    await openRoom(bed.bob, path);
    // Each types in their own paragraph, so that both lines read back whole.
    await caretToEnd(bed.ada.page);
    await bed.ada.page.keyboard.type("Ada:");
    await expect.poll(() => docText(bed.bob.page)).toBe("Ada:");
    await caretToEnd(bed.bob.page);
    await bed.bob.page.keyboard.type("\nBob:");
    await expect.poll(() => docText(bed.ada.page)).toBe("Ada:Bob:");

    const sender = connect(bed.server, mallory, roomOf(path));
    // A second socket sees what the room relays: the room sends each presence batch to every
    // socket at once, so once this one has a state the pages have been sent it too.
    const witness = connect(bed.server, mallory, roomOf(path));
    try {
      await until(() => sender.provider.synced && witness.provider.synced, "Mallory's clients to sync");
      const relayed = (step: number) => witness.provider.awareness.getStates().get(sender.provider.awareness.clientID)?.step === step;
      for (const [step, state] of crafted.entries()) {
        sender.provider.awareness.setLocalState({ ...state, step });
        await until(() => relayed(step), `crafted state ${step} to be relayed`);
        await Promise.all([bed.ada.page.keyboard.type(` a${step}`), bed.bob.page.keyboard.type(` b${step}`)]);
      }
      // A well-formed state last: once both pages show its caret they have read every state before it.
      sender.provider.awareness.setLocalState({ user: { id: mallory.user.id, name: "Mallory", color: "#123456" }, cursor: validCursor });
      for (const person of [bed.ada, bed.bob]) await expect.poll(() => person.page.locator(".ProseMirror-yjs-cursor", { hasText: "Mallory" }).count()).toBe(1);
    } finally {
      sender.provider.destroy();
      witness.provider.destroy();
    }

    const typed = (prefix: string) => crafted.map((_, step) => ` ${prefix}${step}`).join("");
    for (const person of [bed.ada, bed.bob]) await expect.poll(() => docText(person.page)).toBe(`Ada:${typed("a")}Bob:${typed("b")}`);
    expect(errors).toEqual([]);
  });
});

describe("whiteboard strokes of the wrong shape", () => {
  it("a member's crafted stroke is neither drawn nor in the SVG another person downloads", async () => {
    const path = await newRoom(bed.ada, "whiteboard");
    await shareWith(bed.ada, mallory.user.email, "Can edit");
    const { doc, provider } = connect(bed.server, mallory, roomOf(path));
    try {
      await until(() => provider.synced, "Mallory's client to sync");
      const markup = '"/><script>alert(document.cookie)</script><path d="';
      const stroke = (color: string, width: number | string, points: Array<number | string>) =>
        new Y.Map<unknown>([
          ["color", color],
          ["width", width],
          ["by", mallory.user.id],
          ["points", Y.Array.from(points)],
        ]);
      // One ordinary stroke after the crafted ones, in the same update: once Ada sees it, she has them all.
      doc
        .getArray("strokes")
        .push([
          stroke("#1f2430", 4, [0, 0, 10, `10${markup}`]),
          stroke(`#e5484d${markup}`, 4, [0, 0, 10, 10]),
          stroke("#1f2430", `4${markup}`, [0, 0, 10, 10]),
          stroke("#0090ff", 2, [0, 0, 80, 60]),
        ]);
      await expect.poll(() => bed.ada.page.locator(".board-surface path.stroke").count()).toBe(1);
      expect(await bed.ada.page.locator(".board-surface path.stroke").getAttribute("stroke")).toBe("#0090ff");
    } finally {
      provider.destroy();
    }

    await bed.ada.page.getByRole("button", { name: "Export" }).click();
    const [file] = await Promise.all([bed.ada.page.waitForEvent("download"), bed.ada.page.getByRole("menuitem", { name: "Vector image (.svg)" }).click()]);
    const svg = readFileSync(await file.path(), "utf8");
    expect(svg).not.toContain("script");
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg).toContain('<path d="M0 0L80 60" fill="none" stroke="#0090ff" stroke-width="2"');
    expect(errors).toEqual([]);
  });
});

describe("whiteboard objects and selections of the wrong shape", () => {
  it("a member's crafted objects are neither drawn nor exported, and a crafted selection is ignored", async () => {
    const path = await newRoom(bed.ada, "whiteboard");
    await shareWith(bed.ada, mallory.user.email, "Can edit");
    const { doc, provider } = connect(bed.server, mallory, roomOf(path));
    // A second socket sees what the room relays, as in the presence test above.
    const witness = connect(bed.server, mallory, roomOf(path));
    try {
      await until(() => provider.synced && witness.provider.synced, "Mallory's clients to sync");
      const markup = '"/><script>alert(document.cookie)</script><rect x="';
      const object = (fields: Record<string, unknown>) =>
        new Y.Map<unknown>(Object.entries({ kind: "rect", x: 0, y: 0, w: 80, h: 60, z: 1, color: "#1f2430", width: 2, by: mallory.user.id, ...fields }));
      const room = encodeURIComponent(roomOf(path));
      // One ordinary object after the crafted ones, in the same transaction: once Ada sees it, she has them all.
      doc.transact(() => {
        const objects = doc.getMap("objects");
        objects.set("x1", object({ kind: "script" }));
        objects.set("x2", object({ x: `10${markup}` }));
        objects.set("x3", object({ color: `#e5484d${markup}` }));
        objects.set("x4", object({ w: Number.POSITIVE_INFINITY }));
        objects.set("x5", object({ kind: "text", text: new Y.Text("typed") }));
        objects.set("x6", object({ kind: "image", src: `javascript:alert(1)//${markup}` }));
        objects.set("x7", object({ kind: "image", src: `https://evil.example/api/rooms/${room}/files/${"0".repeat(64)}` }));
        objects.set(`x8${markup}`, object({}));
        objects.set("x9", new Y.Array());
        objects.set("ok", object({ kind: "sticky", w: 900, h: 200, fill: "#cfe6ff", text: `hello ${markup}` }));
      });
      await expect.poll(() => bed.ada.page.locator(".board-surface .board-object").count()).toBe(1);
      expect(await bed.ada.page.locator(".board-object").getAttribute("data-kind")).toBe("sticky");
      expect(await bed.ada.page.locator(".board-object").textContent()).toContain("<script>");

      // Crafted selections draw nothing; a well-formed one is outlined with Mallory's name.
      const mallorys = { id: mallory.user.id, name: "Mallory", color: "#123456" };
      const relayed = (step: number) => witness.provider.awareness.getStates().get(provider.awareness.clientID)?.step === step;
      const craftedSelections = ['"><script>', ["ok", '"><img src=x>'], Array.from({ length: 1001 }, () => "ok"), { 0: "ok" }];
      for (const [step, selection] of craftedSelections.entries()) {
        provider.awareness.setLocalState({ user: mallorys, selection, step });
        await until(() => relayed(step), `crafted selection ${step} to be relayed`);
      }
      expect(await bed.ada.page.locator(".selection-layer > *").count()).toBe(0);
      // A well-formed selection last: once Ada's board outlines it, it has read every state before it.
      provider.awareness.setLocalState({ user: mallorys, selection: ["ok"] });
      await expect.poll(() => bed.ada.page.locator(".selection-label").getAttribute("data-name")).toBe("Mallory");
      expect(await bed.ada.page.locator(".selection-layer rect").count()).toBe(1);
    } finally {
      provider.destroy();
      witness.provider.destroy();
    }

    await bed.ada.page.getByRole("button", { name: "Export" }).click();
    const [file] = await Promise.all([bed.ada.page.waitForEvent("download"), bed.ada.page.getByRole("menuitem", { name: "Vector image (.svg)" }).click()]);
    const svg = readFileSync(await file.path(), "utf8");
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("evil.example");
    expect(svg).toContain("hello &#34;/&#62;&#60;script&#62;");
    expect(errors).toEqual([]);
  });
});
