// The item-kind demo: one study that exercises every kind of item, randomisation, conditions and
// conditional display. Its faces come from the configured faces directory (the licensed demo set)
// or, when that is absent, from the sample photos shipped in @vladmandic/face-api.
import { getFaceLibrary } from '@/lib/faces/face-library';
import type { StudyInput } from '@/lib/studies/study-schema';

const faces = getFaceLibrary().files.slice(0, 4);
const letters = ['A', 'B', 'C', 'D'];
const faceOptions = faces.map((file, i) => ({
  value: `face-${letters[i]?.toLowerCase() ?? i}`,
  src: `faces:${file}`,
  alt: `Photo ${letters[i] ?? i + 1}: a person's face`,
  caption: `Photo ${letters[i] ?? i + 1}`,
}));

const study: StudyInput = {
  slug: 'demo',
  title: 'How do people read faces? (demo of every item kind)',
  description: 'A short demonstration study. It takes about three minutes.',
  consent: {
    title: 'Consent to take part',
    body:
      'This is a demonstration study about how people judge faces and explanations of face-analysis models. ' +
      'Taking part is voluntary and takes about three minutes. We record your answers and how long each one took; ' +
      'we do not record your name. You may stop at any time by closing the page.',
  },
  conditions: [
    { id: 'a', label: 'Condition A' },
    { id: 'b', label: 'Condition B' },
  ],
  blocks: [
    {
      id: 'intro',
      items: [
        {
          id: 'instructions',
          type: 'page',
          role: 'instructions',
          title: 'Instructions',
          body: 'You will answer a few questions about yourself and then look at photos of faces. There are no right or wrong answers, except for one question that checks you are reading carefully.',
        },
      ],
    },
    {
      id: 'background',
      title: 'About you',
      items: [
        {
          id: 'dl_practitioner',
          type: 'single-choice',
          background: true,
          prompt: 'Do you work with deep learning (build, train or study neural networks)?',
          options: [
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ],
        },
        {
          id: 'xai_methods',
          type: 'multiple-choice',
          background: true,
          prompt: 'Which explanation methods have you used or implemented?',
          showIf: { item: 'dl_practitioner', equals: 'yes' },
          minSelected: 1,
          options: [
            { value: 'saliency', label: 'Saliency maps' },
            { value: 'inversion', label: 'Feature inversion' },
            { value: 'visualization', label: 'Feature visualisation' },
            { value: 'none', label: 'None of these' },
          ],
          shuffleOptions: true,
        },
        {
          id: 'trust_ai',
          type: 'likert',
          background: true,
          prompt: 'How much do you trust automated face analysis?',
          points: 5,
          anchors: { min: 'Not at all', max: 'Completely' },
        },
      ],
    },
    {
      id: 'faces',
      title: 'Faces',
      shuffle: true,
      items: [
        {
          id: 'happiest',
          type: 'image-choice',
          prompt: 'Which person looks the happiest?',
          options: faceOptions,
        },
        {
          id: 'older_than_40',
          type: 'image-choice',
          prompt: 'Select every person who looks older than 40.',
          options: faceOptions,
          multiple: true,
          minSelected: 0,
        },
        {
          id: 'attention',
          type: 'attention-check',
          prompt: 'To show you are reading carefully, please choose "Blue".',
          correct: 'blue',
          options: [
            { value: 'red', label: 'Red' },
            { value: 'blue', label: 'Blue' },
            { value: 'green', label: 'Green' },
          ],
          shuffleOptions: true,
        },
      ],
    },
    {
      id: 'condition_a',
      conditions: ['a'],
      items: [
        {
          id: 'confidence_a',
          type: 'likert',
          prompt: 'How confident were you in your choices about the photos?',
          points: 7,
          anchors: { min: 'Not confident', max: 'Very confident' },
        },
      ],
    },
    {
      id: 'condition_b',
      conditions: ['b'],
      items: [
        {
          id: 'strategy_b',
          type: 'single-choice',
          prompt: 'What did you mostly look at?',
          options: [
            { value: 'eyes', label: 'The eyes' },
            { value: 'mouth', label: 'The mouth' },
            { value: 'whole', label: 'The whole face' },
          ],
          shuffleOptions: true,
        },
      ],
    },
    {
      id: 'closing',
      items: [
        {
          id: 'comments',
          type: 'free-text',
          prompt: 'Anything you would like to tell us? (optional)',
          required: false,
          maxLength: 500,
        },
        {
          id: 'debrief',
          type: 'page',
          role: 'debrief',
          title: 'About this study',
          body: 'Thank you. This demo shows how the platform presents questions; in real studies the images are explanations generated from face-analysis models.',
          continueLabel: 'Finish',
        },
      ],
    },
  ],
  completion: {
    message: 'Thank you for taking part. Your answers have been saved.',
  },
};

export default study;
