import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { escapeXml, legendRows, MAX_CAPTION_LINES, standaloneSvg, wrapText } from '@/lib/figures/standalone-svg';

// A chart's inner markup as figure-dom.ts serialises it: styles inlined, one <text> per tick.
const chart = {
  markup: '<rect x="60" y="40" width="80" height="200" fill="#E69F00"/><g class="recharts-cartesian-axis-ticks">' +
    '<text x="100" y="260" fill="rgb(27, 31, 36)" font-size="12" text-anchor="middle"><tspan x="100" dy="0.9em">saliency</tspan></text>' +
    '<text x="200" y="260" fill="rgb(27, 31, 36)" font-size="12" text-anchor="middle"><tspan x="200" dy="0.9em">inversion</tspan></text></g>',
  width: 640,
  height: 360,
  viewBox: '0 0 640 360',
};

describe('a chart as a standalone SVG file', () => {
  it('is a complete SVG document that renders outside the page at its stated size', async () => {
    const svg = standaloneSvg({ title: 'Preference by method: Which <explanation> & why?', caption: "7 participants answered. Bars: 95% Wilson intervals.", chart, legend: [{ label: 'Everyone', colour: '#E69F00', box: { x: 300, y: 12, size: 14 } }], fontFamily: 'system-ui, "Segoe UI", sans-serif' });
    expect(svg.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.text).toContain(`width="640" height="${svg.height}" viewBox="0 0 640 ${svg.height}"`);
    expect(svg.text).toContain('<title>Preference by method: Which &lt;explanation&gt; &amp; why?</title>');
    expect(svg.text).toContain('font-family="system-ui, &quot;Segoe UI&quot;, sans-serif"');
    expect(svg.text).toContain(`<rect x="0" y="0" width="640" height="${svg.height}" fill="#ffffff"/>`);
    // The chart, then the caption below it: taller than the chart by the title and the caption.
    expect(svg.height).toBeGreaterThan(360 + 16 + 12);
    expect(svg.text).toMatch(/class="figure-caption"[^>]*><tspan[^>]*>7 participants answered\./);
    const meta = await sharp(Buffer.from(svg.text)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['svg', 640, svg.height]);
    const png = await sharp(Buffer.from(svg.text)).png().toBuffer();
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('draws the legend where it was on the page, swatch and name per series in order', () => {
    const svg = standaloneSvg({ title: 'T', chart, legend: [{ label: 'Yes', colour: '#E69F00', box: { x: 250, y: 5, size: 14 } }, { label: 'No', colour: '#56B4E9', box: { x: 320, y: 5, size: 14 } }] });
    const legend = /<g class="figure-legend" transform="translate\(0 ([\d.]+)\)">(.*?)<\/g><\/g>/.exec(svg.text);
    expect(legend).not.toBeNull();
    const chartTop = /class="figure-chart" x="0" y="([\d.]+)"/.exec(svg.text)?.[1];
    expect(legend?.[1]).toBe(chartTop);
    const items = [...svg.text.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="14" height="10.5" fill="([^"]+)"\/><text x="([\d.]+)"[^>]*>([^<]+)<\/text>/g)].map((m) => [m[1], m[2], m[3], m[4]]);
    expect(items).toEqual([['250', '#E69F00', '268', 'Yes'], ['320', '#56B4E9', '338', 'No']]);
  });

  it('lays the legend out in a band above the chart when its place on the page is unknown', () => {
    const svg = standaloneSvg({ title: 'T', chart, legend: [{ label: 'Most chosen label', colour: '#E69F00' }, { label: 'Pairwise agreement', colour: '#56B4E9' }] });
    const legendAt = svg.text.indexOf('class="figure-legend"');
    expect(legendAt).toBeGreaterThan(0);
    expect(legendAt).toBeLessThan(svg.text.indexOf('class="figure-chart"'));
    expect(svg.text.indexOf('>Most chosen label<')).toBeLessThan(svg.text.indexOf('>Pairwise agreement<'));
    const rows = legendRows(Array.from({ length: 6 }, (_, i) => ({ label: `Series number ${i}`, colour: '#000' })), 300, 14);
    expect(new Set(rows.map((r) => r.row)).size).toBeGreaterThan(1);
    expect(rows.every((r) => r.x >= 0)).toBe(true);
  });

  it('wraps a long title onto several lines and leaves out a caption too long to fit (kept in <desc>)', () => {
    const caption = 'word '.repeat(400).trim();
    const svg = standaloneSvg({ title: 'Who answered: '.concat('a rather long background question '.repeat(4)), caption, chart });
    expect((svg.text.match(/<tspan x="16"/g) ?? []).length).toBeGreaterThan(1);
    expect(wrapText(caption, 608, 12).length).toBeGreaterThan(MAX_CAPTION_LINES);
    expect(svg.text).not.toContain('figure-caption');
    expect(svg.text).toContain(`<desc>${caption}</desc>`);
    expect(svg.height).toBeLessThan(360 + 120);
  });

  it('escapes markup and drops characters XML does not allow', () => {
    expect(escapeXml(`a<b>&"c'\u0000`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;\uFFFD');
    expect(wrapText('x'.repeat(30), 50, 10)).toEqual(['x'.repeat(8), 'x'.repeat(8), 'x'.repeat(8), 'x'.repeat(6)]);
  });
});
