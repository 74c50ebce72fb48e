// Vanilla gradient (Simonyan et al. 2013), EXPLAINERS.md §2.1: the raw signed ∂z_c/∂x per channel.
// Reduction (max|G| or Σ|G|) is a display concern and lives in render/.
import { z } from 'zod';
import { explainerFromSource, gradientOf, type GradientSource } from './gradient-source';

export const gradientParamsSchema = z.object({});
export type GradientParams = z.infer<typeof gradientParamsSchema>;

export const gradientSource: GradientSource<GradientParams> = {
  id: 'gradient',
  paper: 'Simonyan, Vedaldi & Zisserman, Deep Inside Convolutional Networks, ICLR workshop 2014',
  params: gradientParamsSchema,
  async attribute(run, x) {
    const data = gradientOf(run.score, x);
    await run.progress(1);
    return { data, notes: { score: run.target.score } };
  },
};

export const gradient = explainerFromSource(gradientSource);
