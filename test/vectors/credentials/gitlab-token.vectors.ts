import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'gitlab-token',
  source: 'GitLab docs, "GitLab token overview" (Token prefixes); token bodies constructed at random',
  positives: [
    { text: 'GITLAB_TOKEN=glpat-xf4_Wn-BkxHQkMBQGcFa', expect: [{ value: 'glpat-xf4_Wn-BkxHQkMBQGcFa' }] },
    {
      text: 'The token is glpat-xf4_Wn-BkxHQkMBQGcFa.',
      expect: [{ value: 'glpat-xf4_Wn-BkxHQkMBQGcFa' }],
      note: 'sentence full stop is not part of it',
    },
    { text: 'deploy token gldt-d6gtWouZ69Ieg-NLx3bf', expect: [{ value: 'gldt-d6gtWouZ69Ieg-NLx3bf' }] },
    { text: 'runner: glrt-mPntDdvsLO8BMUjzT16q', expect: [{ value: 'glrt-mPntDdvsLO8BMUjzT16q' }] },
    {
      text: 'gitlab-runner register --registration-token GR1348941Fy6q4jMDhrEuWBoVyRgv',
      expect: [{ value: 'GR1348941Fy6q4jMDhrEuWBoVyRgv' }],
    },
  ],
  negatives: [
    { text: 'GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
    { text: 'glpat-your-personal-token-here', why: 'placeholder words' },
    { text: 'glpat-xf4_Wn-BkxHQkMBQ', why: 'too short' },
    { text: 'the glrt-team meeting', why: 'not a token' },
  ],
};
