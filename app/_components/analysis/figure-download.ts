// The three downloads of a ChartPanel figure, made in the browser from what the page shows: the
// chart as a standalone SVG, that SVG drawn to a PNG for print, and the table as CSV. Nothing is
// fetched: the numbers are those on the screen, for the view (version, split, exclusions) chosen.
import { figureFileName, type FigureFileKind } from '@/lib/figures/figure-file-name';
import { pngScale } from '@/lib/figures/png-size';
import { standaloneSvg, type FigureSvg } from '@/lib/figures/standalone-svg';
import { tableToCsv } from '@/lib/figures/table-to-csv';
import { canvasMeasure, chartMarkup, chartSvgOf, legendEntries, tableRows } from './figure-dom';

/**
 * The chart's <svg> once it has a size: recharts' ResponsiveContainer measures its box after it is
 * shown, and the legend is placed a frame later, so this waits for both (switching from the table).
 */
export function waitForChartSvg(figure: Element, timeoutMs = 3000): Promise<SVGSVGElement> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    let sizedBefore = false;
    const check = () => {
      const svg = chartSvgOf(figure);
      const sized = svg !== null && svg.getBoundingClientRect().width > 0;
      if (svg && sized && sizedBefore) resolve(svg);
      else if (performance.now() - start > timeoutMs) reject(new Error('the chart was not drawn'));
      else {
        sizedBefore = sized;
        requestAnimationFrame(check);
      }
    };
    check();
  });
}

export function figureSvg(figure: Element, svg: SVGSVGElement, title: string): FigureSvg {
  const style = getComputedStyle(figure);
  const legend = legendEntries(figure, svg);
  return standaloneSvg({
    title,
    caption: figure.querySelector('figcaption')?.textContent ?? undefined,
    chart: chartMarkup(svg),
    legend: legend.entries,
    legendFontSize: legend.fontSize,
    fontFamily: style.fontFamily,
    textColour: style.color,
    measure: canvasMeasure(style.fontFamily),
  });
}

/** The SVG drawn on a canvas at print size (see lib/figures/png-size.ts). */
export async function svgToPng(svg: FigureSvg): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the SVG could not be drawn as an image'));
      image.src = url;
    });
    const scale = pngScale(svg.width, svg.height);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(svg.width * scale);
    canvas.height = Math.round(svg.height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw on a canvas');
    // Drawn at the target size (not scaled afterwards), so the browser rasterises the vectors sharply.
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function tableCsv(figure: Element): Blob {
  const table = figure.querySelector<HTMLTableElement>('[data-figure-table] table');
  if (!table) throw new Error('the figure has no table');
  return new Blob([tableToCsv(tableRows(table))], { type: 'text/csv;charset=utf-8' });
}

/** Hands a file to the browser's downloads through a temporary link. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Not at once: some browsers (Firefox, Safari) start reading the URL only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Makes and saves one download of a figure; the chart must be shown for SVG and PNG. */
export async function downloadFigure(figure: Element, options: { kind: FigureFileKind; title: string; prefix: string; panelId: string }): Promise<void> {
  const fileName = figureFileName(options.prefix, options.panelId, options.kind);
  if (options.kind === 'csv') {
    saveFile(tableCsv(figure), fileName);
    return;
  }
  const svg = figureSvg(figure, await waitForChartSvg(figure), options.title);
  saveFile(options.kind === 'svg' ? new Blob([svg.text], { type: 'image/svg+xml;charset=utf-8' }) : await svgToPng(svg), fileName);
}
