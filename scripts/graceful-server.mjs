// The HTTP server wrapper behind `npm start` (serve.mjs): counts requests in flight, measures how late the
// event loop runs (the queueing every request sees when the server is saturated), reports both for
// /api/health, and shuts down gracefully on SIGTERM (issue #13): new requests get 503 + Retry-After and
// `Connection: close` (a proxy retries them on another server), requests already in flight, answers
// included, finish, the explanation workers stop claiming and hand their running jobs back, and the
// process exits once all is done or after the grace period.
// Plain ESM so it runs on Node without a TypeScript loader in the request path.
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Overload thresholds: past either, /api/health answers 503 so a proxy sends new participants elsewhere. */
export const OVERLOAD = {
  /** p99 event-loop delay over the last window: every request waits at least this long before it runs. */
  eventLoopDelayMs: 500,
  /** Requests being handled at once. */
  inFlight: 256,
};
const WINDOW_MS = 5_000;

/**
 * Collecting garbage once the server goes idle after busy work. Measured 2026-12-02 (200 participants):
 * V8 grew its heap to ~300 MB for ~80 MB of live objects, and with no allocation after the run it never
 * collected again — RSS stayed at 488 MB for good; two full GCs brought it to 262 MB (186 MB once glibc
 * returned freed memory, see MALLOC_* in start.ts). Only with `node --expose-gc` (start.ts sets it).
 */
export const IDLE_GC = {
  /** No request in flight for this long. */
  idleMs: 10_000,
  /** Requests served since the last collection: a few health checks are not worth a pause. */
  minRequests: 100,
  /** The second collection frees what the first one's finalisers released. */
  secondAfterMs: 500,
};

/** Whether a load reading is past the thresholds (pure, for tests and health). */
export function isOverloaded(load, limits = OVERLOAD) {
  return load.eventLoopDelayMs > limits.eventLoopDelayMs || load.inFlight > limits.inFlight;
}

/**
 * `handler(req, res)` serves requests; `onShutdown()` is awaited during shutdown (stop the workers);
 * `shutdownTimeoutMs` bounds the whole shutdown, after which open connections are cut; `idleGc` overrides
 * IDLE_GC (and `idleGc.gc` the collector, for tests).
 */
export function createGracefulServer(handler, options = {}) {
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 15_000;
  let inFlight = 0;
  let draining = false;
  let idleWaiters = [];
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let lastWindowP99 = 0;
  const windowTimer = setInterval(() => {
    lastWindowP99 = delay.percentile(99) / 1e6;
    delay.reset();
  }, WINDOW_MS);
  windowTimer.unref();

  // Idle collection (IDLE_GC): counts requests and notes when the last one ended.
  const idleGc = { ...IDLE_GC, ...options.idleGc };
  const collect = idleGc.gc ?? (typeof globalThis.gc === 'function' ? globalThis.gc : null);
  let requestsSinceGc = 0;
  let lastEnd = Date.now();
  const gcTimer = collect
    ? setInterval(() => {
        if (inFlight > 0 || requestsSinceGc < idleGc.minRequests || Date.now() - lastEnd < idleGc.idleMs) return;
        requestsSinceGc = 0;
        collect();
        setTimeout(() => { if (inFlight === 0) collect(); }, idleGc.secondAfterMs).unref();
      }, Math.max(50, Math.min(2_000, idleGc.idleMs / 2)))
    : null;
  gcTimer?.unref();

  const server = createServer((req, res) => {
    if (draining) {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5', connection: 'close' });
      res.end(JSON.stringify({ error: 'The server is restarting. Try again in a few seconds.' }));
      return;
    }
    inFlight++;
    requestsSinceGc++;
    res.once('close', () => {
      inFlight--;
      lastEnd = Date.now();
      if (inFlight === 0) for (const w of idleWaiters.splice(0)) w();
    });
    handler(req, res);
  });

  function load() {
    // The current window's readings count too, so a sudden stall shows before the window ends.
    const current = delay.count > 0 ? delay.percentile(99) / 1e6 : 0;
    const reading = { inFlight, eventLoopDelayMs: Math.round(Math.max(lastWindowP99, current)), draining };
    return { ...reading, overloaded: isOverloaded(reading) };
  }

  let shutdownPromise = null;
  function shutdown() {
    if (shutdownPromise) return shutdownPromise;
    draining = true;
    shutdownPromise = (async () => {
      server.close();
      server.closeIdleConnections();
      const requestsDone = inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
      const deadline = new Promise((resolve) => setTimeout(resolve, shutdownTimeoutMs).unref());
      await Promise.race([Promise.all([requestsDone, Promise.resolve(options.onShutdown?.()).catch(() => undefined)]), deadline]);
      server.closeAllConnections();
      clearInterval(windowTimer);
      if (gcTimer) clearInterval(gcTimer);
      delay.disable();
    })();
    return shutdownPromise;
  }

  return { server, load, shutdown };
}
