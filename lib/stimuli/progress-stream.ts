import 'server-only';
// Server-Sent Events for generation progress. Progress lives in the database (workers may be other
// processes or machines), so the stream polls it and sends a message whenever something changed.
import type { JobView } from '@/lib/stimuli/stimulus-status';

const TERMINAL = new Set(['done', 'failed', 'cancelled']);

export function progressStream(options: { load: () => Promise<JobView[]>; signal: AbortSignal; pollMs?: number }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let last = '';
      let idle = 0;
      const send = (event: string, data: unknown) => controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      const tick = async () => {
        if (options.signal.aborted) return;
        try {
          const jobs = await options.load();
          const text = JSON.stringify(jobs);
          if (text !== last) {
            last = text;
            idle = 0;
            send('jobs', jobs);
          } else if (++idle % 30 === 0) {
            controller.enqueue(encoder.encode(': keep-alive\n\n'));
          }
          if (jobs.every((j) => TERMINAL.has(j.status))) {
            send('complete', { done: jobs.filter((j) => j.status === 'done').length, failed: jobs.filter((j) => j.status === 'failed').length, total: jobs.length });
            controller.close();
            return;
          }
        } catch (e) {
          send('error', { message: e instanceof Error ? e.message : 'progress unavailable' });
        }
        timer = setTimeout(() => void tick(), options.pollMs ?? 500);
      };
      options.signal.addEventListener('abort', () => {
        if (timer) clearTimeout(timer);
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      void tick();
    },
    cancel() {
      if (timer) clearTimeout(timer);
    },
  });
}

export const sseHeaders = { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' };
