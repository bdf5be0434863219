/**
 * `veilgate keys create | list | revoke`: the API keys clients present to the gateway.
 *
 * keys create  a new key for a tenant and a guardrail profile, optionally limited to some models and
 *              given a lifetime. The full key goes to stdout once (so `KEY=$(veilgate keys create ...)`
 *              captures it); only its SHA-256 is stored, so it can never be shown again.
 * keys list    id, prefix, name, tenant, profile, models, times and state; never the hash.
 * keys revoke  mark a key revoked. Running gateways stop accepting it within their verification cache
 *              time (5 s by default).
 *
 * These commands need the database only (`vault.db`, or `--db`), not the master key.
 * (Master and data keys are managed by `veilgate keyring`: commands/keys.ts.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { VeilgateError } from '../../errors.js';
import { apiKeyState, type ApiKeyRecord } from '../../store/api-key-store.js';
import { expiresIn, generateApiKey, isApiKeyId, isApiKeyLabel } from '../../gateway/access/api-keys.js';
import { isModelPattern } from '../../gateway/access/verify-api-key.js';
import { builtinProfiles, parseProfiles } from '../../gateway/profiles/profile.js';
import { openDatabase, type Database } from '../../store/open.js';
import type { CliContext } from '../context.js';
import { Output } from '../output.js';
import { loadCommandConfig } from '../runtime.js';

interface DbFlags {
  db?: string;
  format: 'human' | 'json';
}

function dbOption(cmd: Command): Command {
  return cmd
    .option('--db <url>', 'database (sqlite:PATH or postgres://...; default: vault.db from config)')
    .addOption(new Option('--format <format>', 'output format').choices(['human', 'json']).default('human'));
}

async function withDatabase<T>(
  ctx: CliContext,
  cmd: Command,
  db: string | undefined,
  run: (database: Database) => Promise<T>,
): Promise<T> {
  const url = db ?? loadCommandConfig(ctx, cmd).config.vault.db;
  const database = await openDatabase(url, ctx.cwd);
  try {
    return await run(database);
  } finally {
    await database.close();
  }
}

/**
 * A warning when no profile of that name is defined (built-in or in `gateway.profiles`): the gateway
 * refuses the key's requests until one is. Only a warning, since the profile may be added later.
 */
function profileWarning(ctx: CliContext, cmd: Command, profile: string): string | undefined {
  try {
    const loaded = loadCommandConfig(ctx, cmd);
    const file = loaded.config.gateway.profiles;
    if (file === undefined) {
      return builtinProfiles().has(profile)
        ? undefined
        : `no profile '${profile}' is defined (gateway.profiles is not set)`;
    }
    const shown = path.relative(ctx.cwd, path.resolve(ctx.cwd, file)) || file;
    const set = parseProfiles(readFileSync(path.resolve(ctx.cwd, file), 'utf8'), shown);
    return set.has(profile) ? undefined : `no profile '${profile}' is defined in ${shown}`;
  } catch {
    return `the profile '${profile}' could not be checked (configuration or profiles file unreadable)`;
  }
}

function label(flag: string, value: string | undefined): string {
  if (value === undefined) throw new VeilgateError('VG_USAGE', `${flag} is required`);
  if (!isApiKeyLabel(value)) {
    throw new VeilgateError('VG_USAGE', `${flag}: expected 1-64 characters of A-Z a-z 0-9 . _ -`);
  }
  return value;
}

function models(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  const list = value.split(',').map((m) => m.trim());
  if (list.some((m) => !isModelPattern(m))) {
    throw new VeilgateError(
      'VG_USAGE',
      '--models: expected model names or globs (e.g. gpt-4o,claude-*), separated by commas',
    );
  }
  return [...new Set(list)];
}

function keyName(value: string | undefined): string | undefined {
  // Printable, one line: the name is shown in listings and may reach logs.
  if (value !== undefined && !/^[\x20-\x7e]{1,128}$/.test(value)) {
    throw new VeilgateError('VG_USAGE', '--name: expected 1-128 printable ASCII characters');
  }
  return value;
}

/** A key id as `list` shows it, or its visible prefix `vg_<id>`. */
function keyId(value: string): string {
  const id = value.startsWith('vg_') ? value.slice(3) : value;
  if (!isApiKeyId(id)) {
    throw new VeilgateError(
      'VG_USAGE',
      'ID: expected a key id (12 letters and digits) or its prefix vg_<id>',
    );
  }
  return id;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function listedKey(k: ApiKeyRecord, now: number): Record<string, unknown> {
  return {
    id: k.id,
    prefix: k.prefix,
    name: k.name ?? null,
    tenant: k.tenant,
    profile: k.profile,
    models: k.models,
    createdAt: iso(k.createdAt),
    expiresAt: iso(k.expiresAt),
    revokedAt: iso(k.revokedAt),
    state: apiKeyState(k, now),
  };
}

export function apiKeysCommand(ctx: CliContext): Command {
  const keys = new Command('keys').description('gateway API keys: create, list, revoke');

  keys.addCommand(
    dbOption(
      new Command('create')
        .description('create an API key; prints it once, only its hash is stored')
        .option('--tenant <name>', 'tenant the key belongs to (required)')
        .option('--profile <name>', 'guardrail profile applied to its requests (required)')
        .option(
          '--models <list>',
          'models it may use, comma-separated; * matches any characters (default: all)',
        )
        .option('--expires <duration>', 'lifetime such as 90s, 12h, 30d, or never (default: never)')
        .option('--name <text>', 'a label for listings, e.g. who holds the key'),
    ).action(
      async (
        flags: DbFlags & {
          tenant?: string;
          profile?: string;
          models?: string;
          expires?: string;
          name?: string;
        },
        cmd: Command,
      ) => {
        const tenant = label('--tenant', flags.tenant);
        const profile = label('--profile', flags.profile);
        const allowed = models(flags.models);
        const name = keyName(flags.name);
        const now = Date.now();
        const expiresAt = flags.expires === undefined ? null : expiresIn(flags.expires, now);
        if (expiresAt === undefined) {
          throw new VeilgateError(
            'VG_USAGE',
            "--expires: expected a duration such as 90s, 5m, 12h, 30d, or 'never'",
          );
        }
        const warning = profileWarning(ctx, cmd, profile);
        const created = generateApiKey();
        await withDatabase(ctx, cmd, flags.db, async (database) => {
          await database.apiKeys.insert({
            id: created.id,
            prefix: created.prefix,
            hash: created.hash,
            ...(name !== undefined ? { name } : {}),
            tenant,
            profile,
            models: allowed,
            createdAt: now,
            expiresAt,
            revokedAt: null,
          });
        });
        ctx.stdout.write(
          flags.format === 'json'
            ? `${JSON.stringify({
                id: created.id,
                key: created.key,
                prefix: created.prefix,
                tenant,
                profile,
                models: allowed,
                expiresAt: iso(expiresAt),
              })}\n`
            : `${created.key}\n`,
        );
        ctx.stderr.write(
          `veilgate: created API key ${created.prefix} for tenant ${tenant}, profile ${profile}` +
            `${expiresAt === null ? '' : `, expiring ${iso(expiresAt) as string}`}; ` +
            'store it now: it cannot be shown again\n',
        );
        if (warning !== undefined) {
          ctx.stderr.write(
            `veilgate: warning: ${warning}; the gateway refuses this key's requests until it is\n`,
          );
        }
      },
    ),
  );

  keys.addCommand(
    dbOption(
      new Command('list')
        .description('list API keys and their state (never the key or its hash)')
        .option('--tenant <name>', 'only this tenant'),
    ).action(async (flags: DbFlags & { tenant?: string }, cmd: Command) => {
      const tenant = flags.tenant === undefined ? undefined : label('--tenant', flags.tenant);
      const records = await withDatabase(ctx, cmd, flags.db, (database) =>
        database.apiKeys.list(tenant !== undefined ? { tenant } : {}),
      );
      const now = Date.now();
      const listed = records.map((k) => listedKey(k, now));
      const out = new Output(ctx.stdout);
      if (flags.format === 'json') {
        await out.write(`${JSON.stringify(listed)}\n`);
      } else {
        const header = ['ID', 'PREFIX', 'NAME', 'TENANT', 'PROFILE', 'MODELS', 'CREATED', 'EXPIRES', 'STATE'];
        const rows = listed.map((k) => [
          k['id'] as string,
          k['prefix'] as string,
          (k['name'] as string | null) ?? '-',
          k['tenant'] as string,
          k['profile'] as string,
          k['models'] === null ? '*' : (k['models'] as string[]).join(','),
          k['createdAt'] as string,
          (k['expiresAt'] as string | null) ?? 'never',
          k['state'] as string,
        ]);
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
        const line = (cells: string[]): string =>
          cells
            .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
            .join('  ')
            .concat('\n');
        await out.write(rows.length === 0 ? 'no API keys\n' : [header, ...rows].map(line).join(''));
      }
      await out.flush();
    }),
  );

  keys.addCommand(
    dbOption(
      new Command('revoke').description('revoke an API key').argument('<id>', 'key id or prefix vg_<id>'),
    ).action(async (value: string, flags: DbFlags, cmd: Command) => {
      const id = keyId(value);
      const at = Date.now();
      const record = await withDatabase(ctx, cmd, flags.db, async (database) => {
        const found = await database.apiKeys.get(id);
        if (found === undefined || !(await database.apiKeys.revoke(id, at))) {
          throw new VeilgateError('VG_APIKEY_NOT_FOUND', `no API key has the id ${id}`);
        }
        return found;
      });
      const revokedAt = record.revokedAt ?? at;
      ctx.stdout.write(
        flags.format === 'json'
          ? `${JSON.stringify({ id, prefix: record.prefix, revokedAt: iso(revokedAt) })}\n`
          : record.revokedAt !== null
            ? `API key ${record.prefix} was already revoked at ${iso(revokedAt) as string}\n`
            : `revoked API key ${record.prefix}; running gateways refuse it within their key cache time (5 s by default)\n`,
      );
    }),
  );
  return keys;
}
