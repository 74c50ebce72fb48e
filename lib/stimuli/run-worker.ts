import 'server-only';
// The explanation worker loop, shared by the in-server worker threads and `npm run worker` processes:
// requeue jobs of dead workers, claim the next job, compute it with heartbeats and progress, store the
// image, mark the job done (or failed, with its error, after the retry limit, or at once when the
// failure is permanent: retrying "no face found" only repeats it).
import sharp from 'sharp';
import { claimNextJob, completeJob, failJob, HEARTBEAT_MS, releaseJob, reportProgress, requeueStaleJobs, type ClaimedJob } from '@/lib/stimuli/job-queue';
import { generateStimulus } from '@/lib/stimuli/generate-stimulus';
import { stimulusSpecSchema } from '@/lib/stimuli/stimulus-spec';
import { isPermanentJobError, PermanentJobError } from '@/lib/stimuli/permanent-job-error';
import { writeStimulusFile } from '@/lib/stimuli/stimulus-store';

export interface WorkerOptions {
  workerId: string;
  /** Stops the loop after the current job. */
  stop: AbortSignal;
  pollMs?: number;
  log?: (line: string) => void;
  /** Test hook: replaces the computation. */
  generate?: typeof generateStimulus;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => { clearTimeout(t); resolve(); };
    const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

export async function runWorker(options: WorkerOptions): Promise<void> {
  const log = options.log ?? ((l) => console.log(`[worker ${options.workerId}] ${l}`));
  while (!options.stop.aborted) {
    try {
      const requeued = await requeueStaleJobs();
      if (requeued) log(`requeued ${requeued} job(s) of unresponsive workers`);
      const job = await claimNextJob({ workerId: options.workerId });
      if (!job) {
        await sleep(options.pollMs ?? 1000, options.stop);
        continue;
      }
      await runJob(job, options, log);
    } catch (e) {
      // A database hiccup must not kill the worker; wait and carry on.
      log(`loop error: ${e instanceof Error ? e.message : String(e)}`);
      await sleep(2000, options.stop);
    }
  }
}

/** The stored spec; one that does not parse never will. */
function parseSpec(json: string) {
  try {
    return stimulusSpecSchema.parse(JSON.parse(json));
  } catch (e) {
    throw new PermanentJobError(`The stored stimulus description is invalid: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

export async function runJob(job: ClaimedJob, options: WorkerOptions, log: (l: string) => void): Promise<void> {
  const started = Date.now();
  const controller = new AbortController();
  let latest = { progress: 0, message: 'starting' };
  let lastBeat = 0;
  const beat = () => {
    lastBeat = Date.now();
    void reportProgress({ jobId: job.jobId, workerId: options.workerId, ...latest }).then(
      (owned) => { if (!owned) controller.abort(); },
      () => undefined,
    );
  };
  // Heartbeats come from progress callbacks (methods report often) and from a timer as a fallback.
  const timer = setInterval(beat, HEARTBEAT_MS);
  // Shutting down (SIGTERM): stop this job and hand it back rather than keep the server waiting for it.
  let shuttingDown = false;
  const onStop = () => { shuttingDown = true; controller.abort(); };
  options.stop.addEventListener('abort', onStop, { once: true });
  if (options.stop.aborted) onStop();
  try {
    const spec = parseSpec(job.spec);
    log(`job ${job.jobId}: ${spec.method} on ${spec.model} for ${spec.source.ref} (attempt ${job.attempts})`);
    const out = await (options.generate ?? generateStimulus)({
      spec,
      signal: controller.signal,
      onProgress: (progress, message) => {
        latest = { progress, message: message ?? latest.message };
        if (Date.now() - lastBeat > 500) beat();
      },
    });
    const fileHash = await writeStimulusFile(job.stimulusId, out.png);
    const meta = await sharp(out.png).metadata();
    const ok = await completeJob({
      jobId: job.jobId, workerId: options.workerId, stimulusId: job.stimulusId, startedAt: started,
      output: { provenance: { ...out.provenance, durationMs: Date.now() - started }, prediction: out.prediction, width: meta.width ?? 0, height: meta.height ?? 0, fileHash, quality: out.quality ?? null },
    });
    log(`job ${job.jobId}: ${ok ? 'done' : 'no longer ours (cancelled or requeued)'} in ${Date.now() - started} ms`);
  } catch (e) {
    if (shuttingDown) {
      const released = await releaseJob({ jobId: job.jobId, workerId: options.workerId }).catch(() => false);
      log(`job ${job.jobId}: ${released ? 'released to the queue (worker shutting down)' : 'stopped (worker shutting down)'}`);
      return;
    }
    if (controller.signal.aborted) {
      log(`job ${job.jobId}: stopped (cancelled or taken over)`);
      return;
    }
    const message = e instanceof Error ? e.message : String(e);
    const outcome = await failJob({ jobId: job.jobId, workerId: options.workerId, error: message, permanent: isPermanentJobError(e) });
    log(`job ${job.jobId}: ${outcome} after error: ${message}`);
  } finally {
    clearInterval(timer);
    options.stop.removeEventListener('abort', onStop);
  }
}
