// Who the example respondents are and how they answer: the survey's sample composition and a
// preference pattern in the direction of its finding. Only the two marginals come from the survey
// (101 respondents, 48.5 % deep-learning practitioners, 35.6 % who used or implemented explainability
// methods); everything else here is our assumption, chosen to look plausible, not taken from the paper.

/**
 * The 2×2 cross of practitioner × used explainability methods. The survey reports 49 practitioners and
 * 36 XAI users of 101; how they overlap is assumed: most XAI users are practitioners (30 of 36).
 * Rows add up to the marginals: 30 + 19 = 49 practitioners, 30 + 6 = 36 XAI users.
 */
export const EXAMPLE_CROSS = [
  { practitioner: true, xaiUser: true, count: 30 },
  { practitioner: true, xaiUser: false, count: 19 },
  { practitioner: false, xaiUser: true, count: 6 },
  { practitioner: false, xaiUser: false, count: 46 },
] as const;

export type Persona = { practitioner: boolean; xaiUser: boolean };

/**
 * Probability that a respondent ticks an explanation showing each method, per question (multi-select,
 * at least one). The survey found practitioners preferring occlusion saliency and others feature
 * inversion; built in moderately, so pooled shares come out near 56 / 24 / 20 % (practitioners) and
 * 36 / 44 / 20 % (others) rather than all-or-nothing. Each respondent's own tendency is drawn around
 * these (±0.12), so respondents differ as real ones do. Methods not listed get OTHER_METHOD.
 */
export const METHOD_PROBABILITY: Record<'practitioner' | 'other', Record<string, number>> = {
  practitioner: { saliency: 0.7, inversion: 0.3, visualization: 0.25 },
  other: { saliency: 0.45, inversion: 0.55, visualization: 0.25 },
};
export const OTHER_METHOD = 0.25;
export const PERSONAL_SPREAD = 0.12;

/**
 * Answer weights for the default study's other background items, by option value (assumed). Items not
 * listed here, or options not named, are answered uniformly.
 */
export const BACKGROUND_WEIGHTS: Record<string, (p: Persona) => Record<string, number>> = {
  // Practitioners mostly from computer science; the others spread over fields.
  field: (p) =>
    p.practitioner
      ? { 'cs-ml': 70, engineering: 18, psychology: 4, medicine: 5, humanities: 1, other: 2 }
      : { 'cs-ml': 20, engineering: 22, psychology: 15, medicine: 15, humanities: 15, other: 13 },
  experience_years: () => ({ '0-1': 15, '2-4': 35, '5-9': 28, '10-plus': 22 }),
};

/** For multi-select background items (e.g. which XAI methods were used): chance of ticking each option. */
export const BACKGROUND_TICK: Record<string, Record<string, number>> = {
  xai_methods: { saliency: 0.85, visualization: 0.4, inversion: 0.25, other: 0.08 },
};

/** Optional comments: most respondents leave them empty, as in real studies. */
export const COMMENT_RATE = 0.15;
export const COMMENTS = [
  'The heat maps were the easiest to read.',
  'Some of the images looked like noise to me.',
  'I could not tell what the abstract pictures were meant to show.',
  'The reconstructed faces helped me see what the model kept.',
  'Hard to choose for the age questions.',
  'Interesting study, thank you.',
];

/**
 * Median seconds per item kind (a respondent's actual times are log-normal around these, times their
 * own speed). Assumed: about half a minute per face with three explanations, so the median respondent
 * finishes in about five minutes (2–8), under the consent page's "about ten minutes", as online respondents do.
 */
export const MEDIAN_SECONDS: Record<string, number> = {
  'single-choice': 4.5,
  'multiple-choice': 9,
  likert: 5,
  'image-choice': 24,
  'attention-check': 5,
  intruder: 12,
  coherency: 12,
  'free-text': 3.5,
  'free-text-written': 45,
  instructions: 14,
  debrief: 4,
  info: 8,
};
