// The pure parts of the participant benchmark (issue #13): reading forms from server HTML, choosing a
// submission, percentiles and the loopback-only rule.
import { describe, expect, it } from 'vitest';
import { alertText, parseForms } from '@/lib/bench/html-form';
import { fillForm, hiddenValue } from '@/lib/bench/fill-form';
import { percentile, summariseLatencies } from '@/lib/bench/latency-stats';
import { parseLoopbackUrl } from '@/lib/bench/loopback-url';
import { CookieJar } from '@/lib/bench/cookie-jar';

// The shape React renders for an item (hidden fields, radios, checkboxes, a textarea), plus the RSC
// payload script that repeats field names and must be ignored.
const ITEM_HTML = `<!DOCTYPE html><html><body><main>
<form method="post" action="/s/demo/answer">
  <input type="hidden" name="itemId" value="older_than_40"/>
  <input type="hidden" name="idempotencyKey" value="5b1c2d9e-0000-4000-8000-000000000001"/>
  <input type="hidden" name="responseTimeMs" value=""/>
  <fieldset><legend>Select every person &amp; more</legend>
    <label><input type="checkbox" name="answer" value="face-a"/><span>Photo A</span></label>
    <label><input type="checkbox" name="answer" value="face-b"/></label>
    <label><input type="checkbox" name="answer" value="face-&quot;c&quot;"/></label>
    <textarea rows="5" name="comment" maxLength="10"></textarea>
    <input type="radio" name="mood" value="1"/><input type="radio" name="mood" value="2"/>
    <input type="text" name="off" value="x" disabled=""/>
  </fieldset>
  <p class="error" role="alert" id="x-error">Please choose at least <b>2</b> options.</p>
  <div class="actions"><button class="button" type="submit">Next</button></div>
</form>
<script>self.__next_f.push([1,"<form method=\\"post\\"><input name=\\"evil\\"/></form>"])</script>
</main></body></html>`;

const CONSENT_HTML = `<form method="post" action="/s/demo/consent"><h1>T</h1>
<input type="hidden" name="externalId" value="PID1"/>
<button class="button" type="submit" name="decision" value="agree">I agree</button>
<button class="button secondary" type="submit" name="decision" value="decline">No</button></form>`;

const fixedRng = () => 0;

describe('reading forms from server-rendered HTML', () => {
  it('finds the form, its controls and decodes attribute entities, ignoring inline scripts', () => {
    const forms = parseForms(ITEM_HTML);
    expect(forms).toHaveLength(1);
    const form = forms[0]!;
    expect(form).toMatchObject({ action: '/s/demo/answer', method: 'post' });
    expect(hiddenValue(form, 'itemId')).toBe('older_than_40');
    expect(form.controls.map((c) => c.name)).not.toContain('evil');
    expect(form.controls.filter((c) => c.type === 'checkbox').map((c) => c.value)).toEqual(['face-a', 'face-b', 'face-"c"']);
    expect(form.controls.find((c) => c.name === 'comment')).toMatchObject({ type: 'textarea', maxLength: 10 });
    expect(alertText(ITEM_HTML)).toBe('Please choose at least 2 options.');
  });

  it('submits hidden fields as served, one radio, more boxes on a later attempt, text within maxlength, no disabled field', () => {
    const form = parseForms(ITEM_HTML)[0]!;
    const first = fillForm(form, fixedRng);
    expect(first).toEqual([
      ['itemId', 'older_than_40'],
      ['idempotencyKey', '5b1c2d9e-0000-4000-8000-000000000001'],
      ['responseTimeMs', ''],
      ['answer', 'face-a'],
      ['comment', 'Answer wri'],
      ['mood', '1'],
    ]);
    expect(fillForm(form, fixedRng, 1).filter(([k]) => k === 'answer')).toHaveLength(2);
  });

  it('presses the first submit button, sending its name and value as a browser does', () => {
    const form = parseForms(CONSENT_HTML)[0]!;
    expect(fillForm(form, fixedRng)).toEqual([
      ['externalId', 'PID1'],
      ['decision', 'agree'],
    ]);
  });
});

describe('latency percentiles', () => {
  it('uses the nearest rank: always an observed sample', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises unsorted samples', () => {
    expect(summariseLatencies([30, 10, 20, 40])).toEqual({ count: 4, mean: 25, p50: 20, p95: 40, p99: 40, max: 40 });
  });
});

describe('the loopback-only rule', () => {
  it('accepts plain http on loopback addresses', () => {
    for (const url of ['http://127.0.0.1:3200', 'http://localhost:3000/s/demo', 'http://[::1]:3200', 'http://127.5.0.1']) {
      expect(() => parseLoopbackUrl(url)).not.toThrow();
    }
    expect(parseLoopbackUrl('http://localhost:3000/s/demo').href).toBe('http://localhost:3000/');
  });

  it('refuses anything else', () => {
    for (const url of ['http://10.0.0.5:3000', 'http://example.org', 'https://127.0.0.1', 'http://127.0.0.1.example.org', 'http://user:pw@127.0.0.1', 'not a url', 'http://0.0.0.0:3000']) {
      expect(() => parseLoopbackUrl(url)).toThrow();
    }
  });
});

describe('the participant cookie jar', () => {
  it('keeps cookies, and drops one that is cleared or expired', () => {
    const jar = new CookieJar();
    jar.store(['p_demo=abc.def; Path=/; HttpOnly; Max-Age=5184000', 'f_demo=%7B%7D; Path=/s/demo; Max-Age=60']);
    expect(jar.header()).toBe('p_demo=abc.def; f_demo=%7B%7D');
    jar.store(['f_demo=; Path=/s/demo; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    expect(jar.get('f_demo')).toBeUndefined();
    expect(jar.header()).toBe('p_demo=abc.def');
  });
});
