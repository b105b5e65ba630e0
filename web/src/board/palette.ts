/** The whiteboard's floating toolbar: tools, shapes, colours, widths, undo/redo, what to do with a selection, and zoom. */
import { h } from "../lib/dom";
import { type IconName, icon } from "../lib/icons";
import { COLORS, WIDTHS } from "./ink";

export type Tool = "select" | "pen" | "eraser" | "hand" | "rect" | "ellipse" | "line" | "arrow" | "text" | "sticky";
/** The tools that place an object. */
export const SHAPE_TOOLS = ["rect", "ellipse", "line", "arrow", "text", "sticky"] as const;
export type ShapeTool = (typeof SHAPE_TOOLS)[number];
export const isShapeTool = (tool: Tool): tool is ShapeTool => (SHAPE_TOOLS as readonly string[]).includes(tool);

export interface PaletteState {
  tool: Tool;
  color: string;
  width: number;
}

export interface PaletteActions {
  undo(): void;
  redo(): void;
  zoom(factor: number): void;
  fit(): void;
  image(): void;
  front(): void;
  back(): void;
  /** Turns the selection a step clockwise. */
  turn(): void;
  remove(): void;
  /** The tool changed (the board shows its cursor). */
  tool(tool: Tool): void;
  /** A colour or width was picked (the selection takes it). */
  styled(change: Partial<PaletteState>): void;
}

export interface Palette {
  el: HTMLElement;
  zoomEl: HTMLElement;
  state: PaletteState;
  setTool(tool: Tool): void;
  setZoom(scale: number): void;
  setEditable(editable: boolean): void;
  setHistory(canUndo: boolean, canRedo: boolean): void;
  /** How many objects I have selected: their actions show when there are some. */
  setSelected(count: number): void;
}

const TOOLS: Array<[Tool, IconName, string]> = [
  ["select", "select", "Select (V)"],
  ["pen", "pen", "Pen (P)"],
  ["eraser", "eraser", "Eraser (E)"],
  ["rect", "rect", "Rectangle (R)"],
  ["ellipse", "ellipse", "Ellipse (O)"],
  ["line", "line", "Line (L)"],
  ["arrow", "arrow", "Arrow (A)"],
  ["text", "text", "Text (T)"],
  ["sticky", "sticky", "Sticky note (N)"],
];

export function createPalette(actions: PaletteActions): Palette {
  const state: PaletteState = { tool: "pen", color: COLORS[0], width: WIDTHS[1] };
  // Buttons never take focus: Space must stay the pan key, not click the last button used.
  const noFocus = (event: Event) => event.preventDefault();
  const button = (name: IconName, label: string, onclick: () => void) =>
    h("button", { class: "tool", type: "button", title: label, "aria-label": label, onclick, onmousedown: noFocus }, icon(name));
  const toolButtons = new Map<Tool, HTMLButtonElement>(TOOLS.map(([tool, name, label]) => [tool, button(name, label, () => setTool(tool))]));
  const hand = button("hand", "Pan (H, or hold Space)", () => setTool("hand"));
  toolButtons.set("hand", hand);
  const colorButtons = COLORS.map((color) => {
    const swatch = h("button", {
      class: "swatch",
      type: "button",
      title: "Colour",
      "aria-label": `Colour ${color}`,
      onclick: () => pick({ color }),
      onmousedown: noFocus,
    });
    swatch.style.setProperty("--swatch", color);
    return swatch;
  });
  const widthButtons = WIDTHS.map((width) => {
    const dot = h("span", { class: "width-dot" });
    dot.style.width = dot.style.height = `${width + 2}px`;
    return h(
      "button",
      { class: "tool", type: "button", title: `Width ${width}`, "aria-label": `Width ${width}`, onclick: () => pick({ width }), onmousedown: noFocus },
      dot,
    );
  });
  const undo = button("undo", "Undo (Ctrl+Z)", actions.undo);
  const redo = button("redo", "Redo (Ctrl+Shift+Z)", actions.redo);
  const zoomLabel = h("span", { class: "zoom-label" }, "100%");
  const sep = () => h("span", { class: "tool-sep" });

  function render(): void {
    for (const [tool, b] of toolButtons) b.classList.toggle("active", state.tool === tool);
    colorButtons.forEach((b, i) => b.classList.toggle("active", COLORS[i] === state.color));
    widthButtons.forEach((b, i) => b.classList.toggle("active", WIDTHS[i] === state.width));
  }
  function setTool(tool: Tool): void {
    state.tool = tool;
    render();
    actions.tool(tool);
  }
  function pick(change: Partial<PaletteState>): void {
    Object.assign(state, change);
    if (state.tool === "eraser") setTool("pen");
    render();
    actions.styled(change);
  }
  const selected = h(
    "div",
    { class: "palette-group selection-actions", role: "group", "aria-label": "Selection", hidden: true },
    button("to-front", "Bring to front (])", actions.front),
    button("to-back", "Send to back ([)", actions.back),
    button("rotate", "Rotate (Shift+R, Shift+L)", actions.turn),
    button("trash", "Delete (Del)", actions.remove),
  );
  const drawing = h(
    "div",
    { class: "palette-group" },
    ...TOOLS.map(([tool]) => toolButtons.get(tool)!),
    button("image", "Image (I)", actions.image),
    sep(),
    ...colorButtons,
    sep(),
    ...widthButtons,
    sep(),
    undo,
    redo,
    sep(),
  );
  render();
  return {
    el: h("div", { class: "palette", role: "toolbar", "aria-label": "Drawing tools" }, drawing, hand, selected),
    zoomEl: h(
      "div",
      { class: "zoom-controls" },
      button("minus", "Zoom out", () => actions.zoom(1 / 1.25)),
      zoomLabel,
      button("plus", "Zoom in", () => actions.zoom(1.25)),
      button("fit", "Fit to content", actions.fit),
    ),
    state,
    setTool,
    setZoom: (scale) => (zoomLabel.textContent = `${Math.round(scale * 100)}%`),
    setEditable(editable) {
      drawing.hidden = !editable;
      if (!editable) setTool("hand"), (selected.hidden = true);
    },
    setHistory(canUndo, canRedo) {
      undo.disabled = !canUndo;
      redo.disabled = !canRedo;
    },
    setSelected(count) {
      selected.hidden = count === 0 || drawing.hidden;
    },
  };
}
