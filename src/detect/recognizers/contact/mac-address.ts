import type { RecognizerSpec, ValidationResult } from '../../types.js';

/**
 * MAC-48 / EUI-48 hardware addresses in the three layouts in use: IEEE 802 canonical `00-1A-2B-3C-4D-5E`,
 * colon-separated `00:1a:2b:3c:4d:5e` (Unix tools) and Cisco's dotted `001a.2b3c.4d5e`. The separator
 * must be the same throughout (a back-reference); six groups exactly, so an eight-group IPv6 address or
 * a longer colon run is not cut into a MAC.
 */

const HEX = '[0-9A-Fa-f]';

export function validateMac(value: string): ValidationResult {
  const hex = value.replace(/[^0-9A-Fa-f]/g, '');
  // All zeros is a placeholder (and never a real interface); broadcast ff:ff:ff:ff:ff:ff is a real address.
  if (/^0+$/.test(hex)) return { validation: 'neutral', score: 0.2 };
  const hasLetter = /[A-Fa-f]/.test(hex);
  const hasDigit = /\d/.test(hex);
  // Mixed upper and lower case hex digits are not how any tool prints a MAC.
  if (/[a-f]/.test(hex) && /[A-F]/.test(hex)) return { validation: 'neutral', score: 0.3 };
  if (value.includes('.')) {
    // 1234.5678.9012 is a phone number or a reference; letters only ("face.bead.cafe") is a word game.
    return { validation: 'neutral', score: hasLetter && hasDigit ? 0.7 : 0.2 };
  }
  if (value.includes(':')) return { validation: 'neutral', score: hasLetter ? 0.85 : 0.6 };
  // Dashed: 12-34-56-78-90-12 is as likely a reference number.
  return { validation: 'neutral', score: hasLetter && hasDigit ? 0.75 : 0.3 };
}

export const macAddress: RecognizerSpec = Object.freeze({
  id: 'mac-address',
  entity: 'MAC_ADDRESS',
  version: '1.0.0',
  description: 'MAC (EUI-48) addresses: 00:1A:2B:3C:4D:5E, 00-1A-2B-3C-4D-5E and Cisco 001a.2b3c.4d5e',
  // Every layout has a separator, two hex digits and another separator (":1A:", "-1a-") or four hex
  // digits between dots (".2b3c."): one cheap scan, then both patterns run only around those places.
  anchor: { pattern: /[:.-][\dA-Fa-f]{2}(?:[:-]|[\dA-Fa-f]{2}\.)/g, before: 8, after: 24 },
  patterns: [
    {
      name: 'six-groups',
      // The lookbehind after the first hex digit keeps the match from starting inside a word.
      regex: new RegExp(
        String.raw`${HEX}(?<![\w:.-]${HEX})${HEX}([:-])${HEX}{2}(?:\1${HEX}{2}){4}(?![\w:-]|\.\w)`,
        'g',
      ),
      score: 0.6,
    },
    {
      name: 'cisco-dotted',
      regex: new RegExp(
        String.raw`${HEX}(?<![\w:.-]${HEX})${HEX}{3}\.${HEX}{4}\.${HEX}{4}(?![\w:-]|\.\w)`,
        'g',
      ),
      score: 0.5,
    },
  ],
  validate: validateMac,
  context: {
    words: [
      'mac',
      'mac address',
      'hardware address',
      'physical address',
      'hwaddr',
      'ether',
      'ethernet',
      'lladdr',
      'bssid',
      'wifi',
      'wi-fi',
      'wlan',
      'nic',
      'adapter',
      'interface',
      'device',
      'eui',
      'eui-48',
      'oui',
      'dhcp',
      'arp',
      'adresse mac',
      'dirección mac',
    ],
    boost: 0.35,
    floor: 0.6,
    before: 40,
    after: 16,
  },
});
