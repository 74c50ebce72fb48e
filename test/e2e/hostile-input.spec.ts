// The adversarial probe of issue #11 as a fast, bounded test against the real server (loopback only):
// malformed encodings, oversized bodies, forged and misbound cookies, cross-origin posts, parallel
// sign-in and a forged X-Forwarded-For. Every case must get a 4xx with a message, never a 500, and
// nothing may be stored by a refused request.
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { e2eDb } from './db';
import { createUserViaCli } from './users';

const PASSWORD = 'hostile-probe-password';
const EVIL = 'http://evil.example';

test.beforeAll(() => {
  createUserViaCli('prober@e2e.test', 'researcher', PASSWORD);
  createUserViaCli('throttled@e2e.test', 'researcher', PASSWORD);
});

/** next-auth's credentials flow, as the sign-in form posts it; true when a session cookie came back. */
async function apiSignIn(api: APIRequestContext, email: string, password: string, headers: Record<string, string> = {}): Promise<boolean> {
  const { csrfToken } = (await (await api.get('/api/auth/csrf')).json()) as { csrfToken: string };
  await api.post('/api/auth/callback/credentials', { form: { csrfToken, email, password, json: 'true' }, headers, maxRedirects: 0 });
  const state = await api.storageState();
  return state.cookies.some((c) => c.name.endsWith('next-auth.session-token'));
}

async function newApi(baseURL: string | undefined): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL });
}

test('malformed percent-encodings and unsafe slugs get 400/404, not 500', async ({ request }) => {
  for (const url of ['/s/%ff%fe', '/api/stimuli/%ff%fe', '/api/images/%ff', '/studies/%ff%fe', '/api/s/%ff/stimuli/x']) {
    const res = await request.get(url, { maxRedirects: 0 });
    expect(res.status(), url).toBe(400);
    expect((await res.json()) as unknown, url).toEqual({ error: expect.stringContaining('percent-encoding') });
  }
  for (const slug of ['%0d%0a', '%C3%BC%F0%9F%98%80', 'UPPER', 'a']) {
    const res = await request.post(`/s/${slug}/consent`, { form: { decision: 'agree' }, maxRedirects: 0 });
    expect(res.status(), slug).toBe(404);
  }
});

test('an oversized participant post is refused before it is parsed', async ({ request }) => {
  const started = Date.now();
  const res = await request.post('/s/demo/answer', { form: { itemId: 'comments', answer: 'x'.repeat(2 * 1024 * 1024) }, maxRedirects: 0 });
  expect(res.status()).toBe(413);
  expect(((await res.json()) as { error: string }).error).toMatch(/larger than/);
  expect(Date.now() - started).toBeLessThan(5000);
});

test("a participant cookie is refused under another study's name, and a forged one everywhere", async ({ baseURL }) => {
  const api = await newApi(baseURL);
  await api.post('/s/demo/consent', { form: { decision: 'agree' }, maxRedirects: 0 });
  const demoCookie = (await api.storageState()).cookies.find((c) => c.name === 'p_demo');
  expect(demoCookie).toBeDefined();
  const probe = await newApi(baseURL); // no cookies of its own: each post carries exactly one
  const db = e2eDb();
  const count = async () => Number((await db.execute('SELECT COUNT(*) AS n FROM Response')).rows[0]?.n);
  try {
    const before = await count();
    for (const cookie of [`p_face-explanations=${demoCookie!.value}`, `p_face-explanations=${demoCookie!.value.replace(/.$/, 'A')}`, 'p_demo=abc.def']) {
      const slug = cookie.startsWith('p_demo') ? 'demo' : 'face-explanations';
      const res = await probe.post(`/s/${slug}/answer`, {
        headers: { cookie },
        form: { itemId: 'dl_practitioner', idempotencyKey: `probe-${Math.random()}`, answer: 'yes' },
        maxRedirects: 0,
      });
      expect(res.status(), cookie).toBe(303);
    }
    expect(await count()).toBe(before);
  } finally {
    db.close();
    await Promise.all([api.dispose(), probe.dispose()]);
  }
});

test('researcher APIs refuse cross-origin posts, even as text/plain', async ({ baseURL }) => {
  const api = await newApi(baseURL);
  try {
    expect(await apiSignIn(api, 'prober@e2e.test', PASSWORD)).toBe(true);
    const cases = [
      { url: '/api/stimuli', data: '{"studyId":"x","ref":"faces:a.jpg","model":"age","method":"occlusion"}', contentType: 'text/plain' },
      { url: '/api/stimuli', data: '{}', contentType: 'application/json' },
      { url: '/api/images', data: 'x', contentType: 'multipart/form-data; boundary=zz' },
      { url: `/api/stimuli/${'a'.repeat(64)}/cancel`, data: '', contentType: 'text/plain' },
    ];
    for (const c of cases) {
      const evil = await api.post(c.url, { headers: { origin: EVIL, 'content-type': c.contentType }, data: c.data });
      expect(evil.status(), c.url).toBe(403);
      const fetchSite = await api.post(c.url, { headers: { 'sec-fetch-site': 'cross-site', 'content-type': c.contentType }, data: c.data });
      expect(fetchSite.status(), c.url).toBe(403);
      // The same request from the app's own origin reaches the route (and fails there for its own reasons).
      const own = await api.post(c.url, { headers: { origin: new URL(baseURL!).origin, 'content-type': c.contentType }, data: c.data });
      expect(own.status(), c.url).not.toBe(403);
      expect(own.status(), c.url).toBeLessThan(500);
    }
  } finally {
    await api.dispose();
  }
});

test('parallel guesses cannot outrun the sign-in limit, and a forged X-Forwarded-For is not the address', async ({ baseURL }) => {
  const contexts = await Promise.all(Array.from({ length: 30 }, () => newApi(baseURL)));
  const db = e2eDb();
  try {
    const results = await Promise.all(contexts.map((api, i) => apiSignIn(api, 'throttled@e2e.test', `wrong-guess-${i}`)));
    expect(results.some(Boolean)).toBe(false);
    // Only attempts the throttle let through were counted and checked: 5 free, then one that starts a delay.
    const pair = await db.execute({ sql: "SELECT failures FROM SignInThrottle WHERE key LIKE 'pair:throttled@e2e.test|%'", args: [] });
    expect(pair.rows.map((r) => Number(r.failures))).toEqual([6]);
    const spoofed = await newApi(baseURL);
    contexts.push(spoofed);
    expect(await apiSignIn(spoofed, 'throttled@e2e.test', 'wrong-guess-spoofed', { 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '203.0.113.7' })).toBe(false);
    const addresses = await db.execute({ sql: 'SELECT DISTINCT ip FROM SignInAttempt WHERE email = ?', args: ['throttled@e2e.test'] });
    expect(addresses.rows.map((r) => String(r.ip))).toEqual([expect.stringMatching(/127\.0\.0\.1|::1/)]);
    // Another account from the same address is unaffected (a colleague behind the same NAT).
    const colleague = await newApi(baseURL);
    contexts.push(colleague);
    expect(await apiSignIn(colleague, 'prober@e2e.test', PASSWORD)).toBe(true);
  } finally {
    db.close();
    await Promise.all(contexts.map((c) => c.dispose()));
  }
});
