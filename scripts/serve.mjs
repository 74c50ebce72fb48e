// The production HTTP server (`npm start` runs it instead of `next start`). It exists for one reason:
// Next's route handlers cannot see the TCP peer address, and `next start` only fills X-Forwarded-For when
// the client did not send one, so a forged header decided the per-address sign-in limit (issue #11).
// Here every request gets `x-client-address` set from the socket, or, behind a configured proxy
// (TRUST_PROXY = number of proxy hops in front of this server), from the forwarded chain those proxies
// wrote. Incoming copies of that header are always overwritten; without TRUST_PROXY the client's own
// X-Forwarded-* headers are dropped so nothing downstream trusts them. lib/auth/client-address.ts reads it.
// Plain ESM so it runs on Node without a TypeScript loader in the request path.
import next from 'next';
import { createGracefulServer } from './graceful-server.mjs';

const CLIENT_HEADER = 'x-client-address';
const FORWARDED = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-real-ip', 'forwarded'];

function parseTrustProxy(raw) {
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return 0;
  if (raw === 'true') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 10) {
    throw new Error(`TRUST_PROXY must be the number of proxies in front of the server (0–10) or true/false, not '${raw}'.`);
  }
  return n;
}

/**
 * The client's address: the socket peer, or with `hops` trusted proxies the address the outermost trusted
 * proxy saw (the `hops`-th entry from the right of X-Forwarded-For + the peer), as Express's trust proxy = N.
 */
export function clientAddress(socketAddress, forwardedFor, hops) {
  const peer = socketAddress ?? 'unknown';
  if (hops === 0) return peer;
  const chain = (forwardedFor ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  chain.push(peer);
  return chain[Math.max(0, chain.length - 1 - hops)] ?? peer;
}

/** Whether every %-escape in the path decodes to valid UTF-8. */
export function decodablePath(url) {
  const path = (url ?? '/').split('?')[0];
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function parseShutdownTimeout(raw) {
  if (raw === undefined || raw === '') return 15_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 600_000) throw new Error(`SHUTDOWN_TIMEOUT_MS must be milliseconds between 0 and 600000, not '${raw}'.`);
  return n;
}

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  const hops = parseTrustProxy(process.env.TRUST_PROXY);
  const shutdownTimeoutMs = parseShutdownTimeout(process.env.SHUTDOWN_TIMEOUT_MS);
  const app = next({ dev: false, dir: process.cwd(), hostname: 'localhost', port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const { server, load, shutdown } = createGracefulServer((req, res) => {
    // Next answers a path it cannot percent-decode (e.g. /s/%ff%fe) with a 500; it is the client's error.
    if (!decodablePath(req.url)) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'The address contains malformed percent-encoding.' }));
      return;
    }
    const forwardedFor = req.headers['x-forwarded-for'];
    req.headers[CLIENT_HEADER] = clientAddress(req.socket.remoteAddress, Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor, hops);
    if (hops === 0) for (const h of FORWARDED) delete req.headers[h];
    void handle(req, res);
  }, {
    shutdownTimeoutMs,
    // Registered by the app (instrumentation.ts): stops the embedded explanation workers.
    onShutdown: () => globalThis.__faceXaiOnShutdown?.(),
  });
  // Read by lib/health.ts (same process, same globalThis; Next's modules cannot import this file).
  globalThis.__faceXaiServerLoad = load;
  // Above typical proxy idle timeouts, as `next start` does, so a proxy never reuses a closed socket.
  server.keepAliveTimeout = 65_000;
  server.listen(port, () => console.log(`Listening on port ${port}${hops ? ` (behind ${hops} trusted prox${hops === 1 ? 'y' : 'ies'})` : ''}`));
  const stop = (signal) => {
    console.log(`${signal}: finishing requests in flight, then stopping`);
    void shutdown().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
