/**
 * The protector: detection, a protection policy and (when the policy needs keys or tokens) the vault
 * runtime, put together. `protect` replaces what the scanner finds as the policy says; `restore` reverses
 * every reversible protection the caller may see: vault placeholders of the scope, `enc.v1` and `det.v1`
 * tokens, and `fpe` values at the spans `protect` reported. Used by `veilgate protect`/`restore` and by
 * library users; the gateway's guards will use it too.
 */
import type { Scanner } from './detect/scanner.js';
import type { ScanOptions } from './detect/types.js';
import { VeilgateError } from './errors.js';
import type { ProtectionPolicy } from './policy/protection-policy.js';
import { CIPHER_TOKEN, createDeterministicCipher, decryptValue } from './protect/encrypt.js';
import {
  fpeDecrypt,
  operatorNeedsKey,
  protectText,
  type AppliedProtection,
  type ProtectedText,
  type ProtectionKeys,
} from './protect/protect.js';
import type { VaultRuntime } from './vault/runtime.js';

export interface ProtectContext {
  readonly tenant: string;
  readonly scope: string;
  readonly subject?: string;
}

export interface RestoreContext {
  readonly tenant: string;
  readonly scope: string;
  /** Entity types the caller may see restored; all when absent. */
  readonly entities?: ReadonlySet<string>;
}

export interface Protector {
  protect(text: string, context: ProtectContext): Promise<ProtectedText>;
  /** `spans`: the `applied` list `protect` returned, needed to find `fpe` values. */
  restore(text: string, context: RestoreContext, spans?: readonly AppliedProtection[]): Promise<string>;
}

export interface ProtectorOptions {
  readonly scanner: Scanner;
  readonly policy: ProtectionPolicy;
  /** Needed when the policy tokenizes or uses keyed operators, and always for restore. */
  readonly runtime?: VaultRuntime;
}

/** Whether a policy needs the vault runtime: it tokenizes, or uses an operator with a key. */
export function policyNeedsRuntime(policy: ProtectionPolicy): boolean {
  const specs = [policy.defaultOperator, ...policy.entities.map((e) => policy.operatorFor(e))];
  return policy.usesVault || specs.some(operatorNeedsKey);
}

/** Entity types a policy names that the scanner cannot report (a typo would otherwise protect nothing). */
export function unknownPolicyEntities(policy: ProtectionPolicy, scanner: Scanner): string[] {
  return policy.entities.filter((e) => !scanner.entities.includes(e));
}

/** Decrypt the `enc.v1`/`det.v1` tokens of permitted entity types (no keys: leave them all). */
function decryptTokens(
  text: string,
  keys: ProtectionKeys | undefined,
  permitted: (entity: string) => boolean,
): string {
  if (keys === undefined || keys.encrypt === undefined || keys.deterministic === undefined) return text;
  const det = createDeterministicCipher(keys.deterministic);
  const encKey = keys.encrypt;
  return text.replace(CIPHER_TOKEN, (token: string, kind: string, entity: string) => {
    if (!permitted(entity)) return token;
    return kind === 'enc' ? decryptValue(encKey, token).value : det.decrypt(token).value;
  });
}

export function createProtector(options: ProtectorOptions): Protector {
  const { scanner, policy, runtime } = options;
  const scanOptions: ScanOptions = {
    ...(policy.threshold !== undefined ? { threshold: policy.threshold } : {}),
    ...(policy.defaultOperator.type === 'keep' ? { entities: policy.entities } : {}),
  };
  const specs = [policy.defaultOperator, ...policy.entities.map((e) => policy.operatorFor(e))];
  const needsKeys = specs.some(operatorNeedsKey);
  const needRuntime = (): VaultRuntime => {
    if (runtime === undefined) {
      throw new VeilgateError(
        'VG_PROTECT_BAD_INPUT',
        'this policy needs keys or the token vault: pass a runtime',
      );
    }
    return runtime;
  };
  if (policyNeedsRuntime(policy)) needRuntime();

  return {
    async protect(text, context) {
      const findings = scanner.scan(text, scanOptions);
      const toTokenize = findings
        .filter((f) => policy.operatorFor(f.entity).type === 'tokenize')
        .map((f) => ({ entity: f.entity, value: text.slice(f.start, f.end) }));
      const placeholders =
        toTokenize.length > 0 ? await needRuntime().vault.tokenize(context, toTokenize) : [];
      const keys: ProtectionKeys = needsKeys ? await needRuntime().operatorKeys(context.tenant, true) : {};
      let next = 0;
      return protectText(text, findings, (e) => policy.operatorFor(e), keys, {
        tokenize: () => placeholders[next++] as string,
      });
    },

    async restore(text, context, spans = []) {
      const rt = needRuntime();
      let keys: ProtectionKeys | undefined;
      try {
        keys = await rt.operatorKeys(context.tenant, false);
      } catch (err) {
        if (!(err instanceof VeilgateError && err.code === 'VG_KEY_NOT_FOUND')) throw err;
      }
      const allowed = context.entities;
      const permitted = (entity: string): boolean => allowed === undefined || allowed.has(entity);
      let t = text;
      // FF1 keeps the length, so the spans stay valid while each is replaced in place.
      for (const s of spans) {
        if (s.operator !== 'fpe' || keys?.fpe === undefined || !permitted(s.entity)) continue;
        if (s.start < 0 || s.end > t.length || s.end < s.start) {
          throw new VeilgateError('VG_PROTECT_BAD_INPUT', 'restore: a span lies outside the text');
        }
        t =
          t.slice(0, s.start) +
          fpeDecrypt(
            keys.fpe,
            { entity: s.entity, value: t.slice(s.start, s.end) },
            { allowSmallDomain: true, ...(s.alphabet !== undefined ? { alphabet: s.alphabet } : {}) },
          ) +
          t.slice(s.end);
      }
      const vaulted = await rt.vault.restore(t, context);
      return decryptTokens(vaulted.text, keys, permitted);
    },
  };
}
