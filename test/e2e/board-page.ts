/** What the browser tests do and read on a whiteboard: pointer drags and clicks, objects, tools. */
import type { Page } from "playwright-core";

/** A point on the board, relative to its centre (screen pixels). */
export type BoardPoint = [number, number];

/** Where a point relative to the board's centre is on the page. */
export async function onPage(page: Page, [x, y]: BoardPoint): Promise<[number, number]> {
  const box = (await page.locator(".board-surface").boundingBox())!;
  return [box.x + box.width / 2 + x, box.y + box.height / 2 + y];
}

/** A pointer drag on the board from `from` to `to`, relative to the board's centre. */
export async function drag(page: Page, from: BoardPoint, to: BoardPoint): Promise<void> {
  await page.mouse.move(...(await onPage(page, from)));
  await page.mouse.down();
  await page.mouse.move(...(await onPage(page, to)), { steps: 6 });
  await page.mouse.up();
}

export const click = (page: Page, at: BoardPoint) => drag(page, at, at);
export const objects = (page: Page, kind: string) => page.locator(`.board-surface .board-object[data-kind="${kind}"]`);
export const tool = (page: Page, name: string) => page.getByRole("button", { name, exact: true }).click();
