// Reads the forms of a server-rendered page the way a browser without JavaScript sees them, so the
// participant benchmark submits exactly what the HTML offers (field names, option values, hidden keys)
// instead of a hard-coded copy of the app's forms. React's server HTML is well-formed, so a tag scanner
// is enough; script, style and template contents are dropped first (the RSC payload in inline scripts
// mentions the same field names).

export interface FormControl {
  tag: 'input' | 'button' | 'textarea' | 'select';
  /** input/button type, lower-case ('text' and 'submit' when absent); 'textarea' / 'select' for those. */
  type: string;
  name: string;
  value: string;
  disabled: boolean;
  checked: boolean;
  maxLength?: number;
  /** Option values of a select. */
  options?: string[];
}

export interface HtmlForm {
  action: string;
  method: 'get' | 'post';
  controls: FormControl[];
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

export function parseAttributes(tagBody: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const re = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  for (const m of tagBody.matchAll(re)) {
    const name = (m[1] as string).toLowerCase();
    if (!attrs.has(name)) attrs.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attrs;
}

function stripInert(html: string): string {
  return html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '');
}

function control(tag: string, attrs: Map<string, string>, inner: string): FormControl {
  const max = Number(attrs.get('maxlength'));
  const base = { name: attrs.get('name') ?? '', disabled: attrs.has('disabled'), checked: attrs.has('checked'), ...(Number.isFinite(max) && max >= 0 ? { maxLength: max } : {}) };
  if (tag === 'textarea') return { tag, type: 'textarea', value: decodeEntities(inner), ...base };
  if (tag === 'select') {
    const options = [...inner.matchAll(/<option\b([^>]*)>([\s\S]*?)(?=<option\b|<\/select|$)/gi)].map((m) => {
      const a = parseAttributes(m[1] as string);
      return a.get('value') ?? decodeEntities((m[2] as string).replace(/<[^>]*>/g, '').trim());
    });
    return { tag, type: 'select', value: options[0] ?? '', options, ...base };
  }
  const type = (attrs.get('type') ?? (tag === 'button' ? 'submit' : 'text')).toLowerCase();
  const fallback = type === 'radio' || type === 'checkbox' ? 'on' : '';
  return { tag: tag as 'input' | 'button', type, value: attrs.get('value') ?? fallback, ...base };
}

/** Every form of the page, with its controls in document order. */
export function parseForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const f of stripInert(html).matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form\s*>/gi)) {
    const attrs = parseAttributes(f[1] as string);
    const body = f[2] as string;
    const controls: FormControl[] = [];
    const re = /<(input|button|textarea|select)\b([^>]*)>/gi;
    for (let m = re.exec(body); m; m = re.exec(body)) {
      const tag = (m[1] as string).toLowerCase();
      let inner = '';
      if (tag === 'textarea' || tag === 'select') {
        const end = body.toLowerCase().indexOf(`</${tag}`, re.lastIndex);
        inner = body.slice(re.lastIndex, end < 0 ? undefined : end);
        if (end >= 0) re.lastIndex = end;
      }
      controls.push(control(tag, parseAttributes(m[2] as string), inner));
    }
    forms.push({ action: attrs.get('action') ?? '', method: attrs.get('method')?.toLowerCase() === 'post' ? 'post' : 'get', controls });
  }
  return forms;
}

/** The text of the page's first role="alert" element (the app's error message after a rejected post), or null. */
export function alertText(html: string): string | null {
  const m = /<(\w+)\b[^>]*\brole="alert"[^>]*>([\s\S]*?)<\/\1>/i.exec(stripInert(html));
  return m ? decodeEntities((m[2] as string).replace(/<[^>]*>/g, '')).trim() : null;
}
