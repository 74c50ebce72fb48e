import { describe, expect, it } from 'vitest';
import { cellText, tableToCsv, UTF8_BOM } from '@/lib/figures/table-to-csv';
import { parseCsv } from '../../support/parse-csv';

describe('a dashboard table as CSV', () => {
  it('writes UTF-8 with a byte-order mark, the header row first, cell text trimmed', () => {
    const csv = tableToCsv([
      ['Group', 'Method', 'Count', 'Share', '95% CI'],
      ['  Yes ', 'saliency', '2', '50.0%', '15.0% – 85.0%'],
      ['No\n answer', 'inversion', '0', '—', '—'],
    ]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.slice(1).split('\n')[0]).toBe('Group,Method,Count,Share,95% CI');
    expect(parseCsv(csv.slice(1))).toEqual([
      { Group: 'Yes', Method: 'saliency', Count: '2', Share: '50.0%', '95% CI': '15.0% – 85.0%' },
      { Group: 'No answer', Method: 'inversion', Count: '0', Share: '—', '95% CI': '—' },
    ]);
  });

  it('neutralises formulas as the response exports do, leaving plain numbers and dashes alone', () => {
    const csv = tableToCsv([['a', 'b', 'c', 'd', 'e', 'f'], ['=HYPERLINK("x")', '-3.2', '−3.2', '@SUM(A1)', '- not sure', 'X² = 4.28, df = 2']]);
    const body = csv.slice(1).split('\n')[1];
    expect(body).toBe(`"'=HYPERLINK(""x"")",-3.2,−3.2,'@SUM(A1),'- not sure,"X² = 4.28, df = 2"`);
  });

  it('pads short rows so that every record has the header\'s fields', () => {
    expect(tableToCsv([['a', 'b', 'c'], ['1']]).slice(1)).toBe('a,b,c\n1,,\n');
    expect(tableToCsv([])).toBe(UTF8_BOM);
  });

  it('reads cell text as shown: white space runs, no-break spaces included, are one space', () => {
    expect(cellText(' 2 /\u00a01 of\n 3 ')).toBe('2 / 1 of 3');
  });
});
