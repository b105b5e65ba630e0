/**
 * The objects on the live board: one SVG group per object that reads (readObject), kept in
 * z order, redrawn when its map changes. An object of the wrong shape has no group until a
 * change fixes it.
 */
import type * as Y from "yjs";
import { svg } from "../lib/dom";
import { type BoardObject, type ObjectData, readObjects } from "./objects";
import { drawObject, objectElement } from "./render";

export interface ObjectLayer {
  el: SVGGElement;
  /** The objects as last drawn, back to front. */
  current(): readonly ObjectData[];
  byId(id: string): ObjectData | undefined;
  /** Called after every redraw (selections follow the objects). */
  onChange(listener: () => void): void;
  destroy(): void;
}

export function mountObjectLayer(objects: Y.Map<BoardObject>): ObjectLayer {
  const el = svg("g", { class: "objects" });
  const shown = new Map<string, { data: ObjectData; el: SVGGElement }>();
  const listeners: Array<() => void> = [];
  let current: ObjectData[] = [];

  const sync = () => {
    current = readObjects(objects);
    const live = new Set(current.map((o) => o.id));
    for (const [id, entry] of shown) if (!live.has(id)) entry.el.remove(), shown.delete(id);
    for (const data of current) {
      const entry = shown.get(data.id);
      if (!entry) shown.set(data.id, { data, el: objectElement(data) });
      else if (JSON.stringify(entry.data) !== JSON.stringify(data)) drawObject(entry.el, data), (entry.data = data);
    }
    // Re-appending in order moves only the groups whose place changed.
    current.forEach((data, i) => {
      const node = shown.get(data.id)!.el;
      if (el.children[i] !== node) el.insertBefore(node, el.children[i] ?? null);
    });
    for (const listener of listeners) listener();
  };
  objects.observeDeep(sync);
  sync();

  return {
    el,
    current: () => current,
    byId: (id) => shown.get(id)?.data,
    onChange: (listener) => void listeners.push(listener),
    destroy: () => objects.unobserveDeep(sync),
  };
}
