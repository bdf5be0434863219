/**
 * A refusal with its HTTP status (and headers such as `Retry-After`): what a stage throws to end an
 * exchange with a client-facing error. Everything else a stage throws is a failure, handled fail-closed.
 */
import { VeilgateError, type ErrorCode } from '../errors.js';

export class Refusal extends VeilgateError {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, message: string, status: number, headers: Record<string, string> = {}) {
    super(code, message);
    this.name = 'Refusal';
    this.status = status;
    this.headers = headers;
  }
}

/** HTTP status of each gateway-facing error code (refusals carry their own). */
export const STATUS_OF_CODE: Partial<Record<ErrorCode, number>> = {
  VG_GATEWAY_BAD_REQUEST: 400,
  VG_GATEWAY_UNAUTHORIZED: 401,
  VG_GATEWAY_FORBIDDEN: 403,
  VG_GATEWAY_UNKNOWN_MODEL: 404,
  VG_GATEWAY_TOO_LARGE: 413,
  VG_GATEWAY_RATE_LIMITED: 429,
  VG_GATEWAY_BLOCKED: 400,
  VG_GATEWAY_GUARD_FAILED: 503,
  VG_LIMIT_UNAVAILABLE: 503,
  VG_UPSTREAM_ERROR: 502,
  VG_UPSTREAM_TIMEOUT: 504,
  VG_UPSTREAM_UNAVAILABLE: 503,
  VG_UPSTREAM_TOO_LARGE: 502,
};

/** Errors a client caused or may see as they are; any other error inside a stage is a guard failure. */
export function isClientFacing(err: unknown): err is VeilgateError {
  return err instanceof VeilgateError && STATUS_OF_CODE[err.code] !== undefined;
}
