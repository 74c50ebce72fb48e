// Face detection + 68 landmarks with @vladmandic/face-api (SSD MobileNet v1 + landmark net, weights
// from the package; the Tiny Face Detector, a YOLO-style net, as a second opinion on generated images). Loaded through a runtime require of the wasm/cpu build: it uses the same
// @tensorflow/tfjs instance as the rest of lib/explainers and never needs the native binding.
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { faceApiModelDir } from '../models/weights-from-disk';
import type { RgbImage } from './decode-image';

export interface DetectedFace {
  box: { x: number; y: number; width: number; height: number };
  /** 68 (x, y) points in the image's pixel coordinates (iBUG 300-W order). */
  landmarks: [number, number][];
  score: number;
}

interface FaceApiResult {
  detection: { score: number; box: { x: number; y: number; width: number; height: number } };
  landmarks: { positions: { x: number; y: number }[] };
}
interface FaceApiModule {
  nets: Record<'ssdMobilenetv1' | 'faceLandmark68Net' | 'tinyFaceDetector', { loadFromDisk(dir: string): Promise<void> }>;
  SsdMobilenetv1Options: new (options: { minConfidence: number; maxResults?: number }) => unknown;
  TinyFaceDetectorOptions: new (options: { inputSize: number; scoreThreshold: number }) => unknown;
  detectAllFaces(input: tf.Tensor3D, options: unknown): { withFaceLandmarks(): Promise<FaceApiResult[]> };
}

const key = Symbol.for('face-xai.explainers.face-detector');
const store = globalThis as unknown as Record<symbol, Promise<FaceApiModule> | undefined>;

function loadDetector(): Promise<FaceApiModule> {
  const cached = store[key];
  if (cached) return cached;
  const promise = (async () => {
    const req = createRequire(path.join(process.cwd(), 'package.json'));
    const faceapi = req('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApiModule;
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(faceApiModelDir());
    await faceapi.nets.faceLandmark68Net.loadFromDisk(faceApiModelDir());
    await faceapi.nets.tinyFaceDetector.loadFromDisk(faceApiModelDir());
    return faceapi;
  })();
  promise.catch(() => {
    store[key] = undefined;
  });
  store[key] = promise;
  return promise;
}

/** Detection runs on a copy at most this many pixels on its longer side: SSD sees 512² anyway. */
const DETECT_MAX_SIDE = 1024;

/**
 * Which detector: `ssd` (SSD MobileNet v1, the default for photos) or `tiny` (the Tiny Face Detector at
 * 224 px input, a different architecture and training; used as a second opinion on generated images,
 * see quality/detect-face-in-image.ts). `minConfidence` is the detector's own score threshold.
 */
export type FaceDetectorKind = 'ssd' | 'tiny';

export async function detectFaces(image: RgbImage, minConfidence = 0.5, detector: FaceDetectorKind = 'ssd'): Promise<DetectedFace[]> {
  const faceapi = await loadDetector();
  const scale = Math.min(1, DETECT_MAX_SIDE / Math.max(image.width, image.height));
  let small: RgbImage = image;
  if (scale < 1) {
    const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
      .resize(Math.round(image.width * scale), Math.round(image.height * scale))
      .raw()
      .toBuffer({ resolveWithObject: true });
    small = { data, width: info.width, height: info.height };
  }
  const [sx, sy] = [image.width / small.width, image.height / small.height];
  const input = tf.tensor3d(Float32Array.from(small.data), [small.height, small.width, 3]);
  try {
    const options = detector === 'tiny'
      ? new faceapi.TinyFaceDetectorOptions({ inputSize: 224, scoreThreshold: minConfidence })
      : new faceapi.SsdMobilenetv1Options({ minConfidence });
    const results = await faceapi.detectAllFaces(input, options).withFaceLandmarks();
    return results.map((r) => ({
      box: { x: r.detection.box.x * sx, y: r.detection.box.y * sy, width: r.detection.box.width * sx, height: r.detection.box.height * sy },
      landmarks: r.landmarks.positions.map((p): [number, number] => [p.x * sx, p.y * sy]),
      score: r.detection.score,
    }));
  } finally {
    input.dispose();
  }
}
