// Which way each quality measure (lib/explainers/quality) is better, so a rank correlation between
// being chosen and a measure can be read: for the deletion ratio a negative ρ means participants chose
// the more faithful maps; for the face-detector score a positive ρ means they chose the more face-like.

export type MeasureDirection = 'higher' | 'lower' | 'neither';

const DIRECTIONS: Record<string, MeasureDirection> = {
  deletionRatio: 'lower',
  insertionRatio: 'higher',
  faceConcentration: 'higher',
  faceDetected: 'higher',
  featureError: 'lower',
  ssim: 'higher',
  // Numeric only for age: the inversion's predicted age minus the face's, in years (absolute).
  predictionPreserved: 'lower',
  targetProbability: 'higher',
  relativeActivation: 'higher',
  distinctSsim: 'lower',
  saturatedShare: 'lower',
  // An age estimate or a spread is not better one way or the other.
  targetAge: 'neither',
  pixelStd: 'neither',
};

export function measureDirection(id: string): MeasureDirection {
  return DIRECTIONS[id] ?? 'neither';
}
