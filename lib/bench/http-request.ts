// One HTTP request of the participant benchmark, on node:http so the connection behaviour is explicit:
// a keep-alive agent per participant (one browser) or a new connection per request. Network failures
// are classified the way the report counts them.
import http from 'node:http';

export type NetworkFailure = 'reset' | 'timeout' | 'refused' | 'other';

export class RequestFailed extends Error {
  constructor(
    readonly kind: NetworkFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

export interface RequestOptions {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  agent: http.Agent | false;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Pages are a few tens of kB; anything much larger is not a participant page. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

function classify(e: unknown): NetworkFailure {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(String(e))) return 'reset';
  if (code === 'ECONNREFUSED') return 'refused';
  return 'other';
}

export function httpRequest(o: RequestOptions): Promise<HttpResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (kind: NetworkFailure, message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(new RequestFailed(kind, message));
    };
    const headers = { ...o.headers, ...(o.body !== undefined ? { 'content-length': String(Buffer.byteLength(o.body)) } : {}) };
    const req = http.request(o.url, { method: o.method, headers, agent: o.agent, signal: o.signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES) fail('other', `response larger than ${MAX_BODY_BYTES} bytes`);
        else chunks.push(c);
      });
      res.on('error', (e) => fail(classify(e), e.message));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started });
      });
    });
    // The whole exchange, not socket idleness: a participant gives up on a page that never finishes.
    const timer = setTimeout(() => fail('timeout', `no complete answer within ${o.timeoutMs} ms`), o.timeoutMs);
    req.on('error', (e) => fail(o.signal?.aborted ? 'other' : classify(e), e.message));
    req.end(o.body);
  });
}
