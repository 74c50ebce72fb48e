// Upload → model-ready face: decode (EXIF-upright), detect, pick a face, rotate so the eyes are level,
// crop a square around the face with a margin and resize to the model input, in pixel space [0,1].
// Where the square reaches past the photo (a tightly cropped photo, a face near the edge) the missing
// area is mid-grey, not the photo's edge pixels smeared outwards.
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { DEFAULT_MAX_PIXELS, decodeImage, type RgbImage } from './decode-image';
import { detectFaces, type DetectedFace } from './detect-faces';
import { FacePrepError } from './face-prep-error';

export interface PrepareFaceOptions {
  /** File path or encoded bytes (JPEG, PNG, WebP). */
  image: Buffer | string;
  /** Output [height, width]; the face models use 112×112. */
  size?: readonly [number, number];
  /** Which face, counted from the largest (0 = largest). */
  faceIndex?: number;
  /** Extra context around the detector box on each side, as a fraction of the box side. */
  margin?: number;
  maxPixels?: number;
  minConfidence?: number;
}

export interface PreparedFace {
  /** [height, width, 3], RGB in [0,1]. The caller disposes it. */
  face: tf.Tensor3D;
  box: DetectedFace['box'];
  landmarks: [number, number][];
  /** Roll of the eye line in the source image, degrees (positive: right eye lower); undone in `face`. */
  angleDeg: number;
  score: number;
  faceIndex: number;
  faceCount: number;
  imageSize: { width: number; height: number };
  /** The square that was cropped, in source pixels: centre, side, and rotation (= angleDeg). */
  crop: { cx: number; cy: number; side: number };
}

/**
 * Pixel-space value [0,1] of the aligned face where the crop lies outside the photo. Mid-grey, as the
 * explainers' own fills: occlusion's default patch, the visualisation/inversion transforms' fill, the
 * quality face detector's padding (128). Through face-api's preprocessing it lands near 0, the mean
 * colour (127.5 − [122.8, 117.0, 104.3] → [0.02, 0.04, 0.09]), where black would be far outside it.
 * Before this, the edge pixels were replicated ('nearest'), which drew streaks participants saw and
 * the models read. Changing it changes the aligned face: bump FACE_PREPARATION_VERSION.
 */
export const OUTSIDE_FILL = 0.5;

const mean = (pts: [number, number][]): [number, number] => [
  pts.reduce((s, p) => s + p[0], 0) / pts.length,
  pts.reduce((s, p) => s + p[1], 0) / pts.length,
];

export async function prepareFace(options: PrepareFaceOptions): Promise<PreparedFace> {
  const { size = [112, 112], faceIndex = 0, margin = 0.1, maxPixels = DEFAULT_MAX_PIXELS, minConfidence = 0.5 } = options;
  const image = await decodeImage(options.image, maxPixels);
  const faces = (await detectFaces(image, minConfidence)).sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
  if (faces.length === 0) throw new FacePrepError('NO_FACE', 'No face was found in the image. Use a clear, front-facing photo.');
  const chosen = faces[faceIndex];
  if (!chosen) {
    throw new FacePrepError('FACE_INDEX_OUT_OF_RANGE', `Face ${faceIndex} was requested but only ${faces.length} face(s) were found.`);
  }
  // iBUG 68: points 36–41 are the subject's right eye (image left), 42–47 the other eye.
  const [lx, ly] = mean(chosen.landmarks.slice(36, 42));
  const [rx, ry] = mean(chosen.landmarks.slice(42, 48));
  const angle = Math.atan2(ry - ly, rx - lx);
  const { x, y, width, height } = chosen.box;
  const crop = { cx: x + width / 2, cy: y + height / 2, side: Math.max(width, height) * (1 + 2 * margin) };
  const face = await sampleRotatedSquare(image, crop, angle, size);
  return {
    face, box: chosen.box, landmarks: chosen.landmarks, angleDeg: (angle * 180) / Math.PI, score: chosen.score,
    faceIndex, faceCount: faces.length, imageSize: { width: image.width, height: image.height }, crop,
  };
}

/**
 * Bilinear sampling of a rotated square (one tf.image.transform). A crop much larger than the output
 * is first shrunk with sharp's antialiased resize, because bilinear sampling alone would alias.
 * Samples outside the photo read OUTSIDE_FILL (constant fill mode); pixels whose samples all lie
 * inside are exactly what they were with edge replication.
 */
export async function sampleRotatedSquare(
  image: RgbImage, crop: { cx: number; cy: number; side: number }, angle: number, [outH, outW]: readonly [number, number],
): Promise<tf.Tensor3D> {
  const k = crop.side / Math.max(outH, outW);
  let src = image;
  if (k > 1.5) {
    const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
      .resize(Math.max(1, Math.round(image.width / k)), Math.max(1, Math.round(image.height / k)))
      .raw()
      .toBuffer({ resolveWithObject: true });
    src = { data, width: info.width, height: info.height };
  }
  const [fx, fy] = [src.width / image.width, src.height / image.height];
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  const [kx, ky] = [crop.side / outW, crop.side / outH];
  // Output pixel centre (u+½, v+½) → offset from the crop centre → rotate → source pixel-centre index.
  const [ou, ov] = [(0.5 - outW / 2) * kx, (0.5 - outH / 2) * ky];
  const transform = [
    fx * c * kx, -fx * s * ky, fx * (crop.cx + c * ou - s * ov) - 0.5,
    fy * s * kx, fy * c * ky, fy * (crop.cy + s * ou + c * ov) - 0.5,
    0, 0,
  ];
  return tf.tidy(() => {
    const img = tf.tensor4d(Float32Array.from(src.data), [1, src.height, src.width, 3]);
    // fillValue is in the photo's 0–255 units: the division below maps it to OUTSIDE_FILL.
    const out = tf.image.transform(img, tf.tensor2d([transform], [1, 8]), 'bilinear', 'constant', OUTSIDE_FILL * 255, [outH, outW]);
    return tf.clipByValue(tf.div(tf.squeeze(out, [0]), 255), 0, 1) as tf.Tensor3D;
  });
}
