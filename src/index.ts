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
export {
  loadShippedModel,
  shippedModels,
  loadInjectionDetector,
  shippedInjectionClassifier,
} from './models/shipped.js';
export { createInjectionDetector, DEFAULT_INJECTION_THRESHOLDS } from './detect/injection/detector.js';
export type { InjectionThresholds } from './detect/injection/detector.js';
export { InjectionClassifier } from './detect/injection/classifier.js';
export { deobfuscate } from './detect/injection/deobfuscate.js';
export type {
  InjectionDetector,
  InjectionOptions,
  InjectionResult,
  InjectionRole,
  InjectionVerdicts,
  Verdict,
} from './detect/injection/types.js';
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

// Protection: operators, policies, the token vault and keys.
export { protectText, fpeDecrypt } from './protect/protect.js';
export type {
  OperatorSpec,
  ProtectionKeys,
  ProtectionResolvers,
  ProtectedText,
  AppliedProtection,
} from './protect/protect.js';
export { createDeterministicCipher, encryptValue, decryptValue } from './protect/encrypt.js';
export { hashValue } from './protect/hash.js';
export { mask } from './protect/mask.js';
export { redact } from './protect/redact.js';
export { createSynthesizer } from './protect/synthesize.js';
export { createFf1 } from './protect/ff1.js';
export { parseProtectionPolicy, protectionPolicyJsonSchema } from './policy/protection-policy.js';
export type { ProtectionPolicy } from './policy/protection-policy.js';
export { createProtector, policyNeedsRuntime, unknownPolicyEntities } from './protector.js';
export type { Protector, ProtectContext, RestoreContext } from './protector.js';
export { openVaultRuntime } from './vault/runtime.js';
export type { VaultRuntime, RuntimeOptions } from './vault/runtime.js';
export { createTokenVault } from './vault/vault.js';
export type { TokenVault, VaultScope, RestoreAccess, StreamRestorer } from './vault/vault.js';
export { findPlaceholders, formatPlaceholder, createPlaceholderSplitter } from './vault/placeholder.js';
export { createKeyring } from './crypto/keyring.js';
export type { Keyring, DataKey } from './crypto/keyring.js';
export { createLocalProvider } from './crypto/local-provider.js';
export { createVaultTransitProvider } from './crypto/vault-transit-provider.js';
export type { MasterKeyProvider } from './crypto/master-key.js';
export { openSqliteStore } from './store/sqlite.js';
export { openPostgresStore } from './store/postgres.js';
