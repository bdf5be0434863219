import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'mac-address',
  source:
    'RFC 7042 §2.1.2 documentation MAC range 00-00-5E-00-53-00..FF; Cisco IOS dotted layout; near-misses constructed',
  positives: [
    { text: 'MAC address 00:1A:2B:3C:4D:5E on eth0', expect: [{ value: '00:1A:2B:3C:4D:5E' }] },
    { text: 'Example from RFC 7042: 00-00-5E-00-53-2A.', expect: [{ value: '00-00-5E-00-53-2A' }] },
    { text: 'switch port learned 001a.2b3c.4d5e on vlan 10', expect: [{ value: '001a.2b3c.4d5e' }] },
    {
      text: 'link/ether 3c:22:fb:9a:01:7e brd ff:ff:ff:ff:ff:ff',
      expect: [{ value: '3c:22:fb:9a:01:7e' }, { value: 'ff:ff:ff:ff:ff:ff' }],
    },
    {
      text: 'bssid 00:11:22:33:44:55',
      expect: [{ value: '00:11:22:33:44:55' }],
      note: 'digits only, colon layout',
    },
  ],
  negatives: [
    { text: 'id 00:1A:2B-3C:4D:5E mixed', why: 'inconsistent separators' },
    { text: 'ipv6 fe80:0:0:0:1a2b:3c4d:5e6f:7a8b', why: 'eight groups: an IPv6 address, not a MAC' },
    { text: 'timecode 01:02:03:04', why: 'four groups' },
    { text: 'order 12-34-56-78-90-12 shipped', why: 'digits-only dashed layout needs context' },
    { text: 'phone 1234.5678.9012 ext', why: 'digits-only dotted layout needs context' },
    { text: 'unset 00:00:00:00:00:00 placeholder', why: 'all-zero placeholder' },
  ],
};
