// The pure parts of the stimulus quality report: structure of an image, the face region and the mass on
// it, contrast stretch, distinctness, and the report's weak flag with reasons.
import { describe, expect, it } from 'vitest';
import { assessDistinctness } from '@/lib/explainers/quality/assess-distinctness';
import { stretchContrast } from '@/lib/explainers/quality/display-stretch';
import { attributionMassOnFace, faceRegionPolygon, rasterizePolygon } from '@/lib/explainers/quality/face-mask';
import { measureImageStructure } from '@/lib/explainers/quality/image-structure';
import { buildReport, parseQualityReport, withMeasures, type QualityMeasure } from '@/lib/explainers/quality/quality-report';
import seedrandom from 'seedrandom';

const noise = (n: number, seed: string): Float32Array => {
  const rng = seedrandom(seed);
  return Float32Array.from({ length: n }, () => rng());
};

describe('image structure', () => {
  it('a flat image has no spread and a noise image does', () => {
    expect(measureImageStructure(new Float32Array(12 * 12 * 3).fill(0.5)).pixelStd).toBe(0);
    expect(measureImageStructure(noise(12 * 12 * 3, 'a')).pixelStd).toBeGreaterThan(0.25);
  });
  it('counts pixels saturated in every channel', () => {
    const img = new Float32Array(4 * 3).fill(0.5);
    img.set([0, 0, 0], 0); // black: saturated
    img.set([1, 1, 0.995], 3); // white: saturated
    img.set([1, 0.5, 0], 6); // one channel in range: not saturated
    expect(measureImageStructure(img).saturatedShare).toBe(0.5);
  });
  it('refuses data that is not whole pixels', () => {
    expect(() => measureImageStructure(new Float32Array(5))).toThrow(/3-channel/);
  });
});

describe('face region', () => {
  // A synthetic 68-point layout on a 100×100 image: jaw from (20,40) down to the chin (50,90) and up to (80,40), brows at y = 35.
  const landmarks: [number, number][] = Array.from({ length: 68 }, (_, i) => {
    if (i < 17) {
      const t = (i / 16) * Math.PI;
      return [50 - 30 * Math.cos(t), 40 + 50 * Math.sin(t)];
    }
    if (i < 27) return [20 + ((i - 17) / 9) * 60, 35];
    return [50, 60];
  });
  it('closes the jaw line over the raised brows', () => {
    const poly = faceRegionPolygon(landmarks);
    expect(poly).toHaveLength(27);
    // Brows at 35, chin at 90: the forehead line is raised by (90 − 35)/3.
    expect(Math.min(...poly.map((p) => p[1]))).toBeCloseTo(35 - 55 / 3, 5);
  });
  it('rasterises inside and outside', () => {
    const mask = rasterizePolygon(faceRegionPolygon(landmarks), 100, 100);
    expect(mask[60 * 100 + 50]).toBe(1); // the nose
    expect(mask[5 * 100 + 5]).toBe(0); // a corner
    expect(mask[95 * 100 + 50]).toBe(0); // below the chin
  });
  it('attribution only on the face concentrates, a uniform map does not', () => {
    const mask = rasterizePolygon(faceRegionPolygon(landmarks), 100, 100);
    const onFace = Float32Array.from(mask, (m) => (m ? 1 : 0));
    const uniform = new Float32Array(100 * 100).fill(-0.3);
    const inside = attributionMassOnFace(onFace, mask);
    expect(inside.share).toBe(1);
    expect(inside.concentration).toBeCloseTo(1 / inside.areaShare, 6);
    expect(attributionMassOnFace(uniform, mask).concentration).toBeCloseTo(1, 6);
  });
});

describe('contrast stretch', () => {
  it('maps the 1st/99th percentiles to 0/1 and leaves a flat image alone', () => {
    const data = Float32Array.from({ length: 1000 }, (_, i) => 0.4 + (0.2 * i) / 999);
    const s = stretchContrast(data);
    expect(s.low).toBeCloseTo(0.402, 3);
    expect(Math.min(...s.data)).toBe(0);
    expect(Math.max(...s.data)).toBe(1);
    const flat = stretchContrast(new Float32Array(10).fill(0.5));
    expect([...flat.data]).toEqual(new Array(10).fill(0.5));
  });
});

describe('distinctness', () => {
  const size = [16, 16] as const;
  const a = noise(16 * 16 * 3, 'x');
  it('flags two near-identical visualisations of different targets, not two of one target', () => {
    const nearCopy = Float32Array.from(a, (v) => Math.min(1, v + 0.01));
    const other = noise(16 * 16 * 3, 'y');
    const m = assessDistinctness([
      { id: 'happy', model: 'expression', targetKey: 'class happy', pixels: a, size },
      { id: 'sad', model: 'expression', targetKey: 'class sad', pixels: nearCopy, size },
      { id: 'happy2', model: 'expression', targetKey: 'class happy', pixels: a, size },
      { id: 'male', model: 'gender', targetKey: 'class male', pixels: other, size },
    ]);
    expect(m.get('happy')?.pass).toBe(false);
    expect(m.get('sad')?.detail).toMatch(/class happy/);
    expect(m.get('male')).toBeUndefined(); // the only gender image: nothing to compare with
  });
  it('passes visualisations that differ', () => {
    const m = assessDistinctness([
      { id: '1', model: 'm', targetKey: 'a', pixels: a, size },
      { id: '2', model: 'm', targetKey: 'b', pixels: noise(16 * 16 * 3, 'z'), size },
    ]);
    expect(m.get('1')?.pass).toBe(true);
    expect(Number(m.get('1')?.value)).toBeLessThan(0.5);
  });
});

describe('report', () => {
  const pass: QualityMeasure = { id: 'a', label: 'A', value: 1, threshold: '≥ 0.5', pass: true };
  const fail: QualityMeasure = { id: 'b', label: 'Face detector finds a face (score)', value: 0.12, threshold: '≥ 0.5', pass: false };
  it('is weak exactly when a measure fails, and names it with its value and threshold', () => {
    expect(buildReport('inversion', [pass]).weak).toBe(false);
    const weak = buildReport('inversion', [pass, fail]);
    expect(weak.weak).toBe(true);
    expect(weak.reasons).toEqual(['Face detector finds a face (score): 0.120 (needs ≥ 0.5)']);
  });
  it('merges set-level measures and round-trips through JSON', () => {
    const merged = withMeasures(buildReport('visualization', [pass]), [fail]);
    expect(merged.weak).toBe(true);
    expect(parseQualityReport(JSON.stringify(merged))).toEqual(merged);
    expect(parseQualityReport('{"not":"a report"}')).toBeNull();
    expect(parseQualityReport(null)).toBeNull();
  });
});
