// A minimal writer of ONNX model protobufs (onnx/onnx.proto, IR version 8): just the messages a
// feed-forward graph of float tensors needs (model, graph, node, attribute, tensor, value info). The wire
// format is a handful of rules (varints, length-delimited fields), so a dependency would add more than it
// saves; onnxruntime parses and checks every graph built with it (test/unit/explainers/forward-runtime).
// Field numbers are onnx.proto's.

type Chunk = Uint8Array;

function varint(value: bigint | number): Chunk {
  // int64 fields: negative numbers are written as their 64-bit two's complement (10 bytes).
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  while (v >= 0x80n) {
    bytes.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  bytes.push(Number(v));
  return Uint8Array.from(bytes);
}

function concat(chunks: readonly Chunk[]): Chunk {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const tag = (field: number, wireType: 0 | 1 | 2 | 5) => varint((field << 3) | wireType);
const intField = (field: number, value: number | bigint): Chunk => concat([tag(field, 0), varint(value)]);
const bytesField = (field: number, bytes: Chunk): Chunk => concat([tag(field, 2), varint(bytes.length), bytes]);
const stringField = (field: number, s: string): Chunk => bytesField(field, new TextEncoder().encode(s));
function floatField(field: number, value: number): Chunk {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, value, true);
  return concat([tag(field, 5), b]);
}

export const OnnxDataType = { FLOAT: 1, INT64: 7 } as const;
const AttributeType = { FLOAT: 1, INT: 2, INTS: 7 } as const;

export type AttributeValue = number | readonly number[] | { float: number };

export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  attributes?: Record<string, AttributeValue>;
}

export interface OnnxInitializer {
  name: string;
  dims: readonly number[];
  /** float32 data, or int64 values (shapes for Reshape) as bigint. */
  data: Float32Array | BigInt64Array;
}

export interface OnnxValueInfo {
  name: string;
  /** A number is a fixed size, a string a symbolic one (e.g. 'batch'). */
  dims: ReadonlyArray<number | string>;
}

export interface OnnxModel {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxInitializer[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  opset: number;
  producer: string;
  docString?: string;
}

function attribute(name: string, value: AttributeValue): Chunk {
  const parts = [stringField(1, name)];
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`onnx attribute '${name}': integer expected, got ${value} (use { float })`);
    parts.push(intField(20, AttributeType.INT), intField(3, value));
  } else if ('float' in value) {
    parts.push(intField(20, AttributeType.FLOAT), floatField(2, value.float));
  } else {
    parts.push(intField(20, AttributeType.INTS), ...value.map((v) => intField(8, v)));
  }
  return concat(parts);
}

function node(n: OnnxNode): Chunk {
  return concat([
    ...n.inputs.map((i) => stringField(1, i)),
    ...n.outputs.map((o) => stringField(2, o)),
    ...(n.name ? [stringField(3, n.name)] : []),
    stringField(4, n.op),
    ...Object.entries(n.attributes ?? {}).map(([k, v]) => bytesField(5, attribute(k, v))),
  ]);
}

function tensor(t: OnnxInitializer): Chunk {
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (t.data.length !== count) throw new Error(`onnx initializer '${t.name}': ${t.data.length} values for dims [${t.dims.join(', ')}]`);
  const type = t.data instanceof Float32Array ? OnnxDataType.FLOAT : OnnxDataType.INT64;
  // raw_data is little-endian; typed arrays are little-endian on every platform Node runs on here.
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return concat([...t.dims.map((d) => intField(1, d)), intField(2, type), stringField(8, t.name), bytesField(9, raw)]);
}

function valueInfo(v: OnnxValueInfo): Chunk {
  const dims = v.dims.map((d) => bytesField(1, typeof d === 'number' ? intField(1, d) : stringField(2, d)));
  const tensorType = concat([intField(1, OnnxDataType.FLOAT), bytesField(2, concat(dims))]);
  return concat([stringField(1, v.name), bytesField(2, bytesField(1, tensorType))]);
}

/** The serialised ModelProto, ready for onnxruntime's InferenceSession.create(bytes). */
export function encodeOnnxModel(m: OnnxModel): Uint8Array {
  const graph = concat([
    ...m.nodes.map((n) => bytesField(1, node(n))),
    stringField(2, m.name),
    ...m.initializers.map((t) => bytesField(5, tensor(t))),
    ...m.inputs.map((v) => bytesField(11, valueInfo(v))),
    ...m.outputs.map((v) => bytesField(12, valueInfo(v))),
  ]);
  return concat([
    intField(1, 8), // ir_version 8 (opsets up to 18)
    stringField(2, m.producer),
    ...(m.docString ? [stringField(6, m.docString)] : []),
    bytesField(7, graph),
    bytesField(8, concat([stringField(1, ''), intField(2, m.opset)])),
  ]);
}
