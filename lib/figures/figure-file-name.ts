// File names of a dashboard figure's downloads: `<study>-<panel id>.<svg|png|csv>`. Panel ids carry
// item ids a study author chose, and the files go on into shells, zip archives and LaTeX, whose
// \includegraphics misreads extra dots and spaces, so only ASCII letters, digits, "_" and "-" are kept.

export type FigureFileKind = 'svg' | 'png' | 'csv';

// Long enough for an id plus a prompt-like item id; short enough for file systems and listings.
const MAX_PART = 80;

/** One part of a name: accents dropped (é → e), every run of other characters one "-", no "-" at either end. */
export function safeFileNamePart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_PART)
    .replace(/-+$/, '');
}

/** `<prefix>-<panelId>.<kind>`; a part left empty by the rule above is left out ("figure" when both are). */
export function figureFileName(prefix: string, panelId: string, kind: FigureFileKind): string {
  const parts = [safeFileNamePart(prefix), safeFileNamePart(panelId)].filter((p) => p !== '');
  return `${parts.length > 0 ? parts.join('-') : 'figure'}.${kind}`;
}
