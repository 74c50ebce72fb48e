// Colour maps for display only (raw maps stay Float32Array). Viridis is perceptually uniform and
// sequential, for non-negative maps; RdBu (ColorBrewer) is diverging, for signed maps, with white at 0.
// Both are piecewise-linear through published anchor colours (11 evenly spaced stops each); between
// stops the error to the full 256-entry tables is below what 8-bit display resolves for viridis.

export type Rgb = readonly [number, number, number];

function hexStops(hex: readonly string[]): Rgb[] {
  return hex.map((h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)] as const);
}

/** matplotlib viridis sampled at 0, 0.1, …, 1. */
const VIRIDIS = hexStops([
  '#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c', '#22a884', '#44bf70', '#7ad151', '#bddf26', '#fde725',
]);

/** ColorBrewer RdBu-11 reversed: blue for negative, white at 0, red for positive. */
const DIVERGING = hexStops([
  '#053061', '#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f7f7f7', '#fddbc7', '#f4a582', '#d6604d', '#b2182b', '#67001f',
]);

export interface Colormap {
  readonly name: string;
  /** Domain of the input: [0,1] for sequential maps, [−1,1] for diverging ones (clamped). */
  readonly domain: readonly [number, number];
  readonly stops: readonly Rgb[];
}

export const viridis: Colormap = { name: 'viridis', domain: [0, 1], stops: VIRIDIS };
export const divergingRdBu: Colormap = { name: 'rdbu', domain: [-1, 1], stops: DIVERGING };

export function colorAt(map: Colormap, value: number): Rgb {
  const [lo, hi] = map.domain;
  const t = Number.isFinite(value) ? Math.min(1, Math.max(0, (value - lo) / (hi - lo))) : 0;
  const position = t * (map.stops.length - 1);
  const i = Math.min(map.stops.length - 2, Math.floor(position));
  const f = position - i;
  const a = map.stops[i] ?? [0, 0, 0];
  const b = map.stops[i + 1] ?? a;
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
}

/** Colour a 2-D map (values in the colour map's domain) into interleaved RGB bytes. */
export function applyColormap(values: ArrayLike<number>, map: Colormap): Uint8Array {
  const out = new Uint8Array(values.length * 3);
  for (let i = 0; i < values.length; i++) out.set(colorAt(map, values[i] ?? 0), i * 3);
  return out;
}
