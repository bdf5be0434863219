import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'us-routing-number',
  source:
    'published ABA routing numbers: 021000021 (JPMorgan Chase), 011000015 (Federal Reserve Bank of Boston), 121000358 (Bank of America, CA), 026009593 (Bank of America, NY); near-misses constructed',
  positives: [
    { text: 'routing number 021000021 account 12345678', expect: [{ value: '021000021' }] },
    { text: 'ABA 011000015', expect: [{ value: '011000015' }] },
    { text: 'RTN: 121000358.', expect: [{ value: '121000358' }] },
    {
      text: 'wire to 026009593 (routing)',
      expect: [{ value: '026009593' }],
      note: 'keyword after the value',
    },
  ],
  negatives: [
    { text: 'routing number 021000012', why: 'checksum near-miss: adjacent digits swapped' },
    { text: 'routing number 021000022', why: 'checksum near-miss: last digit changed' },
    { text: 'reference 021000021', why: 'checksum-valid but no routing keyword' },
    { text: 'routing 912000021', why: 'prefix 91 is not a Federal Reserve routing symbol' },
    { text: 'routing 0210000210', why: 'ten digits' },
  ],
};
