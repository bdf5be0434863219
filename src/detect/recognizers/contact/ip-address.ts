import { isIP } from 'node:net';
import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { pivotRegExp } from '../../pivot-regexp.js';

/**
 * IP addresses: dotted-quad IPv4 and IPv6 in every RFC 4291 §2.2 text form (full, `::`-compressed,
 * embedded IPv4) and the RFC 5952 canonical form, with an optional RFC 4007 zone id (`fe80::1%eth0`).
 * Node's `net.isIP` is the validator, so octets above 255 and leading zeros (`010.0.0.1`, which some
 * parsers read as octal) are rejected.
 *
 * Four dotted numbers are also how version and section numbers look ("version 1.2.3.4", "§ 3.1.2.1"), so
 * a negative context word pulls the score under the threshold and quads of single digits need context.
 */

const IPV4 = String.raw`\d(?<![\w.-]\d|:[0-9A-Fa-f]{0,4}:\d)\d{0,2}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w-]|\.\d)`;

/**
 * IPv6 candidates: hexadecimal groups joined by single or double colons, at least two colons, an optional
 * trailing dotted quad and zone id. The shape is loose on purpose; `isIP` decides. The first character is
 * a hex digit or a colon, and the lookbehind after it keeps the match from starting inside a word.
 */
const IPV6 = String.raw`[0-9A-Fa-f:](?<![\w:.][0-9A-Fa-f:])[0-9A-Fa-f]{0,3}(?::[0-9A-Fa-f]{0,4}){1,8}(?:\.\d{1,3}){0,3}(?:%[\w-]{1,16})?(?![\w:]|\.\d)`;

function isHexOrColon(c: number): boolean {
  return (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

export function validateIp(value: string): ValidationResult {
  if (value.includes(':')) {
    if (isIP(value) !== 6) return 'invalid';
    const address = value.replace(/%.*$/, '');
    const groups = address.split(':').filter((g) => g !== '').length;
    const hasDigit = /\d/.test(address);
    // Eight groups (or six plus a dotted quad) are unmistakable. Compressed forms with one group ("::1",
    // "fe80::") or no digit ("add::bed", also C++ scope syntax) need context.
    if (!address.includes('::') || /\d\.\d/.test(address)) return { validation: 'valid', score: 0.9 };
    if (groups < 2 || !hasDigit) return { validation: 'valid', score: 0.3 };
    return { validation: 'valid', score: groups >= 3 ? 0.75 : 0.6 };
  }
  if (isIP(value) !== 4) return 'invalid';
  // Version and section numbers ("Python 3.11.4.1", "§ 4.2.1.3") start with one digit and continue with
  // small numbers; three random octets are all below 32 only 0.2% of the time.
  const octets = value.split('.').map(Number);
  if ((octets[0] as number) < 10 && octets.slice(1).every((o) => o < 32))
    return { validation: 'valid', score: 0.35 };
  return { validation: 'valid', score: 0.75 };
}

export const ipAddress: RecognizerSpec = Object.freeze({
  id: 'ip-address',
  entity: 'IP_ADDRESS',
  version: '1.0.0',
  description: 'IPv4 and IPv6 addresses (RFC 4291, RFC 5952 text forms, zone ids), validated with net.isIP',
  // Each pattern runs in windows around its own anchor. Every IPv4 address has a digit and two dots around
  // a number ("1.2.3"), a regex V8 skips through quickly. Every valid IPv6 address (RFC 4291 §2.2) has a
  // "::" or six colons with one to four hex digits between them (eight groups, or six and a dotted quad),
  // at most 34 characters after its start; that is found by string search for the colon (pivotRegExp).
  // Windows keep the IPv6 pattern, which starts with a frequent letter class, off the rest of the text, and
  // times of day ("12:30:45") open none.
  patterns: [
    {
      name: 'ipv4',
      regex: new RegExp(IPV4, 'g'),
      score: 0.6,
      anchor: { pattern: /\d\.\d{1,3}\.\d/g, before: 7, after: 72 },
    },
    {
      name: 'ipv6',
      regex: new RegExp(IPV6, 'g'),
      score: 0.6,
      anchor: {
        pattern: pivotRegExp(':', String.raw`:(?::|(?:[\dA-Fa-f]{1,4}:){5})`, 'g', {
          guard: (t, i) => isHexOrColon(t.charCodeAt(i + 1)),
        }),
        before: 36,
        after: 80,
      },
    },
  ],
  validate: validateIp,
  context: {
    words: [
      'ip',
      'ip address',
      'ipv4',
      'ipv6',
      'address',
      'addr',
      'inet',
      'inet6',
      'host',
      'hostname',
      'server',
      'client',
      'gateway',
      'dns',
      'nameserver',
      'subnet',
      'netmask',
      'router',
      'proxy',
      'ping',
      'ssh',
      'vpn',
      'firewall',
      'remote',
      'src',
      'dst',
      'source',
      'destination',
      'peer',
      'blocked',
      'banned',
      'login',
      'connected',
      'connection',
      'adresse',
      'dirección',
      'indirizzo',
    ],
    negative: [
      'version',
      'ver',
      'v',
      'release',
      'build',
      'rev',
      'revision',
      'firmware',
      'patch',
      'section',
      'chapter',
      'clause',
      'isbn',
      'oid',
    ],
    boost: 0.35,
    floor: 0.6,
    penalty: 0.4,
    before: 32,
    after: 16,
  },
});
