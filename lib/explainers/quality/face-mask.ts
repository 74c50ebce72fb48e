// The face region of an aligned face, from its 68 landmarks (iBUG order): the jaw line (0–16) closed over
// the eyebrows (26…17) raised by a third of the brow-to-chin height, so the forehead counts as face.
// Pure: landmarks in, a 0/1 mask out.

export function faceRegionPolygon(landmarks: readonly (readonly [number, number])[]): [number, number][] {
  if (landmarks.length < 27) throw new Error(`need the 68 face landmarks, got ${landmarks.length}`);
  const jaw = landmarks.slice(0, 17);
  const brows = landmarks.slice(17, 27);
  const browY = brows.reduce((s, p) => s + p[1], 0) / brows.length;
  const chinY = landmarks[8]?.[1] ?? browY;
  const lift = (chinY - browY) / 3;
  const forehead = [...brows].reverse().map(([x, y]): [number, number] => [x, y - lift]);
  return [...jaw.map(([x, y]): [number, number] => [x, y]), ...forehead];
}

/** Even-odd point-in-polygon test at each pixel centre; 1 inside, 0 outside. */
export function rasterizePolygon(polygon: readonly (readonly [number, number])[], width: number, height: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const py = y + 0.5;
    for (let x = 0; x < width; x++) {
      const px = x + 0.5;
      let inside = false;
      for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
        const [xi, yi] = polygon[i] ?? [0, 0];
        const [xj, yj] = polygon[j] ?? [0, 0];
        if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
      }
      mask[y * width + x] = inside ? 1 : 0;
    }
  }
  return mask;
}

export interface MassOnFace {
  /** Σ_face |a| / Σ |a|. */
  share: number;
  /** The face region's share of the image. */
  areaShare: number;
  /** share / areaShare: 1 for a uniform map, above 1 when attribution concentrates on the face. */
  concentration: number;
}

export function attributionMassOnFace(map: ArrayLike<number>, mask: ArrayLike<number>): MassOnFace {
  if (map.length !== mask.length) throw new Error('map and mask differ in size');
  let onFace = 0;
  let total = 0;
  let area = 0;
  for (let i = 0; i < map.length; i++) {
    const a = Math.abs(map[i] ?? 0);
    total += a;
    if (mask[i]) { onFace += a; area++; }
  }
  const areaShare = area / Math.max(1, map.length);
  const share = total > 0 ? onFace / total : 0;
  return { share, areaShare, concentration: areaShare > 0 ? share / areaShare : 0 };
}
