/** The few line icons the pages use (24×24, drawn with the current text colour). */
import { svg } from "./dom";

const PATHS = {
  bold: "M7 5h6a3.5 3.5 0 0 1 0 7H7zM7 12h7a3.5 3.5 0 0 1 0 7H7z",
  italic: "M10 5h8M6 19h8M14 5l-4 14",
  link: "M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1",
  bulletList: "M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01",
  orderedList: "M10 6h10M10 12h10M10 18h10M4 5l1.5-1v5M3.5 14.5a1.5 1.5 0 0 1 3 .5L3.5 19h3",
  quote: "M5 11h4v6H5zM5 11c0-3 1.5-5 4-6M14 11h4v6h-4zM14 11c0-3 1.5-5 4-6",
  undo: "M9 14L4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11",
  redo: "M15 14l5-5-5-5M20 9H9.5a5.5 5.5 0 0 0 0 11H13",
  pen: "M4 20l4-1L19 8a2.1 2.1 0 0 0-3-3L5 16zM14 7l3 3",
  eraser: "M16 4l4 4-10 10H6l-2-2a1.4 1.4 0 0 1 0-2zM9 21h11M11 9l4 4",
  hand: "M8 13V5.5a1.5 1.5 0 0 1 3 0V12M11 11.5v-8a1.5 1.5 0 0 1 3 0V12M14 5.5a1.5 1.5 0 0 1 3 0V13M17 8.5a1.5 1.5 0 0 1 3 0V15a6 6 0 0 1-6 6h-2a6 6 0 0 1-5-2.7L4.3 14a1.5 1.5 0 0 1 2.5-1.7L8 14",
  plus: "M12 5v14M5 12h14",
  minus: "M5 12h14",
  history: "M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5M12 7v5l3 3",
  share: "M16 8a3 3 0 1 0 0-.01M8 15a3 3 0 1 0 0-.01M16 21a3 3 0 1 0 0-.01M10.6 13.5l2.8-3M10.6 16.5l2.8 2",
  download: "M12 4v11M7 10l5 5 5-5M5 20h14",
  upload: "M12 20V9M7 14l5-5 5 5M5 4h14",
  close: "M6 6l12 12M18 6L6 18",
  doc: "M7 3h7l5 5v13H7zM14 3v5h5M10 13h6M10 17h6",
  board: "M4 5h16v11H4zM9 20l3-4 3 4M8 12c2-4 4 1 6-3 1-1.5 2 0 2 0",
  trash: "M5 7h14M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3",
  back: "M15 18l-6-6 6-6",
  fit: "M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5",
  comment: "M5 5h14v10H10l-4 4v-4H5z",
  bell: "M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15zM10 20.5a2 2 0 0 0 4 0",
  check: "M5 12.5l4.5 4.5L19 7.5",
  image: "M4 5h16v14H4zM4 16l5-5 4 4 2-2 5 5M15 9.5a1.5 1.5 0 1 0 0-.01",
  edit: "M4 20h4L19 9a2.1 2.1 0 0 0-3-3L5 17zM14 8l2 2",
  select: "M5 3l6 17 2.5-7L20 10.5z",
  rect: "M4 6h16v12H4z",
  ellipse: "M12 5c4.4 0 8 3.1 8 7s-3.6 7-8 7-8-3.1-8-7 3.6-7 8-7z",
  line: "M5 19L19 5",
  arrow: "M5 19L19 5M10 5h9v9",
  text: "M5 6V4h14v2M12 4v16M9 20h6",
  sticky: "M5 4h14v10l-6 6H5zM13 20v-6h6",
  "to-front": "M8 8h12v12H8zM4 16V4h12",
  "to-back": "M4 4h12v12H4zM20 8v12H8",
} as const;

export type IconName = keyof typeof PATHS;

export function icon(name: IconName): SVGSVGElement {
  return svg(
    "svg",
    {
      viewBox: "0 0 24 24",
      width: 18,
      height: 18,
      fill: "none",
      stroke: "currentColor",
      "stroke-width": 1.8,
      "stroke-linecap": "round",
      "stroke-linejoin": "round",
      "aria-hidden": "true",
      class: "icon",
    },
    svg("path", { d: PATHS[name] }),
  );
}
