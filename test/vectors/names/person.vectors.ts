import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'person',
  source:
    'constructed: clinical, e-mail, chat and form text written for these vectors (not taken from the training templates)',
  positives: [
    {
      text: "Patient: Margaret O'Connell, seen today for follow-up.",
      expect: [{ value: "Margaret O'Connell" }],
    },
    {
      text: 'Dear Mrs. Nakamura, thank you for your letter.',
      expect: [{ value: 'Nakamura' }],
      note: 'title outside',
    },
    {
      text: 'Referred by Dr. Alan Whitfield-Jones to cardiology.',
      expect: [{ value: 'Alan Whitfield-Jones' }],
    },
    {
      text: 'can you ask priya to call me back tomorrow',
      expect: [{ value: 'priya' }],
      note: 'lowercase chat',
    },
    {
      text: 'NAME: JOHN MCALLISTER\nDOB: 04/12/1961',
      expect: [{ value: 'JOHN MCALLISTER' }],
      note: 'all caps form',
    },
    { text: 'Spoke with José Álvarez about the results.', expect: [{ value: 'José Álvarez' }] },
    { text: 'Contact person: Дмитрий Иванов', expect: [{ value: 'Дмитрий Иванов' }], note: 'Cyrillic' },
    {
      text: 'Dr. May Chen reviewed the scan.',
      expect: [{ value: 'May Chen' }],
      note: 'homonym with a title',
    },
  ],
  negatives: [
    { text: 'May I help you with anything else?', why: 'modal verb, not a name' },
    { text: 'Will you send the bill in June?', why: 'common words' },
    { text: 'Grant access to the admin panel and hope for the best.', why: 'verbs and nouns' },
    { text: 'Chief Complaint: chest pain. Assessment and Plan: follow up.', why: 'section headings' },
  ],
};
