// MaxPoolGrad for the wasm backend. tfjs-backend-wasm 4.22's own MaxPoolGrad (and MaxPoolWithArgmax)
// start the running max at FLT_MIN instead of -inf, so an all-negative window sends its gradient to
// the wrong element (and they break ties towards the last maximum). The generic cpu kernel is correct
// but was ~90% of an age/gender input gradient (12 s of 13 s at batch 32): it copies the tensors
// and indexes through buffer.get() per element.
//
// This kernel is the cpu kernel's algorithm as one flat loop over views of the wasm heap (no copies):
// per output position, scan the window in row-major order with a strict `>` from -inf (the first
// maximum wins, padding never does), channels innermost so every read is contiguous. A version built
// from wasm tensor ops (a comparison mask per window offset, 6 kernels per offset) was 10–20x slower,
// memory-bound on a dozen passes over the data.
import * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;
type KernelFunc = tf.KernelConfig['kernelFunc'];
interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  attrs?: tf.NamedAttrMap;
  backend: tf.KernelBackend;
}

interface PoolGradAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The two BackendWasm methods used here; not in tf.KernelBackend's public type, so checked at run time. */
interface WasmHeapAccess {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

function heapAccess(backend: tf.KernelBackend): WasmHeapAccess | null {
  const candidate = backend as unknown as Partial<WasmHeapAccess>;
  return typeof candidate.makeOutput === 'function' && typeof candidate.typedArrayFromHeap === 'function'
    ? (candidate as WasmHeapAccess)
    : null;
}

/**
 * Returns a MaxPoolGrad kernel for wasm. `fallback` handles what this loop does not (non-float inputs,
 * a backend without heap access), so the patch never narrows what worked before.
 */
export function wasmMaxPoolGrad(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs = {}, backend } = args as unknown as KernelArgs;
    const { dy, input: x } = inputs as { dy: TensorInfo; input: TensorInfo };
    const heap = heapAccess(backend);
    if (!heap || x.dtype !== 'float32' || dy.dtype !== 'float32' || x.shape.length !== 4) return fallback(args);
    const a = attrs as unknown as PoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(
      x.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
    // Allocate first: growing the wasm heap detaches earlier views of it.
    const out = heap.makeOutput([...x.shape], 'float32');
    const dx = heap.typedArrayFromHeap(out);
    routeToFirstMaximum(heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(dy), dx, info);
    return out;
  };
}

/** dx[argmax of each window] += dy[window], argmax = first maximum in row-major window order. */
export function routeToFirstMaximum(x: Float32Array, dy: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  dx.fill(0);
  const best = new Float32Array(c);
  const bestAt = new Int32Array(c);
  for (let b = 0; b < batchSize; b++) {
    for (let i = 0; i < oh; i++) {
      const r0 = Math.max(0, i * sh - top);
      const r1 = Math.min(h, i * sh - top + fh);
      for (let j = 0; j < ow; j++) {
        const c0 = Math.max(0, j * sw - left);
        const c1 = Math.min(w, j * sw - left + fw);
        best.fill(Number.NEGATIVE_INFINITY);
        bestAt.fill(-1);
        for (let r = r0; r < r1; r++) {
          for (let col = c0; col < c1; col++) {
            const base = ((b * h + r) * w + col) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = x[base + ch] as number;
              if (v > (best[ch] as number)) {
                best[ch] = v;
                bestAt[ch] = base + ch;
              }
            }
          }
        }
        const dyBase = ((b * oh + i) * ow + j) * c;
        for (let ch = 0; ch < c; ch++) {
          const at = bestAt[ch] as number;
          if (at >= 0) dx[at] = (dx[at] as number) + (dy[dyBase + ch] as number);
        }
      }
    }
  }
}
