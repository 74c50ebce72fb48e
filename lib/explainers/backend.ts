// The one place that chooses the TF.js backend (ARCHITECTURE.md "lib/explainers: the contract").
// Order: native TensorFlow (GPU, then CPU) when its binding loads, else WASM, else pure JS 'cpu'.
// Never fails because a native binary is absent; fails loudly only when a *forced* backend cannot start.
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { patchWasmKernels } from './wasm-kernel-patches';

/** Backend names a caller (lib/env.ts) may force; 'tensorflow' is the native binding's name. */
export const backendChoiceSchema = z.enum(['cpu', 'wasm', 'tensorflow']);
export type BackendChoice = z.infer<typeof backendChoiceSchema>;

export interface BackendInfo {
  /** tf.getBackend() after initialisation: 'tensorflow' | 'wasm' | 'cpu'. */
  name: string;
  /** Which native package provided 'tensorflow', if any. */
  nativePackage: string | null;
  /** Versions of the TF.js packages in use, for provenance. */
  versions: Record<string, string>;
  /** Why faster backends were not used (absent binding, failed wasm start), in try order. */
  skipped: string[];
  /** Kernels this module registered or replaced on wasm (see wasm-kernel-patches.ts). */
  patchedKernels: string[];
}

interface BackendState {
  promise: Promise<BackendInfo> | null;
  info: BackendInfo | null;
  force: BackendChoice | undefined;
}

// Next gives route handlers and instrumentation separate module instances; tf's engine is global,
// so the record of what we did with it must be global too.
const stateKey = Symbol.for('face-xai.explainers.backend');
const globalState = globalThis as unknown as Record<symbol, BackendState | undefined>;
function getState(): BackendState {
  const existing = globalState[stateKey];
  if (existing) return existing;
  const fresh: BackendState = { promise: null, info: null, force: undefined };
  globalState[stateKey] = fresh;
  return fresh;
}

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/**
 * Whether the package's compiled binding is on disk. Importing a package whose binding is missing still
 * registers hundreds of kernels before it fails, which floods the log ("already registered") when the
 * next candidate loads, so absent bindings are skipped without importing.
 */
function bindingPresent(name: string): boolean {
  try {
    const req = createRequire(path.join(process.cwd(), 'package.json'));
    const lib = path.join(path.dirname(req.resolve(`${name}/package.json`)), 'lib');
    return fs.readdirSync(lib).some((d) => d.startsWith('napi-v') && fs.existsSync(path.join(lib, d, 'tfjs_binding.node')));
  } catch {
    return false;
  }
}

async function tryNative(skipped: string[]): Promise<string | null> {
  for (const name of NATIVE_PACKAGES) {
    if (!bindingPresent(name)) {
      skipped.push(`${name}: not installed (or its native binding is missing)`);
      continue;
    }
    try {
      // Optional dependencies that cannot install offline; the ignore comment keeps Turbopack from
      // trying to bundle (and warning about) a package that is usually absent.
      await import(/* turbopackIgnore: true */ /* webpackIgnore: true */ name);
      if ((await tf.setBackend('tensorflow')) && tf.getBackend() === 'tensorflow') return name;
      skipped.push(`${name}: loaded but setBackend('tensorflow') failed`);
    } catch (error) {
      skipped.push(`${name}: ${firstLine(error)}`);
    }
  }
  return null;
}

function wasmDistDir(): string {
  // Bundlers break the wasm glue's own lookup of its .wasm files (STACK.md), so point it at the
  // package's dist/ folder explicitly; the trailing slash is required by setWasmPaths.
  const req = createRequire(path.join(process.cwd(), 'package.json'));
  return path.dirname(req.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/';
}

const PROCESS_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;
type Listener = (...args: unknown[]) => void;
// process.listeners() is overloaded per event name; one typed view keeps both events in one loop.
const listenersOf = (event: string): Listener[] => process.listeners(event as 'uncaughtException') as Listener[];

async function startWasm(): Promise<void> {
  // The emscripten glue installs process-wide handlers that re-throw, which would turn any stray
  // unhandled rejection into a server crash (STACK.md). Remember what was there and remove the rest.
  const before = new Map(PROCESS_EVENTS.map((e) => [e, new Set(listenersOf(e))]));
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(wasmDistDir());
    const ok = await tf.setBackend('wasm');
    await tf.ready();
    if (!ok || tf.getBackend() !== 'wasm') {
      throw new Error(`tf.setBackend('wasm') returned ${ok}; active backend is '${tf.getBackend()}'`);
    }
  } finally {
    for (const event of PROCESS_EVENTS) {
      const keep = before.get(event);
      for (const listener of listenersOf(event)) {
        if (!keep?.has(listener)) process.removeListener(event, listener);
      }
    }
  }
}

async function startCpu(): Promise<void> {
  if (!(await tf.setBackend('cpu')) || tf.getBackend() !== 'cpu') {
    throw new Error(`tf.setBackend('cpu') failed; active backend is '${tf.getBackend()}'`);
  }
}

async function collectVersions(nativePackage: string | null): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  for (const [name, version] of Object.entries(tf.version)) versions[`@tensorflow/${name}`] = String(version);
  versions['@tensorflow/tfjs'] = String(tf.version.tfjs);
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    versions['@tensorflow/tfjs-backend-wasm'] = wasm.version_wasm;
  } catch {
    // wasm not installed: nothing to record
  }
  if (nativePackage) {
    try {
      const req = createRequire(path.join(process.cwd(), 'package.json'));
      const pkg = req(`${nativePackage}/package.json`) as { version?: unknown };
      if (typeof pkg.version === 'string') versions[nativePackage] = pkg.version;
    } catch {
      versions[nativePackage] = 'unknown';
    }
  }
  return versions;
}

async function choose(force: BackendChoice | undefined): Promise<BackendInfo> {
  const skipped: string[] = [];
  let nativePackage: string | null = null;
  if (force === 'tensorflow' || force === undefined) {
    nativePackage = await tryNative(skipped);
    if (!nativePackage && force === 'tensorflow') {
      throw new Error(`TF backend 'tensorflow' was forced but no native binding loaded: ${skipped.join('; ')}`);
    }
  }
  if (!nativePackage && (force === 'wasm' || force === undefined)) {
    try {
      await startWasm();
    } catch (error) {
      if (force === 'wasm') throw new Error(`TF backend 'wasm' was forced but failed: ${firstLine(error)}`);
      skipped.push(`wasm: ${firstLine(error)}`);
      console.error(`[explainers] WASM backend failed to start, falling back to slow 'cpu': ${firstLine(error)}`);
    }
  }
  if (!nativePackage && tf.getBackend() !== 'wasm') await startCpu();
  const info: BackendInfo = {
    name: tf.getBackend(),
    nativePackage,
    versions: await collectVersions(nativePackage),
    skipped,
    patchedKernels: tf.getBackend() === 'wasm' ? patchWasmKernels() : [],
  };
  console.info(`[explainers] TF.js backend: ${info.name}${force ? ` (forced)` : ''}`);
  return info;
}

/**
 * Initialises TF.js once per process. Pass `force` from the typed env (e.g. TF_BACKEND) to pin a
 * backend; a forced backend that cannot start throws instead of silently running elsewhere.
 * Calling again returns the same result; calling again with a different `force` throws.
 */
export async function initBackend(options: { force?: BackendChoice } = {}): Promise<BackendInfo> {
  const force = options.force === undefined ? undefined : backendChoiceSchema.parse(options.force);
  const state = getState();
  if (state.promise) {
    if (force !== undefined && state.force !== force) {
      throw new Error(`TF backend already initialised with force=${state.force ?? 'auto'}; asked for ${force}`);
    }
    return state.promise;
  }
  state.force = force;
  state.promise = choose(force).then(
    (info) => {
      state.info = info;
      return info;
    },
    (error: unknown) => {
      state.promise = null; // allow a retry after e.g. fixing the environment
      throw error;
    },
  );
  return state.promise;
}

/** What initBackend chose; throws if it has not completed (provenance must never guess). */
export function backendInfo(): BackendInfo {
  const info = getState().info;
  if (!info) throw new Error('backendInfo() called before initBackend() finished');
  if (info.name !== tf.getBackend()) {
    // Someone switched backends behind our back (tests do this deliberately); report the truth.
    return { ...info, name: tf.getBackend() };
  }
  return info;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
