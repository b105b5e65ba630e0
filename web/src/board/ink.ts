/**
 * The colours and widths a stroke may have: the palette offers exactly these, and the board
 * draws and exports only strokes in them (a crafted update can store anything in a stroke).
 */
export const COLORS = ["#1f2430", "#e5484d", "#f76b15", "#30a46c", "#0090ff", "#8e4ec6"] as const;
export const WIDTHS = [2, 4, 8] as const;

export const isColor = (value: unknown): value is (typeof COLORS)[number] => (COLORS as readonly unknown[]).includes(value);
export const isWidth = (value: unknown): value is (typeof WIDTHS)[number] => (WIDTHS as readonly unknown[]).includes(value);
