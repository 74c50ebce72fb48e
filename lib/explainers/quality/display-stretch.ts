// Inversions are shown contrast-stretched, as the inversion papers' figures are: the α-norm and TV terms
// pull pixels towards mid-grey, so the raw reconstruction is washed out. One linear map for all channels
// (hues keep their relations): the 1st percentile → 0, the 99th → 1, clipped. The quality report measures
// this displayed image, because it is what participants see.

export interface Stretch {
  data: Float32Array;
  low: number;
  high: number;
}

export function stretchContrast(data: ArrayLike<number>, lowPercentile = 1, highPercentile = 99): Stretch {
  const sorted = Float32Array.from(data).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round((p / 100) * (sorted.length - 1))))] ?? 0;
  const low = at(lowPercentile);
  const high = at(highPercentile);
  const out = new Float32Array(data.length);
  // A flat image stays as it is: stretching nothing would only amplify rounding noise.
  if (high - low < 1e-6) {
    for (let i = 0; i < out.length; i++) out[i] = data[i] ?? 0;
    return { data: out, low, high };
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, ((data[i] ?? 0) - low) / (high - low)));
  return { data: out, low, high };
}
