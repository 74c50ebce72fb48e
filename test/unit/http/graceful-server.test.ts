// Graceful shutdown and load reporting of the production server wrapper (issue #13): a request in flight
// (an answer being saved) finishes after SIGTERM, new requests are turned away with 503 + Retry-After,
// the workers' shutdown hook runs, and a request that never ends cannot hold the process for ever.
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createGracefulServer, isOverloaded, OVERLOAD } from '../../../scripts/graceful-server.mjs';

type Graceful = ReturnType<typeof createGracefulServer>;
let current: Graceful | null = null;
afterEach(async () => {
  await current?.shutdown();
  current = null;
});

function start(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void, options: Parameters<typeof createGracefulServer>[1] = {}): Promise<{ g: Graceful; port: number }> {
  const g = createGracefulServer(handler, options);
  current = g;
  return new Promise((resolve) => g.server.listen(0, '127.0.0.1', () => resolve({ g, port: (g.server.address() as AddressInfo).port })));
}

function get(port: number, path: string, agent?: http.Agent): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    }).on('error', reject);
  });
}

const slowFast = (req: http.IncomingMessage, res: http.ServerResponse) => {
  const ms = req.url === '/slow' ? 300 : 0;
  setTimeout(() => res.end(req.url), ms);
};

describe('graceful server', () => {
  it('finishes the request in flight, refuses new ones with 503 + Retry-After, and runs the shutdown hook', async () => {
    const hook: string[] = [];
    const { g, port } = await start(slowFast, { onShutdown: async () => { hook.push('workers stopped'); } });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    expect((await get(port, '/fast', agent)).status).toBe(200);
    const slow = get(port, '/slow', agent);
    await new Promise((r) => setTimeout(r, 50));
    expect(g.load()).toMatchObject({ inFlight: 1, draining: false, overloaded: false });
    const done = g.shutdown();
    expect(g.load().draining).toBe(true);
    // A request on a connection that was already open is answered, not dropped.
    const refused = await get(port, '/fast', agent).catch((e: Error) => e);
    if (!(refused instanceof Error)) {
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
    }
    expect(await slow).toMatchObject({ status: 200, body: '/slow' });
    await done;
    expect(hook).toEqual(['workers stopped']);
    // New connections are no longer accepted.
    await expect(get(port, '/fast')).rejects.toThrow();
    agent.destroy();
  });

  it('a request that never ends cannot hold the shutdown past its time limit', async () => {
    const { g, port } = await start(() => undefined, { shutdownTimeoutMs: 200 });
    const hanging = get(port, '/hang').catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await g.shutdown();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await hanging).toBeInstanceOf(Error);
  });

  it('reports overload past either threshold', () => {
    expect(isOverloaded({ inFlight: 0, eventLoopDelayMs: 10 })).toBe(false);
    expect(isOverloaded({ inFlight: 0, eventLoopDelayMs: OVERLOAD.eventLoopDelayMs + 1 })).toBe(true);
    expect(isOverloaded({ inFlight: OVERLOAD.inFlight + 1, eventLoopDelayMs: 0 })).toBe(true);
  });

  it('sees a blocked event loop in its load reading', async () => {
    const { g } = await start(slowFast);
    const until = Date.now() + 700;
    await new Promise((r) => setTimeout(r, 20));
    while (Date.now() < until) { /* block the loop as a saturated server does */ }
    await new Promise((r) => setTimeout(r, 20));
    expect(g.load().eventLoopDelayMs).toBeGreaterThan(OVERLOAD.eventLoopDelayMs);
    expect(g.load().overloaded).toBe(true);
  });
});

describe('garbage collection when the server goes idle', () => {
  it('collects twice once the server has been idle after enough requests, and not while busy or without work', async () => {
    const calls: number[] = [];
    const { port } = await start(slowFast, { idleGc: { idleMs: 150, minRequests: 5, secondAfterMs: 50, gc: () => calls.push(Date.now()) } });
    // Four requests are not enough work.
    for (let i = 0; i < 4; i++) await get(port, '/fast');
    await new Promise((r) => setTimeout(r, 400));
    expect(calls).toHaveLength(0);
    // The fifth is; nothing happens while a request is in flight…
    const slow = get(port, '/slow');
    await new Promise((r) => setTimeout(r, 250));
    expect(calls).toHaveLength(0);
    await slow;
    // …and after the idle time, two collections, then none until more work comes.
    await new Promise((r) => setTimeout(r, 600));
    expect(calls).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 400));
    expect(calls).toHaveLength(2);
  });
});
