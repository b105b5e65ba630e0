/** What the browser tests do and read on a room's page, shared by the page test files. */
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import type { Person } from "./chromium";

export const editor = (page: Page) => page.locator(".doc-body").first();

/** Puts the caret at the end of the document, as someone clicking in and pressing Ctrl+End. */
export async function caretToEnd(page: Page): Promise<void> {
  await caretToEndOf(page, editor(page), "Control+End");
}

/**
 * Clicks into `target` and presses `key` until the caret shows at the end of its text, as a
 * person looks before typing on: ProseMirror may put back the clicked position when a key
 * follows a click within milliseconds, which a person's hand never does.
 */
export async function caretToEndOf(page: Page, target: Locator, key = "End"): Promise<void> {
  await target.click();
  await expect
    .poll(async () => {
      await page.keyboard.press(key);
      return target.evaluate((el) => {
        const selection = getSelection();
        if (!selection?.isCollapsed || !selection.focusNode || !el.contains(selection.focusNode)) return false;
        const after = document.createRange();
        after.selectNodeContents(el);
        after.setStart(selection.focusNode, selection.focusOffset);
        const rest = after.cloneContents();
        for (const caret of rest.querySelectorAll(".ProseMirror-yjs-cursor")) caret.remove();
        return (rest.textContent ?? "") === "";
      });
    })
    .toBe(true);
}

/** The document's text as its reader sees it: without the name labels of other people's carets. */
export const docText = (page: Page) =>
  editor(page).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".ProseMirror-yjs-cursor").forEach((caret) => caret.remove());
    return copy.textContent ?? "";
  });

export const status = (page: Page) => page.locator("#status");

/** Creates a room from the rooms list and returns its URL path. */
export async function newRoom(person: Person, kind: "document" | "whiteboard"): Promise<string> {
  await person.page.goto("/");
  await person.page.getByRole("button", { name: kind === "document" ? "New document" : "New whiteboard" }).click();
  await person.page.waitForURL(/\/rooms\/[^/]+$/);
  await expect.poll(() => status(person.page).getAttribute("data-connection")).toBe("connected");
  return new URL(person.page.url()).pathname;
}

/** The owner shares the open room with `email` through the share dialog. */
export async function shareWith(owner: Person, email: string, role: "Can edit" | "Can comment" | "Can view"): Promise<void> {
  await owner.page.getByRole("button", { name: "Share" }).click();
  const dialog = owner.page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await dialog.getByRole("button", { name: "Invite" }).click();
  await expect.poll(() => dialog.getByRole("list", { name: "People with access" }).textContent()).toContain(email);
  await dialog.getByRole("button", { name: "Done" }).click();
}

export async function openRoom(person: Person, path: string): Promise<void> {
  await person.page.goto(path);
  await expect.poll(() => status(person.page).getAttribute("data-connection")).toBe("connected");
}

/** A PNG drawn in the page (a labelled colour card), as base64. */
export const drawnPng = (page: Page, label: string, color: string) =>
  page.evaluate(
    ({ label, color }) => {
      const canvas = document.createElement("canvas");
      canvas.width = 320;
      canvas.height = 160;
      const g = canvas.getContext("2d")!;
      g.fillStyle = color;
      g.fillRect(0, 0, 320, 160);
      g.fillStyle = "#ffffff";
      g.font = "bold 28px sans-serif";
      g.fillText(label, 24, 90);
      return canvas.toDataURL("image/png").split(",")[1]!;
    },
    { label, color },
  );
