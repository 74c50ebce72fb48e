// The only reader of process.env. Every setting is parsed once with zod, so a bad value fails at
// start with a message naming the variable instead of surfacing later as a strange runtime error.
import path from 'node:path';
import { z } from 'zod';
import { DATABASE_URL_FORMS, isDatabaseUrl } from '@/lib/database-url';

const root = process.cwd();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Public base URL used in printed participant links; defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default(path.join(root, 'data')),
  /** file:… (SQLite, the embedded default) or postgresql://… (several servers and workers on one database; README). */
  DATABASE_URL: z.string().min(1)
    .refine(isDatabaseUrl, `DATABASE_URL must be ${DATABASE_URL_FORMS}`)
    .optional(),
  /** PostgreSQL only: connections per process (web server or worker). */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  FACES_DIR: z.string().min(1).default(path.resolve(root, '..', 'shared', 'data', 'faces', 'demo')),
  /** Directory of stimulus images that study files may name with the `stimuli:` prefix. */
  STIMULI_DIR: z.string().min(1).optional(),
  STUDIES_DIR: z.string().min(1).default(path.join(root, 'studies')),
  /** Secret for signing participant cookies; generated into DATA_DIR on first start when absent. */
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  /** Minutes without activity after which an unfinished participant counts as abandoned. */
  ABANDON_AFTER_MINUTES: z.coerce.number().int().positive().default(60),
  TF_BACKEND: z.enum(['tensorflow', 'wasm', 'cpu']).optional(),
  /**
   * Runtime of forward-only work (occlusion, RISE, quality scoring): 'auto' uses onnxruntime-node when its
   * binding loads (else TF.js), 'onnx' requires it, 'tfjs' never uses it (lib/explainers/forward-runtime.ts).
   */
  FORWARD_RUNTIME: z.enum(['auto', 'onnx', 'tfjs']).default('auto'),
  /**
   * onnxruntime threads per explanation worker; default: the cores divided among the server's worker
   * threads (at least 1), or every core for a standalone `npm run worker` process.
   */
  ONNX_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  /**
   * Cost of the explanations in the default study: 'draft' (tests, seconds), 'standard' (the demo,
   * minutes on 2 cores), 'full' (EXPLAINERS.md defaults, e.g. 400-step inversions with 4 restarts).
   */
  STIMULUS_QUALITY: z.enum(['draft', 'standard', 'full']).default('standard'),
  /** Explanation worker threads in the web server; default one per spare core but at least two on 2+ cores, 0 for none. */
  EXPLANATION_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  /**
   * Scheduling priority (Linux nice, 0–19) of the explanation worker threads: model compute yields the CPU
   * to HTTP requests, so a worker may use every core without slowing participants' pages.
   */
  EXPLANATION_WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /** `1`: `npm run db:seed` (and so `npm run demo`) also loads the example respondents (lib/example-data). */
  DEMO_EXAMPLE_DATA: z.enum(['0', '1']).default('0'),
});

export type Env = z.infer<typeof envSchema> & {
  DATABASE_URL: string;
  STIMULI_DIR: string;
  PUBLIC_URL: string;
};

let cached: Env | undefined;

/** Parsed settings; throws one readable error listing every bad variable. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  cached = {
    ...e,
    DATABASE_URL: e.DATABASE_URL ?? `file:${path.join(e.DATA_DIR, 'app.db')}`,
    STIMULI_DIR: e.STIMULI_DIR ?? path.join(e.DATA_DIR, 'stimuli'),
    PUBLIC_URL: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
  };
  return cached;
}

/** Tests change variables between cases; production never calls this. */
export function resetEnvForTests(): void {
  cached = undefined;
}
