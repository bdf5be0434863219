/** Public library API. */
export { createScanner, DEFAULT_THRESHOLD } from './detect/scanner.js';
export type { Scanner, ScannerOptions, AllowEntry, DenyEntry, RecognizerInfo } from './detect/scanner.js';
export type {
  Finding,
  Explanation,
  ScanOptions,
  RecognizerSpec,
  PatternSpec,
  ContextSpec,
  Validation,
  ValidationResult,
} from './detect/types.js';
export type { CustomRecognizerConfig } from './detect/custom.js';
export { BUILTIN_RECOGNIZERS } from './detect/recognizers/index.js';
export { VeilgateError, ERROR_CODES } from './errors.js';
export type { ErrorCode } from './errors.js';
