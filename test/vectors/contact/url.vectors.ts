import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'url',
  source:
    'RFC 3986 §1.1.2 example URIs; Presidio research synthetic data (presidio-synth-v2) for the labelled span with a trailing slash; constructed punctuation and parenthesis cases',
  positives: [
    {
      text: 'Website:\nhttps://www.UEarly.se/\n\nAddress:',
      expect: [{ value: 'https://www.UEarly.se/' }],
      note: 'Presidio labels include the trailing slash',
    },
    {
      text: 'My website is http://AnonymousEar.fr/.',
      expect: [{ value: 'http://AnonymousEar.fr/' }],
      note: 'sentence period left out',
    },
    {
      text: 'Examples: ftp://ftp.is.co.za/rfc/rfc1808.txt and http://www.ietf.org/rfc/rfc2396.txt',
      expect: [
        { value: 'ftp://ftp.is.co.za/rfc/rfc1808.txt' },
        { value: 'http://www.ietf.org/rfc/rfc2396.txt' },
      ],
    },
    {
      text: '(see https://en.wikipedia.org/wiki/Python_(programming_language))',
      expect: [{ value: 'https://en.wikipedia.org/wiki/Python_(programming_language)' }],
      note: 'balanced parentheses kept, the enclosing one dropped',
    },
    {
      text: '(docs at https://example.com/a/b?x=1&y=2#frag)',
      expect: [{ value: 'https://example.com/a/b?x=1&y=2#frag' }],
    },
    { text: 'Visit www.example.org, then log in.', expect: [{ value: 'www.example.org' }] },
    {
      text: 'Der Katalog liegt unter https://bücher.example.de/katalog?seite=2!',
      expect: [{ value: 'https://bücher.example.de/katalog?seite=2' }],
      note: 'IDN host',
    },
    { text: 'admin panel: http://localhost:8080/admin', expect: [{ value: 'http://localhost:8080/admin' }] },
    {
      text: 'clone https://deploy:s3cr3t@git.example.com/repo.git now',
      expect: [{ value: 'https://deploy:s3cr3t@git.example.com/repo.git' }],
      note: 'credentials in the userinfo outrank the e-mail look-alike',
    },
    { text: 'Pfad http://пример.рф/путь; fertig', expect: [{ value: 'http://пример.рф/путь' }] },
  ],
  negatives: [
    { text: 'The ratio is 3.14 and e.g. the file config.json', why: 'dotted words without a scheme or www.' },
    { text: 'Use the http protocol, not ftp.', why: 'scheme names without ://' },
    { text: 'mailto me: jane.doe@example.com', why: 'e-mail address, not a URL' },
    { text: 'Mr.Smith arrived at 10.30 a.m.', why: 'abbreviations and times' },
    { text: 'the custom scheme myhttp://x is not web', why: 'scheme glued to a word' },
  ],
};
