import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'ip-address',
  source:
    'RFC 5737 documentation IPv4 ranges; RFC 4291 §2.2 and RFC 5952 §4 IPv6 text forms; Presidio research synthetic data (presidio-synth-v2); near-misses constructed',
  positives: [
    {
      text: 'keep getting address 10.218.6.131 blocked error',
      expect: [{ value: '10.218.6.131' }],
      note: 'Presidio sentence',
    },
    {
      text: 'WHERE client_ip = ?%//!%20\\|98.85.59.159|%20/',
      expect: [{ value: '98.85.59.159' }],
      note: 'Presidio SQL injection sentence',
    },
    {
      text: 'Ping 192.0.2.1 and 203.0.113.254 from 198.51.100.7.',
      expect: [{ value: '192.0.2.1' }, { value: '203.0.113.254' }, { value: '198.51.100.7' }],
    },
    {
      text: 'address 3b20:9a3a:1b2f:7ce:9ef1:4787:85fc:261e blocked',
      expect: [{ value: '3b20:9a3a:1b2f:7ce:9ef1:4787:85fc:261e' }],
    },
    {
      text: 'RFC 4291 writes 2001:DB8:0:0:8:800:200C:417A, also FF01::101 or ::13.1.68.3.',
      expect: [{ value: '2001:DB8:0:0:8:800:200C:417A' }, { value: 'FF01::101' }, { value: '::13.1.68.3' }],
    },
    {
      text: 'the server at 2001:db8::1 and host 2001:db8::2:1',
      expect: [{ value: '2001:db8::1' }, { value: '2001:db8::2:1' }],
      note: 'RFC 5952 canonical forms',
    },
    { text: 'mapped ::ffff:192.0.2.1 on host', expect: [{ value: '::ffff:192.0.2.1' }] },
    { text: 'ssh to fe80::1%eth0 now', expect: [{ value: 'fe80::1%eth0' }], note: 'RFC 4007 zone id' },
    {
      text: 'server ip: 10.0.0.1:8080',
      expect: [{ value: '10.0.0.1' }],
      note: 'port not part of the address',
    },
    { text: 'loopback host ::1', expect: [{ value: '::1' }], note: 'short form needs the context word' },
    {
      text: 'gateway fd12:3456:789a:1::1 is unreachable',
      expect: [{ value: 'fd12:3456:789a:1::1' }],
      note: 'the "::" comes late: the window must reach back to the first group',
    },
    {
      text: 'route 1111:2222:3333:4444:5555:6666:: via 1:2:3:4:5:6:192.0.2.7',
      expect: [{ value: '1111:2222:3333:4444:5555:6666::' }, { value: '1:2:3:4:5:6:192.0.2.7' }],
      note: 'trailing "::"; six groups and a dotted quad',
    },
    {
      text: 'dns 8.8.8.8',
      expect: [{ value: '8.8.8.8' }],
      note: 'version-like quad lifted by the context word',
    },
  ],
  negatives: [
    { text: 'Please upgrade to version 10.2.1.5 today', why: 'version number (negative context)' },
    { text: 'Chrome 120.0.6099.109 released', why: 'octet above 255' },
    { text: 'address 256.1.1.1 is not routable', why: 'first octet above 255' },
    {
      text: 'see section 3.1.2.1 of the manual',
      why: 'single-digit quad without context reads as a section number',
    },
    {
      text: 'host 010.0.0.1 uses leading zeros',
      why: 'leading zeros rejected by net.isIP (octal ambiguity)',
    },
    { text: 'meeting from 10:30:45 to 11:00', why: 'time, not IPv6' },
    {
      text: 'log 10:30:45:12:01:02 entries',
      why: 'six colon-separated numbers without "::": not eight groups',
    },
    { text: 'call std::vector and add::bed in C++', why: 'scope syntax without context' },
    { text: 'range 1.2.3.4.5 in the table', why: 'five dotted numbers' },
    { text: 'Python 3.11.4.1 is out', why: 'one-digit first number and small parts read as a version' },
  ],
};
