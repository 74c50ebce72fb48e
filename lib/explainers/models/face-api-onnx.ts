// The face-api nets as ONNX graphs, built in memory from the same weight tensors the TF.js adapters use
// (nothing is written to disk), for the forward-only runtime (../forward-runtime.ts). Block for block
// the same ops as face-api-blocks.ts, in the same order (including the order of the dense blocks' adds),
// so onnxruntime's outputs match predict() to float rounding (test: forward-runtime.test.ts).
//
// Graph contract, the same as ModelAdapter.predict: input `x` is the model-input space (after
// preprocessFaceApi), NHWC [batch, 112, 112, 3]; output `y` is the raw head output [batch, k] (logits,
// or years for age). The layout change to ONNX's NCHW happens once, inside the graph.
import type * as tf from '@tensorflow/tfjs';
import { FACE_API_INPUT_SIZE } from './face-api-blocks';
import { encodeOnnxModel, type AttributeValue, type OnnxInitializer, type OnnxNode } from './onnx-proto';
import { weight } from './weights-from-disk';

export const ONNX_INPUT = 'x';
export const ONNX_OUTPUT = 'y';

/** A value in the graph with its NCHW shape (batch symbolic). */
interface Value {
  name: string;
  c: number;
  h: number;
  w: number;
}

/** TF's 'same' padding: output ceil(n / s), the odd pixel of padding at the end (ONNX SAME_UPPER). */
function samePads(h: number, w: number, k: number, s: number): { pads: number[]; h: number; w: number } {
  const axis = (n: number) => {
    const out = Math.ceil(n / s);
    const total = Math.max((out - 1) * s + k - n, 0);
    return { out, before: Math.floor(total / 2), after: total - Math.floor(total / 2) };
  };
  const y = axis(h);
  const x = axis(w);
  return { pads: [y.before, x.before, y.after, x.after], h: y.out, w: x.out };
}

class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  /** Floating-point operations per example of the convolutions and the dense head (2 per multiply-add). */
  flops = 0;
  private count = 0;

  constructor(private readonly weights: tf.NamedTensorMap) {}

  private fresh(hint: string): string {
    return `${hint}:${this.count++}`;
  }

  private node(op: string, inputs: string[], hint: string, attributes?: Record<string, AttributeValue>): string {
    const out = this.fresh(hint);
    this.nodes.push({ op, inputs, outputs: [out], name: out, ...(attributes ? { attributes } : {}) });
    return out;
  }

  private read(name: string, rank: number): { data: Float32Array; shape: number[] } {
    const t = weight(this.weights, name, rank);
    return { data: t.dataSync() as Float32Array, shape: t.shape };
  }

  /** TF filter [kh, kw, in, out] → ONNX [out, in, kh, kw]. */
  private convWeight(name: string): { name: string; kh: number; kw: number; cin: number; cout: number } {
    const { data, shape } = this.read(name, 4);
    const [kh = 0, kw = 0, cin = 0, cout = 0] = shape;
    const out = new Float32Array(data.length);
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let i = 0; i < cin; i++)
          for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = data[((y * kw + x) * cin + i) * cout + o] ?? 0;
    this.initializers.push({ name, dims: [cout, cin, kh, kw], data: out });
    return { name, kh, kw, cin, cout };
  }

  /** TF depthwise filter [kh, kw, in, mult] → ONNX grouped conv [in·mult, 1, kh, kw] (channel c·mult + m, as TF). */
  private depthwiseWeight(name: string): { name: string; kh: number; kw: number; cin: number; cout: number } {
    const { data, shape } = this.read(name, 4);
    const [kh = 0, kw = 0, cin = 0, mult = 0] = shape;
    const out = new Float32Array(data.length);
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let c = 0; c < cin; c++)
          for (let m = 0; m < mult; m++) out[((c * mult + m) * kh + y) * kw + x] = data[((y * kw + x) * cin + c) * mult + m] ?? 0;
    this.initializers.push({ name, dims: [cin * mult, 1, kh, kw], data: out });
    return { name, kh, kw, cin, cout: cin * mult };
  }

  private bias(name: string): string {
    const { data, shape } = this.read(name, 1);
    this.initializers.push({ name, dims: shape, data: Float32Array.from(data) });
    return name;
  }

  input(): Value {
    const name = this.node('Transpose', [ONNX_INPUT], 'nchw', { perm: [0, 3, 1, 2] });
    return { name, c: 3, h: FACE_API_INPUT_SIZE, w: FACE_API_INPUT_SIZE };
  }

  /** conv() of face-api-blocks: conv2d 'same' + bias. */
  conv(x: Value, prefix: string, stride: number): Value {
    const f = this.convWeight(`${prefix}/filters`);
    const pad = samePads(x.h, x.w, f.kh, stride);
    const name = this.node('Conv', [x.name, f.name, this.bias(`${prefix}/bias`)], prefix, {
      kernel_shape: [f.kh, f.kw], strides: [stride, stride], pads: pad.pads, group: 1,
    });
    this.flops += 2 * pad.h * pad.w * f.cout * f.cin * f.kh * f.kw;
    return { name, c: f.cout, h: pad.h, w: pad.w };
  }

  /** separableConv() of face-api-blocks: depthwise ('same', stride) then pointwise 1×1 + bias. */
  separableConv(x: Value, prefix: string, stride: number): Value {
    const d = this.depthwiseWeight(`${prefix}/depthwise_filter`);
    const pad = samePads(x.h, x.w, d.kh, stride);
    const depthwise = this.node('Conv', [x.name, d.name], `${prefix}/depthwise`, {
      kernel_shape: [d.kh, d.kw], strides: [stride, stride], pads: pad.pads, group: d.cin,
    });
    const p = this.convWeight(`${prefix}/pointwise_filter`);
    const name = this.node('Conv', [depthwise, p.name, this.bias(`${prefix}/bias`)], prefix, {
      kernel_shape: [1, 1], strides: [1, 1], pads: [0, 0, 0, 0], group: 1,
    });
    this.flops += 2 * pad.h * pad.w * (d.cout * d.kh * d.kw + p.cout * p.cin);
    return { name, c: p.cout, h: pad.h, w: pad.w };
  }

  relu(x: Value): Value {
    return { ...x, name: this.node('Relu', [x.name], 'relu') };
  }

  add(a: Value, b: Value): Value {
    return { ...a, name: this.node('Add', [a.name, b.name], 'add') };
  }

  /** tf.maxPool 3×3, stride 2, 'same' (padding never wins a max, in TF as in ONNX). */
  maxPool(x: Value): Value {
    const pad = samePads(x.h, x.w, 3, 2);
    const name = this.node('MaxPool', [x.name], 'maxpool', { kernel_shape: [3, 3], strides: [2, 2], pads: pad.pads });
    return { name, c: x.c, h: pad.h, w: pad.w };
  }

  /** poolFlatten() + fullyConnected(): 7×7 average pool (stride 2, valid), NHWC flatten, x·W + b. */
  poolFlattenDense(x: Value, head: string): string {
    const pooled = this.node('AveragePool', [x.name], 'avgpool', { kernel_shape: [7, 7], strides: [2, 2], pads: [0, 0, 0, 0] });
    // Back to NHWC before flattening, so the flattened order is TF's whatever the pooled size.
    const nhwc = this.node('Transpose', [pooled], 'nhwc', { perm: [0, 2, 3, 1] });
    const flat = this.node('Flatten', [nhwc], 'flatten', { axis: 1 });
    const w = this.read(`${head}/weights`, 2);
    this.initializers.push({ name: `${head}/weights`, dims: w.shape, data: Float32Array.from(w.data) });
    this.flops += 2 * (w.shape[0] ?? 0) * (w.shape[1] ?? 0);
    const out = this.node('Gemm', [flat, `${head}/weights`, this.bias(`${head}/bias`)], head);
    this.nodes.push({ op: 'Identity', inputs: [out], outputs: [ONNX_OUTPUT], name: ONNX_OUTPUT });
    return ONNX_OUTPUT;
  }
}

// TinyXception (age/gender), as face-api-blocks' reductionBlock / mainBlock.
function reductionBlock(b: GraphBuilder, x: Value, prefix: string, activateInput = true): Value {
  let out = activateInput ? b.relu(x) : x;
  out = b.separableConv(out, `${prefix}/separable_conv0`, 1);
  out = b.separableConv(b.relu(out), `${prefix}/separable_conv1`, 1);
  out = b.maxPool(out);
  return b.add(out, b.conv(x, `${prefix}/expansion_conv`, 2));
}

function mainBlock(b: GraphBuilder, x: Value, prefix: string): Value {
  let out = b.separableConv(b.relu(x), `${prefix}/separable_conv0`, 1);
  out = b.separableConv(b.relu(out), `${prefix}/separable_conv1`, 1);
  out = b.separableConv(b.relu(out), `${prefix}/separable_conv2`, 1);
  return b.add(out, x);
}

function tinyXception(b: GraphBuilder, x: Value): Value {
  let out = b.relu(b.conv(x, 'entry_flow/conv_in', 2));
  out = reductionBlock(b, out, 'entry_flow/reduction_block_0', false);
  out = reductionBlock(b, out, 'entry_flow/reduction_block_1');
  out = mainBlock(b, out, 'middle_flow/main_block_0');
  out = mainBlock(b, out, 'middle_flow/main_block_1');
  out = reductionBlock(b, out, 'exit_flow/reduction_block');
  return b.relu(b.separableConv(out, 'exit_flow/separable_conv', 1));
}

// FaceExpressionNet's feature extractor, as face-api-blocks' denseBlock4 (same association of the adds).
function denseBlock4(b: GraphBuilder, x: Value, prefix: string, isFirstLayer = false): Value {
  const out1 = b.relu(isFirstLayer ? b.conv(x, `${prefix}/conv0`, 2) : b.separableConv(x, `${prefix}/conv0`, 2));
  const out2 = b.separableConv(out1, `${prefix}/conv1`, 1);
  const in3 = b.relu(b.add(out1, out2));
  const out3 = b.separableConv(in3, `${prefix}/conv2`, 1);
  const in4 = b.relu(b.add(out1, b.add(out2, out3)));
  const out4 = b.separableConv(in4, `${prefix}/conv3`, 1);
  return b.relu(b.add(out1, b.add(out2, b.add(out3, out4))));
}

function expressionFeatures(b: GraphBuilder, x: Value): Value {
  let out = denseBlock4(b, x, 'dense0', true);
  out = denseBlock4(b, out, 'dense1');
  out = denseBlock4(b, out, 'dense2');
  return denseBlock4(b, out, 'dense3');
}

export type FaceApiTrunk = 'tiny-xception' | 'expression';

export interface FaceApiOnnxArgs {
  trunk: FaceApiTrunk;
  /** Weight prefix of the fully connected head, e.g. 'fc/gender', 'fc/age', 'fc'. */
  head: string;
  weights: tf.NamedTensorMap;
  name: string;
}

/**
 * The serialised ONNX model of a face-api adapter's predict(), and its cost per face counted from the
 * layer shapes. Reads the weights' values once (dataSync), so build it lazily and keep the session, not
 * the bytes.
 */
export function faceApiOnnxGraph(args: FaceApiOnnxArgs): { model: Uint8Array; flopsPerFace: number } {
  const b = new GraphBuilder(args.weights);
  const x = b.input();
  const features = args.trunk === 'tiny-xception' ? tinyXception(b, x) : expressionFeatures(b, x);
  b.poolFlattenDense(features, args.head);
  const k = args.weights[`${args.head}/bias`]?.shape[0] ?? 0;
  const model = encodeOnnxModel({
    name: args.name,
    producer: 'face-xai-studies lib/explainers/models/face-api-onnx.ts',
    opset: 13,
    nodes: b.nodes,
    initializers: b.initializers,
    inputs: [{ name: ONNX_INPUT, dims: ['batch', FACE_API_INPUT_SIZE, FACE_API_INPUT_SIZE, 3] }],
    outputs: [{ name: ONNX_OUTPUT, dims: ['batch', k] }],
  });
  return { model, flopsPerFace: b.flops };
}

export function faceApiOnnxModel(args: FaceApiOnnxArgs): Uint8Array {
  return faceApiOnnxGraph(args).model;
}
