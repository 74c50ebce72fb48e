// Gradient kernels that @tensorflow/tfjs-backend-wasm 4.22 lacks or gets wrong (each checked on this
// machine, see test/unit/explainers/wasm-kernel-patches.test.ts):
// - DepthwiseConv2dNativeBackpropInput is missing: every input gradient through a separable conv
//   (all face-api nets) throws "Kernel not registered". Conv2DBackpropFilter,
//   DepthwiseConv2dNativeBackpropFilter and UnsortedSegmentSum (gather's gradient) are missing too.
// - MaxPoolGrad sends the gradient to the first element of a window whose values are all negative
//   (it compares against 0, not -inf): wrong Grad-CAM/saliency through the age net's max pools.
// - Conv2DBackpropInput is ~4x slower than the equivalent forward convolution.
// Missing/wrong kernels run the pure-JS cpu backend's kernel on copies of the data (correct but slow);
// the input gradients of conv2d and depthwise conv (multiplier 1), which dominate a backward pass,
// are rewritten as one forward (depthwise) convolution with wasm kernels, and MaxPoolGrad is a flat
// loop over the wasm heap (wasm-max-pool-grad.ts) because its cpu stand-in was ~90% of an age-net
// input gradient.
import * as tf from '@tensorflow/tfjs';
import { wasmMaxPoolGrad } from './wasm-max-pool-grad';

type KernelFunc = tf.KernelConfig['kernelFunc'];
type TensorInfo = tf.TensorInfo;
interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  attrs?: tf.NamedAttrMap;
  backend: tf.KernelBackend;
}

const CPU_STAND_INS = [
  'DepthwiseConv2dNativeBackpropFilter',
  'Conv2DBackpropFilter',
  'UnsortedSegmentSum',
] as const;

const patchedKey = Symbol.for('face-xai.explainers.wasm-patches');
const globalState = globalThis as unknown as Record<symbol, string[] | undefined>;

/** Runs a cpu-backend kernel on copies of wasm tensors and writes the result back to wasm. */
function cpuStandIn(kernelName: string): KernelFunc {
  const cpuKernel = tf.getKernel(kernelName, 'cpu');
  if (!cpuKernel) throw new Error(`cpu backend has no ${kernelName} kernel to stand in with`);
  return (args) => {
    const { inputs, attrs, backend } = args as unknown as KernelArgs;
    const cpu = tf.findBackend('cpu');
    if (!cpu) throw new Error('cpu backend unavailable for wasm kernel stand-in');
    const owned: tf.DataId[] = [];
    try {
      const cpuInputs: Record<string, TensorInfo> = {};
      for (const [name, info] of Object.entries(inputs)) {
        const values = backend.readSync(info.dataId) as tf.backend_util.BackendValues;
        const dataId = cpu.write(values, info.shape, info.dtype);
        owned.push(dataId);
        cpuInputs[name] = { dataId, shape: info.shape, dtype: info.dtype };
      }
      const out = cpuKernel.kernelFunc({ inputs: cpuInputs, attrs: attrs ?? {}, backend: cpu });
      if (Array.isArray(out)) throw new Error(`${kernelName}: multi-output kernels are not bridged`);
      owned.push(out.dataId);
      const values = cpu.readSync(out.dataId) as tf.backend_util.BackendValues;
      return { dataId: backend.write(values, out.shape, out.dtype), shape: out.shape, dtype: out.dtype };
    } finally {
      for (const id of owned) cpu.disposeData(id, true);
    }
  };
}

function wasmKernel(name: string): (args: KernelArgs) => TensorInfo {
  const config = tf.getKernel(name, 'wasm');
  if (!config) throw new Error(`wasm backend has no ${name} kernel`);
  return config.kernelFunc as unknown as (args: KernelArgs) => TensorInfo;
}

/**
 * dx of a conv2d as one forward convolution: zero-insert dy by the strides, then convolve with the
 * spatially flipped filter whose in/out channels are swapped, padded so the output has x's shape.
 */
function fastConvBackpropInput(original: KernelFunc, depthwise: boolean): KernelFunc {
  const conv2d = wasmKernel(depthwise ? 'DepthwiseConv2dNative' : 'Conv2D');
  const reverse = wasmKernel('Reverse');
  const transpose = wasmKernel('Transpose');
  const reshape = wasmKernel('Reshape');
  const pad = wasmKernel('PadV2');
  const slice = wasmKernel('Slice');
  return (args) => {
    const { inputs, attrs = {}, backend } = args as unknown as KernelArgs;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as tf.Conv2DBackpropInputAttrs & { dilations?: number | [number, number] };
    // Depthwise with a channel multiplier > 1 or dilation would need a channel regrouping: use the original.
    const dilated = a.dilations !== undefined && [a.dilations].flat().some((d) => d !== 1);
    if (a.dataFormat === 'NCHW' || dilated || (depthwise && filter.shape[3] !== 1)) return original(args);
    const info = tf.backend_util.computeConv2DInfo(
      a.inputShape, filter.shape as [number, number, number, number], a.strides, 1, a.pad, a.dimRoundingMode);
    const [b, inH, inW, inC] = a.inputShape;
    const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info;
    const outC = dy.shape[3] as number; // not info.outChannels: for depthwise that is the multiplier
    const temps: TensorInfo[] = [];
    const keep = (t: TensorInfo) => (temps.push(t), t);
    const { top: padTop, left: padLeft } = info.padInfo;
    try {
      if (!depthwise && fh === 1 && fw === 1 && padTop === 0 && padLeft === 0 && oh * sh >= inH && ow * sw >= inW) {
        // Pointwise (most convs in the face nets): dx = dy·Wᵀ per pixel, one 1×1 conv at dy's resolution,
        // then spread by the stride; the general path would convolve a zero-inserted map (¾ zeros at
        // stride 2). wasm's BatchMatMul with transposeB measured ~5x slower than this conv.
        const wT = keep(transpose({ inputs: { x: filter }, attrs: { perm: [0, 1, 3, 2] }, backend }));
        const prod = conv2d({ inputs: { x: dy, filter: wT }, attrs: { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 }, backend });
        if (sh === 1 && sw === 1 && oh === inH && ow === inW) return prod;
        keep(prod);
        const r = keep(reshape({ inputs: { x: prod }, attrs: { shape: [b, oh, 1, ow, 1, inC] }, backend }));
        const spread = keep(pad({
          inputs: { x: r },
          attrs: { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 },
          backend,
        }));
        const frame = keep(reshape({ inputs: { x: spread }, attrs: { shape: [b, oh * sh, ow * sw, inC] }, backend }));
        return slice({ inputs: { x: frame }, attrs: { begin: [0, 0, 0, 0], size: [b, inH, inW, inC] }, backend });
      }
      const flipped = keep(reverse({ inputs: { x: filter }, attrs: { dims: [0, 1] }, backend }));
      // Depthwise (multiplier 1) keeps channel c → c, so only the spatial flip is needed.
      const kernel = depthwise ? flipped : keep(transpose({ inputs: { x: flipped }, attrs: { perm: [0, 1, 3, 2] }, backend }));
      let grad = dy;
      if (sh > 1 || sw > 1) {
        const r = keep(reshape({ inputs: { x: dy }, attrs: { shape: [b, oh, 1, ow, 1, outC] }, backend }));
        const padded = keep(pad({
          inputs: { x: r },
          attrs: { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 },
          backend,
        }));
        const flat = keep(reshape({ inputs: { x: padded }, attrs: { shape: [b, oh * sh, ow * sw, outC] }, backend }));
        grad = keep(slice({
          inputs: { x: flat },
          attrs: { begin: [0, 0, 0, 0], size: [b, (oh - 1) * sh + 1, (ow - 1) * sw + 1, outC] },
          backend,
        }));
      }
      const dilH = (oh - 1) * sh + 1;
      const dilW = (ow - 1) * sw + 1;
      const top = fh - 1 - info.padInfo.top;
      const left = fw - 1 - info.padInfo.left;
      const explicit: tf.backend_util.ExplicitPadding = [
        [0, 0], [top, inH - dilH - top + fh - 1], [left, inW - dilW - left + fw - 1], [0, 0]];
      const dx = conv2d({
        inputs: { x: grad, filter: kernel },
        attrs: { strides: 1, pad: explicit, dataFormat: 'NHWC', dilations: 1 },
        backend,
      });
      if (dx.shape[3] !== inC || dx.shape[1] !== inH || dx.shape[2] !== inW) {
        throw new Error(`Conv2DBackpropInput rewrite produced ${dx.shape}, expected ${a.inputShape}`);
      }
      return dx;
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
}

/**
 * Registers the replacements on the wasm backend (idempotent; process-wide like tf's kernel
 * registry). Returns the names of the kernels it registered or replaced.
 */
export function patchWasmKernels(): string[] {
  const done = globalState[patchedKey];
  if (done) return done;
  const patched: string[] = [];
  for (const name of CPU_STAND_INS) {
    if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: cpuStandIn(name) });
    patched.push(name);
  }
  // Replaces wasm's wrong kernel; the cpu kernel remains the fallback for inputs the rewrite skips.
  if (tf.getKernel('MaxPoolGrad', 'wasm')) tf.unregisterKernel('MaxPoolGrad', 'wasm');
  tf.registerKernel({ kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: wasmMaxPoolGrad(cpuStandIn('MaxPoolGrad')) });
  patched.push('MaxPoolGrad');
  const original = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (original) {
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    tf.registerKernel({ kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: fastConvBackpropInput(original.kernelFunc, false) });
    patched.push('Conv2DBackpropInput');
  }
  // Missing on wasm; the rewrite handles what the face nets use (multiplier 1), the cpu kernel the rest.
  tf.registerKernel({
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    backendName: 'wasm',
    kernelFunc: fastConvBackpropInput(cpuStandIn('DepthwiseConv2dNativeBackpropInput'), true),
  });
  patched.push('DepthwiseConv2dNativeBackpropInput');
  globalState[patchedKey] = patched;
  return patched;
}
