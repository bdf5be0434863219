/**
 * Typed errors with stable codes. Every code is documented in docs/errors.md; a test keeps the two in sync.
 * Messages are one line, never contain the sensitive value that caused them, and never carry stack traces
 * to users (the CLI prints `message` only).
 */
export const ERROR_CODES = {
  VG_CONFIG_READ: 'The configuration file could not be read.',
  VG_CONFIG_PARSE: 'The configuration file is not valid YAML.',
  VG_CONFIG_INVALID: 'A configuration key has a value of the wrong type or outside its range.',
  VG_CONFIG_ENV: 'An environment variable override could not be applied.',
  VG_DETECT_BAD_PATTERN: 'A custom recognizer pattern is invalid or may backtrack catastrophically.',
  VG_DETECT_UNKNOWN_VALIDATOR: 'A custom recognizer names a validator that does not exist.',
  VG_DETECT_UNKNOWN_ENTITY: 'An entity type or detector id was requested that no recognizer provides.',
  VG_DETECT_DUPLICATE_ID: 'Two recognizers share the same id.',
  VG_DETECT_BAD_OPTION: 'A scanner or scan option has an invalid value (threshold, language, deny-list).',
  VG_MODEL_MISSING: 'A shipped model file could not be read.',
  VG_MODEL_INVALID: 'A model file is corrupt or of an unsupported format.',
  VG_PROTECT_BAD_INPUT: 'A protection operator got a value, key or option it cannot use.',
  VG_PROTECT_DECRYPT: 'A protected value could not be decrypted or verified.',
  VG_KEY_FILE: 'The local master key file or variable is missing, malformed or readable by others.',
  VG_KEY_UNWRAP: 'A wrapped data key could not be unwrapped (wrong master key, context or tampering).',
  VG_KEY_PROVIDER:
    'The master key provider (Vault Transit, AWS KMS) refused a request or could not be reached.',
  VG_KEY_ROTATE: 'The master key cannot be rotated by this provider configuration.',
  VG_KEY_NOT_FOUND: 'No data key exists for this tenant or subject (never created, or forgotten).',
  VG_STORE_UNAVAILABLE: 'The database could not be opened or reached.',
  VG_STORE_QUERY: 'A database operation failed.',
  VG_VAULT_BAD_INPUT: 'A token vault request has an invalid tenant, scope, subject or value.',
  VG_POLICY_INVALID: 'A protection policy file is not valid.',
  VG_GATEWAY_BAD_REQUEST: 'A gateway request is not valid JSON or does not match the route schema.',
  VG_GATEWAY_UNAUTHORIZED: 'The API key is missing, unknown, expired or revoked.',
  VG_GATEWAY_FORBIDDEN: 'The API key may not use this model or route.',
  VG_GATEWAY_RATE_LIMITED: 'A request or token rate limit of the key or tenant is exhausted.',
  VG_GATEWAY_TOO_LARGE: 'The request body or headers exceed the configured limits.',
  VG_GATEWAY_UNKNOWN_MODEL: 'No route is configured for the requested model.',
  VG_GATEWAY_BLOCKED: 'A guard blocked the request or the response (names entity types, never values).',
  VG_GATEWAY_GUARD_FAILED: 'A guard, the vault or the store failed, and the profile fails closed.',
  VG_UPSTREAM_ERROR: 'The upstream model provider returned an error or an invalid response.',
  VG_UPSTREAM_TIMEOUT: 'The upstream model provider did not answer in time.',
  VG_UPSTREAM_UNAVAILABLE: 'Every route for the model is failing (circuit open) or unreachable.',
  VG_UPSTREAM_TOO_LARGE: 'The upstream response exceeds the configured size limit.',
  VG_SERVER_LISTEN: 'The gateway cannot listen on the configured address and port.',
  VG_PROFILE_INVALID: 'A guardrail profile file is not valid.',
  VG_APIKEY_NOT_FOUND: 'No API key has the given id.',
  VG_LIMIT_UNAVAILABLE: 'The rate-limit store (Redis) could not be reached.',
  VG_INPUT_BINARY: 'The input looks like binary data, not text.',
  VG_INPUT_READ: 'An input file could not be read.',
  VG_USAGE: 'The command line is invalid.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class VeilgateError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VeilgateError';
    this.code = code;
  }
}

export function isVeilgateError(err: unknown): err is VeilgateError {
  return err instanceof VeilgateError;
}
