// MaxPoolGrad for the wasm backend, built only from wasm kernels. tfjs-backend-wasm 4.22's own
// MaxPoolGrad (and MaxPoolWithArgmax) start the running max at FLT_MIN instead of -inf, so an
// all-negative window sends its gradient to the wrong element; the cpu kernel stand-in is correct but
// was ~90% of an age/gender input gradient (12 s of 13 s at batch 32).
//
// Formulation: for every window offset (a, c), the strided view x[s·i + a − padTop, s·j + c − padLeft]
// (padding = −inf, never a maximum) is compared with the pooled output y. The first offset in row-major
// window order that equals y receives dy — exactly the cpu kernel's strict `>` scan (first maximum
// wins ties, which constant image regions do produce). Offsets are then scattered back by stride
// residue: offset a = s·q + r lands on frame row s·(i + q) + r, so each residue class is a small
// shifted sum at output resolution, and the s×s classes are interleaved once into the input frame.
// (wasm's MaxPoolWithArgmax + ScatterNd would be fewer kernels, but it shares the FLT_MIN bug and
// breaks ties towards the last maximum.)
import * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;
type KernelFunc = tf.KernelConfig['kernelFunc'];
interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  attrs?: tf.NamedAttrMap;
  backend: tf.KernelBackend;
}
type Inputs = Record<string, TensorInfo> | TensorInfo[]; // Concat takes an array
type Run = (name: string, inputs: Inputs, attrs?: Record<string, unknown>) => TensorInfo;

interface PoolGradAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Calls wasm kernels directly (as the other patches do: tf ops must not run inside a kernel) and tracks
 * each output, so a failure part-way still frees everything.
 */
function kernelRunner(backend: tf.KernelBackend, live: Set<TensorInfo>): { run: Run; free: (...ts: TensorInfo[]) => void } {
  const run: Run = (name, inputs, attrs = {}) => {
    const config = tf.getKernel(name, 'wasm');
    if (!config) throw new Error(`wasm backend has no ${name} kernel`);
    const out = config.kernelFunc({ inputs: inputs as tf.NamedTensorInfoMap, attrs: attrs as tf.NamedAttrMap, backend });
    if (Array.isArray(out)) throw new Error(`${name}: unexpected multi-output kernel`);
    live.add(out);
    return out;
  };
  // Freed as soon as possible: at batch 32 the first pool's temporaries are 6 MB each.
  const free = (...ts: TensorInfo[]) => {
    for (const t of ts) {
      if (live.delete(t)) backend.disposeData(t.dataId);
    }
  };
  return { run, free };
}

/**
 * Returns a MaxPoolGrad kernel for wasm. `fallback` handles what this formulation does not (non-float
 * inputs, dilations), so the patch never narrows what worked before.
 */
export function wasmMaxPoolGrad(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs = {}, backend } = args as unknown as KernelArgs;
    const { dy, input: x, output: y } = inputs as { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
    if (x.dtype !== 'float32' || dy.dtype !== 'float32' || x.shape.length !== 4) return fallback(args);
    const a = attrs as unknown as PoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(
      x.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
    const live = new Set<TensorInfo>();
    const { run, free } = kernelRunner(backend, live);
    try {
      const dx = maxPoolGradFromMasks(run, free, info, dy, x, y);
      live.delete(dx); // the result is the caller's, not a temporary
      return dx;
    } finally {
      for (const t of live) backend.disposeData(t.dataId);
    }
  };
}

function maxPoolGradFromMasks(
  run: Run, free: (...ts: TensorInfo[]) => void, info: tf.backend_util.Conv2DInfo, dy: TensorInfo, x: TensorInfo, y: TensorInfo,
): TensorInfo {
  const { batchSize: b, inHeight: h, inWidth: w, inChannels: ch, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const qh = Math.floor((fh - 1) / sh);
  const qw = Math.floor((fw - 1) / sw);
  // Pad (−inf never equals a finite maximum) to whole stride cells covering every window, then split
  // into the sh×sw stride-residue planes. Each window offset is then a plain shifted slice of a plane:
  // wasm's StridedSlice is ~30x slower per element than Slice, whose rank-4 form copies channel runs.
  // 'valid' pooling can leave trailing input rows no window reaches: the cells cover them too (grad 0).
  const cellsH = Math.max(oh + qh, Math.ceil((top + h) / sh));
  const cellsW = Math.max(ow + qw, Math.ceil((left + w) / sw));
  const xPad = run('PadV2', { x }, {
    paddings: [[0, 0], [top, cellsH * sh - h - top], [left, cellsW * sw - w - left], [0, 0]],
    constantValue: Number.NEGATIVE_INFINITY,
  });
  const cells = run('Reshape', { x: xPad }, { shape: [b * cellsH, sh, cellsW, sw * ch] });
  free(xPad);
  const planes = new Map<string, TensorInfo>();
  const planeOf = (r1: number, r2: number): TensorInfo => {
    const key = `${r1},${r2}`;
    let plane = planes.get(key);
    if (!plane) {
      const sliced = run('Slice', { x: cells }, { begin: [0, r1, 0, r2 * ch], size: [b * cellsH, 1, cellsW, ch] });
      plane = run('Reshape', { x: sliced }, { shape: [b, cellsH, cellsW, ch] });
      free(sliced);
      planes.set(key, plane);
    }
    return plane;
  };
  const zeros = run('ZerosLike', { x: dy });
  // One accumulator per stride residue (rh, rw), at output resolution plus the largest shift.
  const residues = new Map<string, TensorInfo>();
  // Positions already routed get NaN in `remaining`, which equals nothing: the first maximum in window
  // order wins, in 3 kernels per offset (a boolean 'taken' mask needed 5).
  let remaining = y;
  const nan = run('Fill', {}, { shape: y.shape, value: Number.NaN, dtype: 'float32' });
  const offsets = fh * fw;
  for (let k = 0; k < offsets; k++) {
    const [oy, ox] = [Math.floor(k / fw), k % fw];
    const [q1, r1] = [Math.floor(oy / sh), oy % sh];
    const [q2, r2] = [Math.floor(ox / sw), ox % sw];
    const view = run('Slice', { x: planeOf(r1, r2) }, { begin: [0, q1, q2, 0], size: [b, oh, ow, ch] });
    const isMax = run('Equal', { a: view, b: remaining });
    free(view);
    const routed = run('Select', { condition: isMax, t: dy, e: zeros });
    if (k < offsets - 1) {
      const next = run('Select', { condition: isMax, t: nan, e: remaining });
      if (remaining !== y) free(remaining);
      remaining = next;
    }
    free(isMax);
    let shifted = routed;
    if (cellsH > oh || cellsW > ow) {
      shifted = run('PadV2', { x: routed }, {
        paddings: [[0, 0], [q1, cellsH - oh - q1], [q2, cellsW - ow - q2], [0, 0]], constantValue: 0,
      });
      free(routed);
    }
    const key = `${r1},${r2}`;
    const sum = residues.get(key);
    if (sum) {
      residues.set(key, run('Add', { a: sum, b: shifted }));
      free(sum, shifted);
    } else {
      residues.set(key, shifted);
    }
  }
  free(cells, zeros, nan, ...planes.values());
  if (remaining !== y) free(remaining);
  // Interleave residues: frame[s·I + r] = residue_r[I]; classes no offset reaches (filter < stride) are 0.
  const zeroResidue = run('Fill', {}, { shape: [b, cellsH, cellsW, ch], value: 0, dtype: 'float32' });
  const rows: TensorInfo[] = [];
  for (let rh = 0; rh < sh; rh++) {
    const cols: TensorInfo[] = [];
    for (let rw = 0; rw < sw; rw++) {
      const r = residues.get(`${rh},${rw}`) ?? zeroResidue;
      cols.push(run('Reshape', { x: r }, { shape: [b, cellsH, 1, cellsW, 1, ch] }));
    }
    rows.push(cols.length === 1 ? (cols[0] as TensorInfo) : run('Concat', cols, { axis: 4 }));
  }
  const stacked = rows.length === 1 ? (rows[0] as TensorInfo) : run('Concat', rows, { axis: 2 });
  const frame = run('Reshape', { x: stacked }, { shape: [b, cellsH * sh, cellsW * sw, ch] });
  return run('Slice', { x: frame }, { begin: [0, top, left, 0], size: [b, h, w, ch] });
}
