// Does an image have structure at all? Pixel standard deviation (flat images are near 0) and the share
// of saturated pixels (every channel at 0 or 1), on HWC data in [0,1].

export interface ImageStructure {
  /** Standard deviation of all values (channels pooled), 0–1 scale. */
  pixelStd: number;
  /** Share of pixels whose every channel is below 0.02 or above 0.98. */
  saturatedShare: number;
}

export function measureImageStructure(data: ArrayLike<number>, channels = 3): ImageStructure {
  const n = data.length;
  if (n === 0 || n % channels !== 0) throw new Error(`image data of length ${n} does not hold ${channels}-channel pixels`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += data[i] ?? 0;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((data[i] ?? 0) - mean) ** 2;
  let saturated = 0;
  const pixels = n / channels;
  for (let p = 0; p < pixels; p++) {
    let all = true;
    for (let c = 0; c < channels; c++) {
      const v = data[p * channels + c] ?? 0;
      if (v > 0.02 && v < 0.98) { all = false; break; }
    }
    if (all) saturated++;
  }
  return { pixelStd: Math.sqrt(ss / n), saturatedShare: saturated / pixels };
}
