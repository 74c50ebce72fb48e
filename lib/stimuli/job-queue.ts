import 'server-only';
// The job queue's protocol, used by every worker (thread or separate process). Each state change is a
// single conditional UPDATE ("… WHERE id = ? AND status = 'queued'"), so two workers can never hold
// the same job, on SQLite and PostgreSQL alike, without locks held across the computation. On
// PostgreSQL, where many workers on several machines poll one queue, the claim is one statement with
// FOR UPDATE SKIP LOCKED: each worker takes the first job nobody else is taking, without retries.
import { databaseKind, getDb, withTransaction } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { QualityReport } from '@/lib/explainers/quality/quality-report';

export const HEARTBEAT_MS = 2_000;
/** A running job whose worker has been silent this long is considered dead and requeued. */
export const STALE_AFTER_MS = 20_000;

export interface ClaimedJob {
  jobId: string;
  stimulusId: string;
  spec: string;
  attempts: number;
}

export async function claimNextJob(options: { workerId: string }): Promise<ClaimedJob | null> {
  if (databaseKind() === 'postgresql') return claimNextJobSkipLocked(options);
  const db = getDb();
  for (let tries = 0; tries < 5; tries++) {
    const candidate = await db.explanationJob.findFirst({ where: { status: 'queued' }, orderBy: [{ priority: 'desc' }, { queuedAt: 'asc' }], include: { stimulus: true } });
    if (!candidate) return null;
    const now = new Date();
    const won = await db.explanationJob.updateMany({
      where: { id: candidate.id, status: 'queued' },
      data: { status: 'running', workerId: options.workerId, attempts: { increment: 1 }, startedAt: now, heartbeatAt: now, progress: 0, message: 'starting', error: null },
    });
    if (won.count === 1) return { jobId: candidate.id, stimulusId: candidate.stimulusId, spec: candidate.stimulus.spec, attempts: candidate.attempts + 1 };
    // Another worker took it between our read and our write: look again.
  }
  return null;
}

/**
 * PostgreSQL: pick and take the next queued job in one statement. SKIP LOCKED passes over rows another
 * worker's claim is locking, so concurrent claims get different jobs and none waits. Times are sent as
 * UTC text cast to TIMESTAMP(3), the form Prisma stores (never the server's now(), which follows its
 * time zone).
 */
async function claimNextJobSkipLocked(options: { workerId: string }): Promise<ClaimedJob | null> {
  const now = Prisma.sql`CAST(${new Date().toISOString()} AS TIMESTAMP(3))`;
  const rows = await getDb().$queryRaw<{ id: string; stimulusId: string; attempts: number }[]>`
    UPDATE "ExplanationJob" SET "status" = 'running', "workerId" = ${options.workerId}, "attempts" = "attempts" + 1,
      "startedAt" = ${now}, "heartbeatAt" = ${now}, "progress" = 0, "message" = 'starting', "error" = NULL
    WHERE "id" = (
      SELECT "id" FROM "ExplanationJob" WHERE "status" = 'queued'
      ORDER BY "priority" DESC, "queuedAt" ASC LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING "id", "stimulusId", "attempts"`;
  const row = rows[0];
  if (!row) return null;
  const stimulus = await getDb().stimulus.findUniqueOrThrow({ where: { id: row.stimulusId }, select: { spec: true } });
  return { jobId: row.id, stimulusId: row.stimulusId, spec: stimulus.spec, attempts: Number(row.attempts) };
}

/** Records progress; false means this worker no longer owns the job (cancelled or requeued). */
export async function reportProgress(options: { jobId: string; workerId: string; progress: number; message?: string }): Promise<boolean> {
  const r = await getDb().explanationJob.updateMany({
    where: { id: options.jobId, workerId: options.workerId, status: 'running' },
    data: { heartbeatAt: new Date(), progress: Math.max(0, Math.min(1, options.progress)), message: options.message?.slice(0, 200) },
  });
  return r.count === 1;
}

export interface StimulusOutput {
  provenance: unknown;
  prediction: unknown;
  width: number;
  height: number;
  fileHash: string;
  /** The stimulus's quality report (lib/explainers/quality), stored in the same transaction as the image. */
  quality?: QualityReport | null;
}

export async function completeJob(options: { jobId: string; workerId: string; stimulusId: string; output: StimulusOutput; startedAt: number }): Promise<boolean> {
  return withTransaction(async (tx) => {
    const done = await tx.explanationJob.updateMany({
      where: { id: options.jobId, workerId: options.workerId, status: 'running' },
      data: { status: 'done', progress: 1, message: 'done', finishedAt: new Date(), durationMs: Date.now() - options.startedAt, heartbeatAt: new Date() },
    });
    if (done.count !== 1) return false;
    const o = options.output;
    await tx.stimulus.update({
      where: { id: options.stimulusId },
      data: { provenance: JSON.stringify(o.provenance), prediction: JSON.stringify(o.prediction), width: o.width, height: o.height, fileHash: o.fileHash,
        quality: o.quality ? JSON.stringify(o.quality) : null, weak: o.quality ? o.quality.weak : null },
    });
    return true;
  });
}

/**
 * A failed attempt: back to the queue, or failed for good (error kept) after maxAttempts. A
 * `permanent` failure (one that would repeat on every attempt, see permanent-job-error.ts) fails at
 * once, whatever attempts are left.
 */
export async function failJob(options: { jobId: string; workerId: string; error: string; permanent?: boolean }): Promise<'requeued' | 'failed' | 'lost'> {
  const db = getDb();
  const job = await db.explanationJob.findUnique({ where: { id: options.jobId } });
  if (!job || job.workerId !== options.workerId || job.status !== 'running') return 'lost';
  const final = options.permanent === true || job.attempts >= job.maxAttempts;
  await db.explanationJob.updateMany({
    where: { id: job.id, workerId: options.workerId, status: 'running' },
    data: final
      ? { status: 'failed', error: options.error.slice(0, 2000), finishedAt: new Date(), message: 'failed' }
      : { status: 'queued', error: options.error.slice(0, 2000), workerId: null, progress: 0, message: `retrying after: ${options.error.slice(0, 120)}` },
  });
  return final ? 'failed' : 'requeued';
}

/**
 * Hands a running job back to the queue at once because its worker is shutting down (SIGTERM): not a
 * failure, so the attempt it used is given back, and another worker can claim it without waiting the
 * STALE_AFTER_MS a crashed worker's job waits. False when this worker no longer owned it.
 */
export async function releaseJob(options: { jobId: string; workerId: string }): Promise<boolean> {
  const r = await getDb().explanationJob.updateMany({
    where: { id: options.jobId, workerId: options.workerId, status: 'running' },
    data: { status: 'queued', workerId: null, progress: 0, attempts: { decrement: 1 }, message: `released: worker ${options.workerId} shut down` },
  });
  return r.count === 1;
}

/** Requeues running jobs whose worker stopped heartbeating (crashed, killed); fails them past the limit. */
export async function requeueStaleJobs(options: { now?: Date } = {}): Promise<number> {
  const db = getDb();
  const cutoff = new Date((options.now ?? new Date()).getTime() - STALE_AFTER_MS);
  const stale = await db.explanationJob.findMany({ where: { status: 'running', heartbeatAt: { lt: cutoff } } });
  let n = 0;
  for (const job of stale) {
    const final = job.attempts >= job.maxAttempts;
    const r = await db.explanationJob.updateMany({
      where: { id: job.id, status: 'running', heartbeatAt: job.heartbeatAt },
      data: final
        ? { status: 'failed', error: `worker ${job.workerId ?? '?'} stopped responding (attempt ${job.attempts} of ${job.maxAttempts})`, finishedAt: new Date() }
        : { status: 'queued', workerId: null, progress: 0, message: `requeued: worker ${job.workerId ?? '?'} stopped responding` },
    });
    n += r.count;
  }
  return n;
}

export async function cancelJob(options: { stimulusId: string }): Promise<boolean> {
  const r = await getDb().explanationJob.updateMany({
    where: { stimulusId: options.stimulusId, status: { in: ['queued', 'running'] } },
    data: { status: 'cancelled', message: 'cancelled', finishedAt: new Date() },
  });
  return r.count > 0;
}
