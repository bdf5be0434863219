import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'google-api-key',
  source: 'Google Cloud docs, "Manage API keys" (AIza + 35 characters); key bodies constructed at random',
  positives: [
    {
      text: 'GOOGLE_API_KEY=AIzavqQqzn3ZJBHKyy3u3ZFFPFGdAaOK0xLLiY_',
      expect: [{ value: 'AIzavqQqzn3ZJBHKyy3u3ZFFPFGdAaOK0xLLiY_' }],
    },
    {
      text: 'const firebaseConfig = { apiKey: "AIzaSyB3k9-Qm2x7Lr4Pz8Nw1Vt6Hc5Jd0Fg2Ab" };',
      expect: [{ value: 'AIzaSyB3k9-Qm2x7Lr4Pz8Nw1Vt6Hc5Jd0Fg2Ab' }],
    },
    {
      text: 'https://maps.googleapis.com/maps/api/js?key=AIzaSyD4f7Gh2Jk9Lm3Np6Qr8St1Vw5Xy0Za7Bc&callback=init',
      expect: [{ value: 'AIzaSyD4f7Gh2Jk9Lm3Np6Qr8St1Vw5Xy0Za7Bc' }],
    },
  ],
  negatives: [
    { text: 'apiKey: "AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"', why: 'placeholder' },
    { text: 'AIzaSyB3k9-Qm2x7Lr4Pz8Nw1Vt6Hc5Jd0Fg2A', why: '34 characters after the prefix' },
    { text: 'key: AIzaSy_YOUR_API_KEY_GOES_HERE_123456', why: 'placeholder words' },
  ],
};
