import { createHmac } from 'node:crypto';
import { VeilgateError } from '../errors.js';
import type { OperatorInput } from './types.js';

/**
 * Keyed hash for joins and counting without the value: HMAC-SHA-256 under a per-tenant key over
 * `entity NUL value`, hex, truncated to `bytes` (default 16, 128 bits). A bare hash of a phone number or
 * an SSN can be reversed by hashing every candidate; without the key it cannot. The entity is part of the
 * input, so the same digits as an SSN and as a phone number hash differently. Output: `[ENTITY:hex]`.
 */
export function hashValue(key: Uint8Array, input: OperatorInput, bytes = 16): string {
  if (key.length < 32) {
    throw new VeilgateError('VG_PROTECT_BAD_INPUT', 'hash: the key must be at least 32 bytes');
  }
  if (!Number.isInteger(bytes) || bytes < 8 || bytes > 32) {
    throw new VeilgateError('VG_PROTECT_BAD_INPUT', 'hash.bytes: expected a whole number from 8 to 32');
  }
  const digest = createHmac('sha256', key).update(input.entity).update('\0').update(input.value).digest();
  return `[${input.entity}:${digest.subarray(0, bytes).toString('hex')}]`;
}
