import type { OperatorInput } from './types.js';

/** Replace the value with its entity type: `[EMAIL_ADDRESS]`. Irreversible, and says only what was there. */
export function redact(input: OperatorInput): string {
  return `[${input.entity}]`;
}
