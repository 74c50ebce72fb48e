// One benchmark participant: a browser without JavaScript that opens the study link, agrees to the
// consent form and answers every item through the real form posts (303 → GET of the next page), keeping
// its cookies, until a page has no form left (the completion page). Everything it submits is read from
// the served HTML. A failed request ends the participant, unless retries are allowed; a retry reloads the
// study link, as a person would, and the server resumes where their stored answers end.
import http from 'node:http';
import { CookieJar } from '@/lib/bench/cookie-jar';
import { fillForm, hiddenValue, type Rng } from '@/lib/bench/fill-form';
import { alertText, parseForms, type HtmlForm } from '@/lib/bench/html-form';
import { httpRequest, RequestFailed, type HttpResult, type NetworkFailure } from '@/lib/bench/http-request';

export type RequestKind = 'page' | 'consent' | 'answer' | 'answer round trip';
export type FailureType = NetworkFailure | '4xx' | '5xx' | 'rejected';

export interface FlowEvents {
  latency(kind: RequestKind, ms: number): void;
  failure(kind: RequestKind, type: FailureType, detail: string): void;
  /** An answer post was acknowledged: a redirect that carries no error message. */
  answered(): void;
}

export interface FlowConfig {
  base: URL;
  slug: string;
  thinkMs: number;
  timeoutMs: number;
  retries: number;
  keepAlive: boolean;
  signal: AbortSignal;
  events: FlowEvents;
  rng: Rng;
  /**
   * Which server takes a request (a load balancer in front of several web servers): returns the URL to
   * send instead. Absent: every request goes where its URL points.
   */
  route?: (url: URL) => URL;
}

export interface FlowResult {
  /** From the participant cookie (p_<slug> = "<id>.<mac>"), for the database check; null before consent. */
  participantId: string | null;
  /** Item ids whose answer post was acknowledged. */
  acknowledged: string[];
  outcome: 'finished' | 'failed' | 'aborted';
}

/** Rejections of one form before the participant gives up (each adds ticks and text; see fill-form.ts). */
const MAX_ATTEMPTS = 4;
/** More steps than any study has items: a flow that loops is cut off instead of running forever. */
const MAX_STEPS = 500;

class StatusFailed extends Error {
  constructor(readonly type: '4xx' | '5xx', message: string) {
    super(message);
  }
}

interface Page {
  url: URL;
  body: string;
  form: HtmlForm | undefined;
}

export async function runParticipantFlow(cfg: FlowConfig): Promise<FlowResult> {
  const jar = new CookieJar();
  const agent = cfg.keepAlive ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : false;
  const acknowledged: string[] = [];
  const studyUrl = new URL(`/s/${encodeURIComponent(cfg.slug)}`, cfg.base);
  const participantId = () => {
    const token = jar.get(`p_${cfg.slug}`);
    return token ? decodeURIComponent(token.slice(0, Math.max(0, token.lastIndexOf('.')))) || null : null;
  };

  async function send(kind: RequestKind, method: 'GET' | 'POST', target: URL, body?: string): Promise<HttpResult> {
    const url = cfg.route ? cfg.route(target) : target;
    const cookie = jar.header();
    const headers: Record<string, string> = { 'user-agent': 'face-xai-bench-participants', accept: 'text/html', ...(cookie ? { cookie } : {}) };
    // What a browser sends with a same-origin form post (the origin of the server it reached).
    if (method === 'POST') Object.assign(headers, { 'content-type': 'application/x-www-form-urlencoded', origin: url.origin, 'sec-fetch-site': 'same-origin' });
    const r = await httpRequest({ method, url, headers, body, agent, timeoutMs: cfg.timeoutMs, signal: cfg.signal });
    jar.store(r.headers['set-cookie']);
    cfg.events.latency(kind, r.ms);
    if (r.status >= 500) throw new StatusFailed('5xx', `${method} ${url.pathname} → ${r.status}`);
    if (r.status >= 400) throw new StatusFailed('4xx', `${method} ${url.pathname} → ${r.status}`);
    return r;
  }

  async function load(start: URL): Promise<Page> {
    let url = start;
    for (let hop = 0; hop < 5; hop++) {
      const r = await send('page', 'GET', url);
      if (r.status >= 300 && r.status < 400 && r.headers.location) {
        url = new URL(r.headers.location, url);
        continue;
      }
      return { url, body: r.body, form: parseForms(r.body).find((f) => f.method === 'post') };
    }
    throw new RequestFailed('other', `more than 5 redirects from ${start.pathname}`);
  }

  // The abort listener goes when the pause ends: one per pause would pile up on a long-lived signal.
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const onAbort = () => (clearTimeout(t), resolve());
    const t = setTimeout(() => (cfg.signal.removeEventListener('abort', onAbort), resolve()), ms);
    cfg.signal.addEventListener('abort', onAbort, { once: true });
  });

  let retriesLeft = cfg.retries;
  /** Records a failed request; true when the participant reloads and carries on. */
  const recover = (kind: RequestKind, e: unknown): boolean => {
    if (cfg.signal.aborted) return false;
    if (e instanceof RequestFailed) cfg.events.failure(kind, e.kind, e.message);
    else if (e instanceof StatusFailed) cfg.events.failure(kind, e.type, e.message);
    else cfg.events.failure(kind, 'other', String(e));
    return retriesLeft-- > 0;
  };
  const end = (outcome: FlowResult['outcome']): FlowResult => {
    if (agent) agent.destroy();
    return { participantId: participantId(), acknowledged, outcome: cfg.signal.aborted ? 'aborted' : outcome };
  };

  let page: Page | null = null;
  let attempt = 0;
  for (let step = 0; step < MAX_STEPS && !cfg.signal.aborted; step++) {
    if (!page) {
      try {
        page = await load(studyUrl);
      } catch (e) {
        if (recover('page', e)) continue;
        return end('failed');
      }
    }
    const form = page.form;
    if (!form) return end('finished');
    if (cfg.thinkMs > 0) await sleep(cfg.thinkMs * (0.5 + cfg.rng()));
    const action = new URL(form.action || page.url.pathname, page.url);
    const kind: RequestKind = action.pathname.endsWith('/consent') ? 'consent' : 'answer';
    const itemId = hiddenValue(form, 'itemId');
    const started = performance.now();
    let rejected = false;
    try {
      const post = await send(kind, 'POST', action, new URLSearchParams(fillForm(form, cfg.rng, attempt)).toString());
      if (!(post.status >= 300 && post.status < 400 && post.headers.location)) throw new RequestFailed('other', `POST ${action.pathname} → ${post.status} without a redirect`);
      // The app refuses a post by redirecting with a flash-message cookie (lib/participation/flash-message.ts)
      // and showing the same form again; decided here so an answer whose next page fails still counts.
      rejected = jar.get(`f_${cfg.slug}`) !== undefined;
      if (!rejected && kind === 'answer') {
        if (itemId) acknowledged.push(itemId);
        cfg.events.answered();
      }
      page = null; // from here on a failure reloads the study link
      page = await load(new URL(post.headers.location, action));
    } catch (e) {
      page = null;
      if (recover(kind, e)) continue;
      return end('failed');
    }
    if (rejected) {
      cfg.events.failure(kind, 'rejected', alertText(page.body) ?? 'redirected with an error message');
      if (++attempt >= MAX_ATTEMPTS) return end('failed');
    } else {
      attempt = 0;
      if (kind === 'answer') cfg.events.latency('answer round trip', performance.now() - started);
    }
  }
  return end('failed');
}
