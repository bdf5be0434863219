import type { Validation } from '../types.js';
import {
  abaRoutingValid,
  digitsOf,
  luhnValid,
  mod97Valid,
  nhsMod11Valid,
  verhoeffValid,
} from './checksums.js';

const verdict = (ok: boolean): Validation => (ok ? 'valid' : 'invalid');

/** Validators that custom recognizers in the configuration can name. */
export const NAMED_VALIDATORS: Readonly<Record<string, (value: string) => Validation>> = Object.freeze({
  luhn: (v: string) => verdict(luhnValid(digitsOf(v))),
  'iban-mod97': (v: string) => verdict(mod97Valid(v)),
  verhoeff: (v: string) => verdict(verhoeffValid(digitsOf(v))),
  'aba-routing': (v: string) => verdict(abaRoutingValid(digitsOf(v))),
  'nhs-mod11': (v: string) => verdict(nhsMod11Valid(digitsOf(v))),
});

export const NAMED_VALIDATOR_NAMES = Object.keys(NAMED_VALIDATORS);
