// The participant benchmark may only load this machine: a thousand concurrent flows against somebody
// else's server is an attack, so any address that is not loopback is refused before a request is sent.
import { isIP } from 'node:net';

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.split('.')[0] === '127';
  if (isIP(host) === 6) return host === '::1' || /^::ffff:127\./.test(host) || /^(0+:){7}0*1$/.test(host);
  return false;
}

/** The base URL (origin only) when it is plain http on a loopback address; throws a readable Error otherwise. */
export function parseLoopbackUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`--url is not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:') throw new Error(`--url must be http:// (got ${url.protocol}); the benchmark talks plain HTTP to a local server.`);
  if (!isLoopbackHost(url.hostname)) throw new Error(`--url must be a loopback address (127.0.0.0/8, ::1 or localhost), not ${url.hostname}: the benchmark only loads this machine.`);
  if (url.username || url.password) throw new Error('--url must not contain credentials.');
  return new URL(url.origin);
}
