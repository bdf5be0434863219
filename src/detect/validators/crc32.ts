/**
 * CRC-32 (ISO-HDLC / IEEE 802.3, reflected polynomial 0xEDB88320) and the base62 checksum that GitHub and
 * npm append to their tokens.
 *
 * GitHub, "Behind GitHub's new authentication token formats" (2021): a classic token is a prefix (`ghp_`,
 * `gho_`, `ghu_`, `ghs_`, `ghr_`), 30 random base62 characters, and a 6-character base62 encoding of the
 * CRC-32 of those 30 characters. npm adopted the same layout for `npm_` tokens the same year. The base62
 * alphabet is digits, then upper case, then lower case, and the checksum is left-padded with '0'.
 */

let table: Uint32Array | null = null;

function crcTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

/** CRC-32 of a string's UTF-16 code units taken as bytes (the inputs here are ASCII). */
export function crc32(s: string): number {
  const t = (table ??= crcTable());
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) c = (t[(c ^ s.charCodeAt(i)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base62 encoding of an unsigned 32-bit integer, left-padded to `width` characters. */
export function base62Encode(n: number, width = 6): string {
  let out = '';
  let x = n >>> 0;
  while (x > 0) {
    out = BASE62[x % 62] + out;
    x = Math.floor(x / 62);
  }
  return out.padStart(width, '0');
}

/**
 * Whether the last 6 characters of `body` are the base62 CRC-32 of the characters before them
 * (`body` is the token without its prefix: 30 random characters and the 6-character checksum).
 */
export function base62Crc32Valid(body: string): boolean {
  if (body.length <= 6) return false;
  const payload = body.slice(0, -6);
  return base62Encode(crc32(payload)) === body.slice(-6);
}
