/** Public library API. */
import { createScanner as createEngineScanner, type Scanner, type ScannerOptions } from './detect/scanner.js';
import { shippedModels } from './models/shipped.js';

/**
 * Create a scanner with every built-in recognizer, including the names, places and organisations found
 * by the entity model shipped in `models/` (loaded on first use; pass `models` to supply your own).
 */
export function createScanner(options: ScannerOptions = {}): Scanner {
  return createEngineScanner({ models: shippedModels, ...options });
}

export { DEFAULT_THRESHOLD } from './detect/scanner.js';
export { loadShippedModel, shippedModels } from './models/shipped.js';
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
  EntityModel,
  ModelMatch,
  ModelSource,
} from './detect/types.js';
export type { CustomRecognizerConfig } from './detect/custom.js';
export { BUILTIN_RECOGNIZERS } from './detect/recognizers/index.js';
export { VeilgateError, ERROR_CODES } from './errors.js';
export type { ErrorCode } from './errors.js';
