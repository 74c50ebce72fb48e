// Building blocks of the face-api networks, written op-for-op like face-api's src (xception/
// TinyXception.ts, faceFeatureExtractor/denseBlock.ts, common/*) so outputs match to float precision.
import * as tf from '@tensorflow/tfjs';
import { weight } from './weights-from-disk';

type W = tf.NamedTensorMap;

/** face-api's mean RGB (0–255 scale) used by both nets; input is then divided by 255. */
export const FACE_API_MEAN_RGB = [122.782, 117.001, 104.298] as const;
export const FACE_API_INPUT_SIZE = 112;

/** Pixel space [0,1] → face-api's input space ((255·x − mean) / 255), as its NetInput path does. */
export function preprocessFaceApi(xPix: tf.Tensor4D): tf.Tensor4D {
  return tf.div(tf.sub(tf.mul(xPix, 255), tf.tensor1d([...FACE_API_MEAN_RGB])), 255);
}

export function conv(x: tf.Tensor, w: W, prefix: string, stride: number): tf.Tensor4D {
  return tf.add(
    tf.conv2d(x as tf.Tensor4D, weight<tf.Rank.R4>(w, `${prefix}/filters`, 4), stride, 'same'),
    weight(w, `${prefix}/bias`, 1),
  );
}

export function separableConv(x: tf.Tensor, w: W, prefix: string, stride: number): tf.Tensor4D {
  const out = tf.separableConv2d(
    x as tf.Tensor4D,
    weight<tf.Rank.R4>(w, `${prefix}/depthwise_filter`, 4),
    weight<tf.Rank.R4>(w, `${prefix}/pointwise_filter`, 4),
    stride,
    'same',
  );
  return tf.add(out, weight(w, `${prefix}/bias`, 1));
}

export function fullyConnected(x: tf.Tensor, w: W, prefix: string): tf.Tensor2D {
  return tf.add(tf.matMul(x as tf.Tensor2D, weight<tf.Rank.R2>(w, `${prefix}/weights`, 2)), weight(w, `${prefix}/bias`, 1));
}

/** 7×7 average pool, stride 2, valid, then flatten: both nets' global pooling. */
export function poolFlatten(x: tf.Tensor): tf.Tensor2D {
  const pooled = tf.avgPool(x as tf.Tensor4D, [7, 7], [2, 2], 'valid');
  return tf.reshape(pooled, [pooled.shape[0], -1]);
}

// TinyXception (age/gender)
export function reductionBlock(x: tf.Tensor, w: W, prefix: string, activateInput = true): tf.Tensor4D {
  let out: tf.Tensor = activateInput ? tf.relu(x) : x;
  out = separableConv(out, w, `${prefix}/separable_conv0`, 1);
  out = separableConv(tf.relu(out), w, `${prefix}/separable_conv1`, 1);
  out = tf.maxPool(out as tf.Tensor4D, [3, 3], [2, 2], 'same');
  return tf.add(out, conv(x, w, `${prefix}/expansion_conv`, 2));
}

export function mainBlock(x: tf.Tensor, w: W, prefix: string): tf.Tensor4D {
  let out = separableConv(tf.relu(x), w, `${prefix}/separable_conv0`, 1);
  out = separableConv(tf.relu(out), w, `${prefix}/separable_conv1`, 1);
  out = separableConv(tf.relu(out), w, `${prefix}/separable_conv2`, 1);
  return tf.add(out, x);
}

// Dense blocks (expression net's FaceFeatureExtractor)
export function denseBlock4(x: tf.Tensor, w: W, prefix: string, isFirstLayer = false): tf.Tensor4D {
  const out1 = tf.relu(
    isFirstLayer ? conv(x, w, `${prefix}/conv0`, 2) : separableConv(x, w, `${prefix}/conv0`, 2),
  );
  const out2 = separableConv(out1, w, `${prefix}/conv1`, 1);
  const in3 = tf.relu(tf.add(out1, out2));
  const out3 = separableConv(in3, w, `${prefix}/conv2`, 1);
  const in4 = tf.relu(tf.add(out1, tf.add(out2, out3)));
  const out4 = separableConv(in4, w, `${prefix}/conv3`, 1);
  return tf.relu(tf.add(out1, tf.add(out2, tf.add(out3, out4)))) as tf.Tensor4D;
}
