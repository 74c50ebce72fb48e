// From an explanation to what participants see and its quality report, in one place for the worker and
// the stimulus benchmark: the display image (saliency overlay, contrast-stretched inversion, or the
// visualisation as it is), the PNG, the quality report measured on the displayed image, and the display
// facts that go into provenance.
import sharp from 'sharp';
import { stretchContrast } from '@/lib/explainers/quality/display-stretch';
import type { QualityReport } from '@/lib/explainers/quality/quality-report';
import { toRgbBytes, type RawImage } from '@/lib/explainers/render/image';
import { displayFor } from '@/lib/explainers/render/display-for-method';
import { renderSaliency } from '@/lib/explainers/render/render-saliency';
import { renderSaliencyStimulus } from '@/lib/explainers/render/render-saliency-stimulus';
import type { ExplanationResult, ModelAdapter } from '@/lib/explainers/types';
import { assessGeneratedStimulus } from '@/lib/stimuli/assess-generated-stimulus';
import type { StimulusSpec } from '@/lib/stimuli/stimulus-spec';

export interface Rendered {
  png: Buffer;
  quality: QualityReport;
  /** Facts about the display transform, stored in provenance next to the explanation. */
  display: Record<string, unknown>;
  /** The displayed image at model size (HWC [0,1]); for saliency, the aligned face. */
  displayed: Float32Array;
}

export async function toPng(image: RawImage, size: number): Promise<Buffer> {
  // Smooth upscaling for display; the raw map keeps the model's resolution in provenance-bearing data.
  return sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: image.channels } })
    .resize(size, size, { kernel: image.width < size / 2 ? 'nearest' : 'lanczos3' })
    .png()
    .toBuffer();
}

export async function renderAndAssess(options: {
  model: ModelAdapter;
  /** The aligned face at model input size, HWC in [0,1]. */
  face: Float32Array;
  result: ExplanationResult;
  render: StimulusSpec['render'];
  seed: number;
}): Promise<Rendered> {
  const { model, face, result, render } = options;
  const [h, w] = result.shape;
  // Inversions are shown contrast-stretched (display-stretch.ts); the report measures what is shown.
  const stretch = result.kind === 'inversion' ? stretchContrast(result.data) : null;
  const displayed = stretch ? stretch.data : result.kind === 'saliency' ? face : Float32Array.from(result.data);
  let png: Buffer;
  let display: Record<string, unknown> = {};
  if (result.kind === 'saliency' && render.mode === 'overlay') {
    // A continuous translucent overlay with its colour scale beside it (render-saliency-stimulus.ts).
    const drawn = await renderSaliencyStimulus({ result, face, method: result.provenance.method, size: render.size, display: render.display });
    png = drawn.png;
    display = { overlay: drawn.legend };
  } else if (result.kind === 'saliency') {
    const mode = render.display === 'auto' ? displayFor(result.provenance.method).mode : render.display;
    png = await toPng(renderSaliency(result, face, { mode }).heatmap, render.size);
    display = { heatmap: mode };
  } else {
    png = await toPng(toRgbBytes(displayed, w, h), render.size);
    if (stretch) display = { contrastStretch: { lowPercentile: 1, highPercentile: 99, low: stretch.low, high: stretch.high } };
  }
  const quality = await assessGeneratedStimulus({ model, face, result, displayed, seed: options.seed });
  return { png, quality, display, displayed };
}
