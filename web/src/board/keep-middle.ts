/**
 * The board keeps what is in its middle there when its element is resized: a side panel
 * (comments, history) opening or closing beside it does not push the objects out of view.
 */
import { recentred, type Viewport } from "./viewport";

/** Watches `surface` until the returned function is called; `set` gets the recentred viewport. */
export function keepMiddleOnResize(surface: Element, get: () => Viewport, set: (viewport: Viewport) => void): () => void {
  let size: { w: number; h: number } | null = null;
  const observer = new ResizeObserver(() => {
    const now = { w: surface.clientWidth, h: surface.clientHeight };
    if (size) set(recentred(get(), now.w - size.w, now.h - size.h));
    size = now;
  });
  observer.observe(surface);
  return () => observer.disconnect();
}
