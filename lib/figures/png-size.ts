// Pixel size of a figure's PNG: twice the size on screen, and at least 1200 px wide, so that it stays
// sharp printed at a column's width; capped so that a tall figure (one bar row per category) stays
// within what browsers will draw on one canvas.

const MIN_WIDTH_PX = 1200;
// Chrome refuses canvases over 268 million pixels and some browsers far fewer (Safari: 16.7 M).
const MAX_PIXELS = 16_000_000;

export function pngScale(width: number, height: number): number {
  const wanted = Math.max(2, MIN_WIDTH_PX / Math.max(1, width));
  const cap = Math.sqrt(MAX_PIXELS / Math.max(1, width * height));
  return Math.min(wanted, cap);
}
