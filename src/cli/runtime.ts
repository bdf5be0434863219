/**
 * What the protection and key commands share: the configuration (with `--db` overriding `vault.db`), the
 * vault runtime opened from it, input read whole (bounded), and id options checked before any work.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { checkId } from '../crypto/keyring.js';
import { VeilgateError } from '../errors.js';
import { openVaultRuntime, type VaultRuntime } from '../vault/runtime.js';
import type { CliContext } from './context.js';
import { decodeUtf8, type DecodeReport } from './input.js';

/** Largest whole text `protect`/`restore` read at once; JSONL input has no such limit. */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;

export function loadCommandConfig(ctx: CliContext, cmd: Command): LoadedConfig {
  const globals = cmd.optsWithGlobals<{ config?: string }>();
  return loadConfig({
    ...(globals.config !== undefined ? { file: globals.config } : {}),
    env: ctx.env,
    cwd: ctx.cwd,
  });
}

export async function withRuntime<T>(
  ctx: CliContext,
  loaded: LoadedConfig,
  db: string | undefined,
  entities: Iterable<string> | undefined,
  run: (runtime: VaultRuntime) => Promise<T>,
): Promise<T> {
  const runtime = await openVaultRuntime({
    vault: { ...loaded.config.vault, ...(db !== undefined ? { db } : {}) },
    keys: loaded.config.keys,
    cwd: ctx.cwd,
    env: ctx.env,
    ...(entities !== undefined ? { entities } : {}),
    notice: (m) => ctx.stderr.write(`veilgate: ${m}\n`),
  });
  try {
    return await run(runtime);
  } finally {
    await runtime.close();
  }
}

/** Validate `--tenant`, `--scope`, `--subject` as ids (VG_USAGE with the flag name otherwise). */
export function idOption(flag: string, value: string | undefined, required: boolean): string | undefined {
  if (value === undefined) {
    if (required) throw new VeilgateError('VG_USAGE', `${flag} is required`);
    return undefined;
  }
  try {
    checkId(flag, value);
  } catch {
    throw new VeilgateError('VG_USAGE', `${flag}: expected 1-128 printable characters`);
  }
  return value;
}

/** The whole input as text: TEXT arguments, --file, or stdin; refuses binary or oversized input. */
export async function readWholeInput(
  ctx: CliContext,
  file: string | undefined,
  text: readonly string[],
): Promise<{ text: string; name: string; report: DecodeReport }> {
  const report: DecodeReport = { firstInvalidByte: -1 };
  if (text.length > 0) {
    if (file !== undefined) throw new VeilgateError('VG_USAGE', 'give either TEXT or --file, not both');
    return { text: text.join(' '), name: 'argument', report };
  }
  let source: AsyncIterable<Uint8Array> | Uint8Array[];
  let name: string;
  if (file === undefined || file === '-') {
    if (ctx.stdin.isTTY === true) {
      throw new VeilgateError('VG_USAGE', 'no input: pass TEXT, --file PATH, or pipe text on stdin');
    }
    source = ctx.stdin as AsyncIterable<Uint8Array>;
    name = 'stdin';
  } else {
    try {
      source = [await readFile(file)];
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new VeilgateError('VG_INPUT_READ', `${file}: cannot read (${code})`, { cause: err });
    }
    name = file;
  }
  const parts: string[] = [];
  let length = 0;
  for await (const piece of decodeUtf8(source, name, report)) {
    length += piece.length;
    if (length > MAX_TEXT_BYTES) {
      throw new VeilgateError('VG_USAGE', `${name}: larger than 64 MiB; use --format jsonl for large inputs`);
    }
    parts.push(piece);
  }
  return { text: parts.join(''), name, report };
}
