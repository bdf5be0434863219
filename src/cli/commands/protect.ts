/**
 * `veilgate protect --policy FILE` and `veilgate restore`: apply a protection policy to text or JSONL, and
 * reverse what can be reversed.
 *
 * protect: the detection engine finds entities, the policy picks an operator per entity type, keyed
 * operators use the tenant's keys from the keyring, and `tokenize` stores values in the token vault under
 * `--tenant`/`--scope` (a JSONL record may name its own `scope`). JSONL output keeps `id`, gives the
 * protected `text`, and lists each replacement (`entity`, `operator`, `start`, `end`) in `protected`.
 *
 * restore: placeholders of the scope come back from the vault (only `--entities` when given), `enc.v1` and
 * `det.v1` tokens are decrypted with the tenant's keys, and in JSONL the `fpe` spans listed in `protected`
 * are decrypted too (an FF1 ciphertext looks like any number, so it cannot be found without its span).
 * `redact`, `mask`, `hash` and `synthesize` are one-way. A tampered ciphertext stops the command (exit 2)
 * rather than restoring something wrong.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { scannerOptionsFromConfig } from '../../config/scanner-options.js';
import { VeilgateError } from '../../errors.js';
import { createScanner } from '../../index.js';
import {
  compileProtectionPolicy,
  parseProtectionPolicy,
  type ProtectionPolicy,
} from '../../policy/protection-policy.js';
import type { AppliedProtection } from '../../protect/protect.js';
import { createProtector, policyNeedsRuntime, unknownPolicyEntities } from '../../protector.js';
import type { VaultRuntime } from '../../vault/runtime.js';
import type { CliContext } from '../context.js';
import { readLines } from '../input.js';
import { Output } from '../output.js';
import { idOption, loadCommandConfig, readWholeInput, withRuntime } from '../runtime.js';

interface CommonFlags {
  file?: string;
  format: 'text' | 'jsonl';
  tenant: string;
  scope: string;
  db?: string;
}

interface ProtectFlags extends CommonFlags {
  policy: string;
  subject?: string;
}

interface RestoreFlags extends CommonFlags {
  entities?: string;
}

async function readPolicy(file: string): Promise<ProtectionPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new VeilgateError('VG_POLICY_INVALID', `${file}: cannot read policy file (${code})`, {
      cause: err,
    });
  }
  return parseProtectionPolicy(text, file);
}

interface Record_ {
  readonly id: string | number | null;
  readonly text: string;
  readonly scope?: string;
  readonly protectedSpans?: readonly AppliedProtection[];
}

/** Parse one JSONL line; a string reason when it is not a usable record. */
function parseRecord(line: string, restore: boolean): Record_ | string {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return 'invalid JSON';
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return 'expected a JSON object {"id": ..., "text": "..."}';
  }
  const r = record as { id?: unknown; text?: unknown; scope?: unknown; protected?: unknown };
  if (typeof r.text !== 'string') return 'expected a string field "text"';
  if (r.id !== undefined && r.id !== null && typeof r.id !== 'string' && typeof r.id !== 'number') {
    return 'expected "id" to be a string or a number';
  }
  if (r.scope !== undefined) {
    try {
      idOption('scope', r.scope as string, true);
    } catch {
      return 'expected "scope" to be 1-128 printable characters';
    }
  }
  let spans: AppliedProtection[] | undefined;
  if (restore && r.protected !== undefined) {
    if (!Array.isArray(r.protected)) return 'expected "protected" to be a list';
    spans = [];
    for (const s of r.protected as unknown[]) {
      const a = s as Partial<AppliedProtection>;
      if (
        a === null ||
        typeof a !== 'object' ||
        typeof a.entity !== 'string' ||
        typeof a.operator !== 'string' ||
        !Number.isSafeInteger(a.start) ||
        !Number.isSafeInteger(a.end) ||
        (a.start as number) < 0 ||
        (a.end as number) < (a.start as number) ||
        (a.end as number) > r.text.length
      ) {
        return 'expected "protected" entries {entity, operator, start, end} inside the text';
      }
      spans.push(a as AppliedProtection);
    }
  }
  return {
    id: (r.id as string | number | null | undefined) ?? null,
    text: r.text,
    ...(typeof r.scope === 'string' ? { scope: r.scope } : {}),
    ...(spans !== undefined ? { protectedSpans: spans } : {}),
  };
}

/**
 * Run `handle` on every usable record of a JSONL input (--file or stdin); unusable lines are reported on
 * stderr with their line number and skipped. Resolves how many lines were skipped.
 */
async function forEachRecord(
  ctx: CliContext,
  file: string | undefined,
  maxLineBytes: number,
  restore: boolean,
  handle: (record: Record_) => Promise<void>,
): Promise<number> {
  let source: AsyncIterable<Uint8Array>;
  if (file === undefined || file === '-') {
    if (ctx.stdin.isTTY === true)
      throw new VeilgateError('VG_USAGE', 'no input: pass --file PATH or pipe JSONL on stdin');
    source = ctx.stdin as AsyncIterable<Uint8Array>;
  } else {
    source = createReadStream(file);
  }
  let skipped = 0;
  try {
    for await (const line of readLines(source, maxLineBytes)) {
      const text = line.bytes?.toString('utf8');
      if (text !== undefined && text.trim() === '') continue;
      const record = text === undefined ? 'longer than scan.maxLineBytes' : parseRecord(text, restore);
      if (typeof record === 'string') {
        skipped++;
        ctx.stderr.write(`veilgate: ${file ?? 'stdin'}:${line.lineNo}: ${record}; line skipped\n`);
        continue;
      }
      await handle(record);
    }
  } catch (err) {
    if (err instanceof VeilgateError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new VeilgateError('VG_INPUT_READ', `${file ?? 'stdin'}: cannot read (${code})`, { cause: err });
  }
  return skipped;
}

export function protectCommand(ctx: CliContext): Command {
  return new Command('protect')
    .description('protect sensitive data in text or JSONL with a protection policy')
    .argument('[text...]', 'text to protect (default: read --file or stdin)')
    .requiredOption('-p, --policy <file>', 'protection policy (YAML); see docs/protection.md')
    .option('-f, --file <path>', "read from a file ('-' for stdin)")
    .addOption(
      new Option('--format <format>', 'input and output format').choices(['text', 'jsonl']).default('text'),
    )
    .option('--tenant <id>', 'tenant whose keys and vault are used', 'default')
    .option('--scope <id>', 'scope in which placeholders are stable (a conversation, a dataset)', 'default')
    .option('--subject <id>', 'data subject the values belong to (lets `vault forget --subject` erase them)')
    .option('--db <url>', 'vault database (sqlite:PATH or postgres://...; default from config)')
    .addHelpText(
      'after',
      `
Examples:
  veilgate protect --policy policy.yaml "Jane Roe, card 4111 1111 1111 1111"
  veilgate protect --policy policy.yaml --format jsonl --scope dataset-7 --file notes.jsonl > safe.jsonl`,
    )
    .action(async (text: string[], flags: ProtectFlags, cmd: Command) => {
      const loaded = loadCommandConfig(ctx, cmd);
      const tenant = idOption('--tenant', flags.tenant, true) as string;
      const defaultScope = idOption('--scope', flags.scope, true) as string;
      const subject = idOption('--subject', flags.subject, false);
      const policy = await readPolicy(flags.policy);
      const scanner = createScanner(scannerOptionsFromConfig(loaded.config.scan));
      const unknown = unknownPolicyEntities(policy, scanner);
      if (unknown.length > 0) {
        throw new VeilgateError(
          'VG_POLICY_INVALID',
          `${flags.policy}: unknown entity type ${unknown.map((u) => `'${u}'`).join(', ')}; run 'veilgate entities'`,
        );
      }
      const needsRuntime = policyNeedsRuntime(policy);
      const context = (scope: string) => ({ tenant, scope, ...(subject !== undefined ? { subject } : {}) });

      const run = async (runtime: VaultRuntime | undefined): Promise<void> => {
        const protector = createProtector({ scanner, policy, ...(runtime !== undefined ? { runtime } : {}) });
        const out = new Output(ctx.stdout);
        if (flags.format === 'text') {
          const input = await readWholeInput(ctx, flags.file, text);
          if (input.report.firstInvalidByte !== -1) {
            throw new VeilgateError(
              'VG_INPUT_BINARY',
              `${input.name}: invalid UTF-8 at byte ${input.report.firstInvalidByte}`,
            );
          }
          const result = await protector.protect(input.text, context(defaultScope));
          await out.write(result.text.endsWith('\n') || text.length === 0 ? result.text : `${result.text}\n`);
        } else {
          if (text.length > 0)
            throw new VeilgateError('VG_USAGE', '--format jsonl reads --file or stdin, not TEXT');
          const skipped = await forEachRecord(
            ctx,
            flags.file,
            loaded.config.scan.maxLineBytes,
            false,
            async (record) => {
              const result = await protector.protect(record.text, context(record.scope ?? defaultScope));
              await out.write(
                `${JSON.stringify({
                  id: record.id,
                  ...(record.scope !== undefined ? { scope: record.scope } : {}),
                  text: result.text,
                  protected: result.applied,
                })}\n`,
              );
            },
          );
          if (skipped > 0) ctx.setExitCode(2);
        }
        await out.flush();
      };
      if (needsRuntime) await withRuntime(ctx, loaded, flags.db, scanner.entities, run);
      else await run(undefined);
    });
}

/** Restore needs no operators of its own: reversing depends on the tokens and spans, not on a policy. */
const RESTORE_ONLY = compileProtectionPolicy({ version: 1, default: 'keep', entities: {} });

export function restoreCommand(ctx: CliContext): Command {
  return new Command('restore')
    .description('reverse tokenize, encrypt, deterministic and fpe protections')
    .argument('[text...]', 'text to restore (default: read --file or stdin)')
    .option('-f, --file <path>', "read from a file ('-' for stdin)")
    .addOption(
      new Option('--format <format>', 'input and output format').choices(['text', 'jsonl']).default('text'),
    )
    .option('--tenant <id>', 'tenant whose keys and vault are used', 'default')
    .option('--scope <id>', 'scope whose placeholders are restored', 'default')
    .option('--entities <list>', 'restore only these entity types (comma-separated)')
    .option('--db <url>', 'vault database (sqlite:PATH or postgres://...; default from config)')
    .action(async (text: string[], flags: RestoreFlags, cmd: Command) => {
      const loaded = loadCommandConfig(ctx, cmd);
      const tenant = idOption('--tenant', flags.tenant, true) as string;
      const defaultScope = idOption('--scope', flags.scope, true) as string;
      const allowed =
        flags.entities === undefined
          ? undefined
          : new Set(
              flags.entities
                .split(',')
                .map((s) => s.trim())
                .filter((s) => s !== ''),
            );
      const scanner = createScanner(scannerOptionsFromConfig(loaded.config.scan));
      await withRuntime(ctx, loaded, flags.db, scanner.entities, async (runtime) => {
        const protector = createProtector({ scanner, policy: RESTORE_ONLY, runtime });
        const restoreOne = (value: string, scope: string, spans?: readonly AppliedProtection[]) =>
          protector.restore(
            value,
            { tenant, scope, ...(allowed !== undefined ? { entities: allowed } : {}) },
            spans,
          );
        const out = new Output(ctx.stdout);
        if (flags.format === 'text') {
          const input = await readWholeInput(ctx, flags.file, text);
          const restored = await restoreOne(input.text, defaultScope);
          await out.write(restored.endsWith('\n') || text.length === 0 ? restored : `${restored}\n`);
        } else {
          const skipped = await forEachRecord(
            ctx,
            flags.file,
            loaded.config.scan.maxLineBytes,
            true,
            async (record) => {
              const restored = await restoreOne(
                record.text,
                record.scope ?? defaultScope,
                record.protectedSpans,
              );
              await out.write(`${JSON.stringify({ id: record.id, text: restored })}\n`);
            },
          );
          if (skipped > 0) ctx.setExitCode(2);
        }
        await out.flush();
      });
    });
}
