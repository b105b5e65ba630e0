/**
 * A selection made with keys while a collaborator types: in real Chromium against `wrangler dev`,
 * Ada types on in her paragraph (her words and caret reach Bob many times a second) while Bob
 * selects a word with Shift+Ctrl+ArrowLeft, again and again, and colours it. The browser moves
 * the selection a moment before the editor hears of it; a remote change landing in between must
 * not put the old caret back.
 */
import { describe, expect, it } from "vitest";
import { caretToEnd, caretToEndOf, docText, editor, newRoom, openRoom, shareWith } from "./room-page";
import { chromiumTestbed } from "./testbed";

const bed = chromiumTestbed({ ada: "Ada Lovelace", bob: "Bob Stone" });

const ROUNDS = 30;

describe("a selection made with keys", () => {
  it("stays while a collaborator's words and caret keep arriving, and the colour lands on the word", { timeout: 150_000 }, async () => {
    const path = await newRoom(bed.ada, "document");
    await shareWith(bed.ada, bed.bob.email, "Can edit");
    await openRoom(bed.bob, path);
    const ada = bed.ada.page;
    const bob = bed.bob.page;

    await editor(ada).click();
    await ada.keyboard.type("Ada writes here");
    await expect.poll(() => docText(bob)).toBe("Ada writes here");
    await caretToEnd(bob);
    await bob.keyboard.press("Enter");
    await bob.keyboard.type("Bob picks words");
    await expect.poll(() => docText(ada)).toBe("Ada writes hereBob picks words");
    await caretToEndOf(ada, editor(ada).locator("p").first());

    // Ada keeps typing at the end of her paragraph, one key every few milliseconds.
    let typing = true;
    let typed = "";
    const adaTypes = (async () => {
      for (let i = 0; typing; i++) {
        const key = String.fromCharCode(97 + (i % 26));
        await ada.keyboard.type(key);
        typed += key;
      }
    })();

    const colourButton = bob.getByRole("button", { name: "Text colour" });
    try {
      for (let round = 0; round < ROUNDS; round++) {
        await bob.keyboard.press("End");
        await bob.keyboard.press("Shift+Control+ArrowLeft");
        // What Bob sees: the word selected, and the colour tool ready for it.
        await expect.poll(() => bob.evaluate(() => getSelection()?.toString()), { timeout: 3_000 }).toBe("words");
        await expect.poll(() => colourButton.isEnabled(), { timeout: 3_000 }).toBe(true);
      }
      await colourButton.click();
      await bob.getByRole("menuitem", { name: "Text colour: Red" }).click();
    } finally {
      typing = false;
      await adaTypes;
    }

    const red = editor(ada).locator("span.text-red");
    await expect.poll(() => red.evaluate((el) => el.textContent!.replace(/\u2060[^\u2060]*\u2060/g, ""))).toBe("words");
    for (const page of [ada, bob]) await expect.poll(() => docText(page), { timeout: 10_000 }).toBe(`Ada writes here${typed}Bob picks words`);
  });
});
