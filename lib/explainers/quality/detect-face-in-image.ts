// Runs the face detector on a generated image (an inversion, or the aligned face for the face mask).
// The aligned crops are tight, and SSD MobileNet scores a face that fills its whole frame far lower than
// the same face with context around it. So the image, at 112 px, is framed by a mid-grey border of 50 %
// and of 80 % of its side per side (the face then spans about 50 % and 38 % of the frame), and the better
// detection counts: the usual multi-scale search of a face detector. Measured 2026-12-01 on Lucid
// inversions of the demo faces: a tight frame found 5 of 12 faces (≥ 0.5), these framings 11 of 12;
// a photo scores 1.00 and a shuffled-pixel image stays below the reporting floor.
// Each framing is tried in colour and as luminance only: the question is whether the image has a face's
// structure, and a model that ignores colour leaves an inversion's hues arbitrary (speckled or shifted
// colour lowered the detector's score on faces a person reads at once; measured 2026-12-02: age
// inversions 0.06–0.48 in colour, 0.47–0.92 as luminance; colour clouds and shuffled pixels stay ≤ 0.12
// either way).
// Generated images can also ask a second detector (`detectors: ['ssd', 'tiny']`): face-api's Tiny Face
// Detector, a YOLO-style net trained apart from SSD MobileNet, each at its own default threshold 0.5.
// SSD alone missed 13 of 69 inversions of the demo faces that are plainly faces to the eye (scores
// 0.08–0.43, colour-speckled); measured 2026-12-02 on those 69 inversions: SSD ≥ 0.5 on 56, either
// detector on 66. Negatives stay far below 0.5 for both: shuffled-pixel inversions ≤ 0.06 (SSD) and
// 0.00 (Tiny) on all 40, colour clouds from the 7×7 layers ≤ 0.12 (SSD) and ≤ 0.23 (Tiny).
import sharp from 'sharp';
import { detectFaces, type DetectedFace, type FaceDetectorKind } from '../faces/detect-faces';

export interface FaceInImage {
  /** Best detection score over the detectors asked (0 when nothing is found at the reporting floor). */
  score: number;
  /** Which detector gave the best score (null when nothing was found). */
  detector: FaceDetectorKind | null;
  /** Each asked detector's best score. */
  scores: Partial<Record<FaceDetectorKind, number>>;
  /** Landmarks of the best detection in the input image's own pixel coordinates. */
  landmarks: [number, number][] | null;
}

/** Below this the detector's candidates are noise; scores are reported from here up. */
const REPORTING_FLOOR = 0.05;
const DETECT_SIDE = 112;
const BORDER_SHARES = [0.5, 0.8];

/** Rec. 601 luminance in all three channels (the detector takes RGB). */
function toLuminance(rgb: Buffer): Buffer {
  const out = Buffer.alloc(rgb.length);
  for (let i = 0; i < rgb.length; i += 3) {
    const y = Math.round(0.299 * (rgb[i] ?? 0) + 0.587 * (rgb[i + 1] ?? 0) + 0.114 * (rgb[i + 2] ?? 0));
    out[i] = out[i + 1] = out[i + 2] = y;
  }
  return out;
}

export interface DetectFaceOptions {
  /** Also try each framing as luminance only (for generated images; a photo needs no second look). */
  luminance?: boolean;
  /** Detectors to ask (default SSD only); the best score over all of them counts. */
  detectors?: readonly FaceDetectorKind[];
}

export async function detectFaceInImage(data: ArrayLike<number>, width: number, height: number, options: DetectFaceOptions = {}): Promise<FaceInImage> {
  const bytes = Buffer.alloc(width * height * 3);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.max(0, Math.min(255, Math.round((data[i] ?? 0) * 255)));
  const scale = DETECT_SIDE / Math.max(width, height);
  const w2 = Math.round(width * scale);
  const h2 = Math.round(height * scale);
  const resized = await sharp(bytes, { raw: { width, height, channels: 3 } }).resize(w2, h2, { kernel: 'cubic' }).raw().toBuffer();
  const detectors = options.detectors ?? ['ssd'];
  const scores: Partial<Record<FaceDetectorKind, number>> = Object.fromEntries(detectors.map((d) => [d, 0]));
  let best: { face: DetectedFace; pad: number; detector: FaceDetectorKind } | null = null;
  for (const [share, luminance] of BORDER_SHARES.flatMap((s) => (options.luminance ? [[s, false], [s, true]] as const : [[s, false]] as const))) {
    const pad = Math.round(DETECT_SIDE * share);
    const framed = await sharp(luminance ? toLuminance(resized) : resized, { raw: { width: w2, height: h2, channels: 3 } })
      .extend({ top: pad, bottom: pad, left: pad, right: pad, background: { r: 128, g: 128, b: 128 } })
      .raw()
      .toBuffer();
    for (const detector of detectors) {
      for (const face of await detectFaces({ data: framed, width: w2 + 2 * pad, height: h2 + 2 * pad }, REPORTING_FLOOR, detector)) {
        scores[detector] = Math.max(scores[detector] ?? 0, face.score);
        if (!best || face.score > best.face.score) best = { face, pad, detector };
      }
    }
  }
  if (!best) return { score: 0, detector: null, scores, landmarks: null };
  const { face, pad } = best;
  return { score: face.score, detector: best.detector, scores, landmarks: face.landmarks.map(([x, y]) => [(x - pad) / scale, (y - pad) / scale]) };
}
