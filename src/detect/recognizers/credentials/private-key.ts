import type { RecognizerSpec, ValidationResult } from '../../types.js';

/**
 * Private keys in PEM armour (RFC 7468 §10 "PRIVATE KEY", §11 "ENCRYPTED PRIVATE KEY"; the legacy
 * `RSA`/`EC`/`DSA` forms of OpenSSL; `OPENSSH PRIVATE KEY`; OpenPGP's `PGP PRIVATE KEY BLOCK`, RFC 4880
 * §6.2), SSH2 (RFC 4716 style) and PuTTY `.ppk` files. The whole block is the span, BEGIN line to END line,
 * whether its line breaks are real, flattened to spaces, or escaped as `\n` inside JSON or code strings.
 * A block whose END line is missing (a truncated paste) is reported from BEGIN to the end of its base64.
 * Placeholders (`-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----`) carry no key material.
 */
export function validatePrivateKey(value: string): ValidationResult {
  if (value.startsWith('PuTTY')) return 'valid';
  // Key material: base64 characters after the BEGIN line, without header lines and escapes.
  const begin = value.indexOf('-----', 5);
  const end = value.indexOf('-----END', begin + 5);
  let body = value.slice(begin + 5, end < 0 ? value.length : end);
  body = body.replace(/\\+[nrt]/g, ' ').replace(/^[A-Za-z-]+:.*$/gm, '');
  const base64 = body.replace(/[^A-Za-z0-9+/=]/g, '');
  if (base64.length < 64) return 'invalid';
  if (/(.)\1{15}/.test(base64) || /x{8}|X{8}/.test(base64)) return 'invalid'; // AAAA…, xxxx… padding placeholders
  return end < 0 ? { validation: 'valid', score: 0.9 } : 'valid';
}

/** Line breaks as written: real, flattened to a space, or escaped (`\n`, `\\n`, `\r\n`). */
const BREAK = String.raw`(?:\r?\n|[ \t]|(?:\\{1,2}r)?\\{1,2}n)`;
const BEGIN = String.raw`-----BEGIN (?:[A-Z0-9]{2,10} ){0,2}PRIVATE KEY(?: BLOCK)?-----`;

export const privateKey: RecognizerSpec = Object.freeze({
  id: 'private-key',
  entity: 'PRIVATE_KEY',
  version: '1.0.0',
  description: 'PEM, OpenSSH, PGP, SSH2 and PuTTY private keys (whole block, also flattened or \\n-escaped)',
  trigger: /BEGIN|PuTTY/,
  patterns: [
    {
      name: 'pem-block',
      // The body stops at the next BEGIN line: a run of truncated blocks is scanned once, not once each.
      regex: new RegExp(
        `${BEGIN}(?:[^-]|-(?!----BEGIN)){16,20000}?-----END (?:[A-Z0-9]{2,10} ){0,2}PRIVATE KEY(?: BLOCK)?-----`,
        'g',
      ),
      score: 1,
    },
    {
      name: 'ssh2-block',
      regex:
        /---- BEGIN SSH2 (?:ENCRYPTED )?PRIVATE KEY ----(?:[^-]|-(?!--- BEGIN)){16,20000}?---- END SSH2 (?:ENCRYPTED )?PRIVATE KEY ----/g,
      score: 1,
    },
    {
      // Truncated: header lines (Proc-Type, DEK-Info, Version, Comment) then base64 runs of 16+ characters.
      name: 'pem-truncated',
      regex: new RegExp(
        `${BEGIN}(?:${BREAK}{1,4}[A-Za-z][A-Za-z-]{1,30}: [^\\n\\\\]{1,200}){0,4}(?:${BREAK}{1,4}[A-Za-z0-9+/=]{16,})+`,
        'g',
      ),
      score: 0.9,
    },
    {
      name: 'putty-ppk',
      regex:
        /PuTTY-User-Key-File-[23]: [\w-]{3,40}\r?\n(?:[^P]|P(?!uTTY-User)){16,16000}?Private-MAC: [0-9a-f]{40,64}/g,
      score: 1,
    },
  ],
  validate: validatePrivateKey,
});
