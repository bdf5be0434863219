import type { RecognizerVectors } from '../types.js';

// Keys generated locally for these vectors (never used anywhere).
const EC_SEC1 = [
  '-----BEGIN EC PRIVATE KEY-----',
  'MHcCAQEEIMgJafRv5DJGW4/PxZe/rkm9Wsr6rG5KPqcxqSU4/ACOoAoGCCqGSM49',
  'AwEHoUQDQgAEMa3pfdeDIVdRHd9kw91fR01YwuKwcz2YFEzRKcXmnB4TZDrOgF0w',
  'T+O175MbrRQOc6KNm6HXQU8mrGj/4CWWcQ==',
  '-----END EC PRIVATE KEY-----',
];
const PKCS8 = [
  '-----BEGIN PRIVATE KEY-----',
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgyAlp9G/kMkZbj8/F',
  'l7+uSb1ayvqsbko+pzGpJTj8AI6hRANCAAQxrel914MhV1Ed32TD3V9HTVjC4rBz',
  'PZgUTNEpxeacHhNkOs6AXTBP47XvkxutFA5zoo2boddBTyasaP/gJZZx',
  '-----END PRIVATE KEY-----',
];
const RSA_HEAD = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIICXgIBAAKBgQCgj0asPYcfzCZXQhjXXECOej8OQ/dIoQhTLjF/N4ehe6zSbKY9',
  'eQsHoHu6DEtOdAT8tH5zvlGY1kJ0eVvNNe77MhsRpg4Ppl4+Myb0lkUbeRISlKsq',
];

const block = EC_SEC1.join('\n');
const flattened = EC_SEC1.join(' ');
const escaped = PKCS8.join('\\n');
const truncated = RSA_HEAD.join('\n');

export const vectors: RecognizerVectors = {
  recognizer: 'private-key',
  source:
    'RFC 7468 PEM labels (PRIVATE KEY, EC/RSA PRIVATE KEY); keys generated locally with node:crypto for these vectors',
  positives: [
    { text: `Here is the key:\n${block}\nThanks!`, expect: [{ value: block }] },
    { text: `key = "${flattened}"`, expect: [{ value: flattened }], note: 'line breaks flattened to spaces' },
    {
      text: `{"type": "service_account", "private_key": "${escaped}\\n", "client_email": "svc@proj.iam.gserviceaccount.com"}`,
      expect: [{ value: escaped }],
      note: 'JSON \\n escapes',
    },
    {
      text: `${truncated}\n\nsorry, the rest got cut off`,
      expect: [{ value: truncated }],
      note: 'END line missing',
    },
    {
      text: 'PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: imported\nPublic-Lines: 2\nAAAAB3NzaC1yc2EAAAABJQAAAIEAoI9GrD2HH8wmV0I\nPrivate-Lines: 2\nAAAAgQCXUPBF+2aRbRDlQ4Gt1V9x53vtsdgnNrxl\nPrivate-MAC: 5f2b8c1d9e0a7f3b6c4d2e1f0a9b8c7d6e5f4a3b',
      expect: [
        {
          value:
            'PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: imported\nPublic-Lines: 2\nAAAAB3NzaC1yc2EAAAABJQAAAIEAoI9GrD2HH8wmV0I\nPrivate-Lines: 2\nAAAAgQCXUPBF+2aRbRDlQ4Gt1V9x53vtsdgnNrxl\nPrivate-MAC: 5f2b8c1d9e0a7f3b6c4d2e1f0a9b8c7d6e5f4a3b',
        },
      ],
    },
  ],
  negatives: [
    { text: '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----', why: 'placeholder body' },
    {
      text: '-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----',
      why: 'placeholder body',
    },
    {
      text: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEMa3pfdeDIVdRHd9kw91fR01YwuKw\ncz2YFEzRKcXmnB4TZDrOgF0wT+O175MbrRQOc6KNm6HXQU8mrGj/4CWWcQ==\n-----END PUBLIC KEY-----',
      why: 'public key',
    },
    {
      text: '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2XhQ0H1x9Yk3\n-----END CERTIFICATE-----',
      why: 'certificate',
    },
    {
      text: 'Paste your key between -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY----- lines.',
      why: 'instructions, no key material',
    },
  ],
};
