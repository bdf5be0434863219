/**
 * `veilgate keyring list | rotate | rewrap` (encryption keys) and `veilgate vault forget | purge`.
 * (`veilgate keys` manages gateway API keys: commands/api-keys.ts.)
 *
 * keyring list    the master key versions and every data key (id, tenant, subject, purpose, version,
 *                 the master version wrapping it); never key material.
 * keyring rotate  a new master key version (new wraps use it), or with --tenant a new data key version
 *                 for that tenant's vault (new entries use it); old data stays readable either way.
 * keyring rewrap  re-wrap every data key still under an older master version, so that version can retire.
 * vault forget crypto-shred a tenant, or one data subject of it (--subject), or delete one value
 *              (--entity and --value): keys first, then rows. Asks for --yes, since it cannot be undone.
 * vault purge  delete expired entries.
 */
import { Command, Option } from 'commander';
import { VeilgateError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { Output } from '../output.js';
import { idOption, loadCommandConfig, readWholeInput, withRuntime } from '../runtime.js';

interface DbFlags {
  db?: string;
  format: 'human' | 'json';
}

function dbOption(cmd: Command): Command {
  return cmd
    .option('--db <url>', 'vault database (sqlite:PATH or postgres://...; default from config)')
    .addOption(new Option('--format <format>', 'output format').choices(['human', 'json']).default('human'));
}

export function keyringCommand(ctx: CliContext): Command {
  const keyring = new Command('keyring').description(
    'encryption keys (master and data keys): list, rotate, rewrap',
  );

  keyring.addCommand(
    dbOption(
      new Command('list')
        .description('list master key versions and data keys (never key material)')
        .option('--tenant <id>', 'only this tenant'),
    ).action(async (flags: DbFlags & { tenant?: string }, cmd: Command) => {
      const loaded = loadCommandConfig(ctx, cmd);
      const tenant = idOption('--tenant', flags.tenant, false);
      await withRuntime(ctx, loaded, flags.db, undefined, async ({ keyring }) => {
        const master = await keyring.masterVersions();
        const data = await keyring.list(tenant !== undefined ? { tenant } : {});
        const out = new Output(ctx.stdout);
        if (flags.format === 'json') {
          await out.write(`${JSON.stringify({ provider: keyring.provider.name, master, data })}\n`);
        } else {
          const lines = [`master key (${keyring.provider.name}):`];
          for (const v of master) {
            lines.push(
              `  version ${v.version}${v.current ? ' (current)' : ''}${v.createdAt ? `  ${v.createdAt}` : ''}`,
            );
          }
          lines.push(`data keys: ${data.length}`);
          for (const k of data) {
            lines.push(
              `  ${k.id}  tenant=${k.tenant}${k.subject !== '' ? ` subject=${k.subject}` : ''}  ${k.purpose} v${k.version}  master=${k.masterVersion ?? 'opaque'}  ${k.createdAt}`,
            );
          }
          await out.write(`${lines.join('\n')}\n`);
        }
        await out.flush();
      });
    }),
  );

  keyring.addCommand(
    dbOption(
      new Command('rotate')
        .description('new master key version; with --tenant, new data key versions for that tenant')
        .option('--tenant <id>', "rotate this tenant's data keys instead of the master key"),
    ).action(async (flags: DbFlags & { tenant?: string }, cmd: Command) => {
      const loaded = loadCommandConfig(ctx, cmd);
      const tenant = idOption('--tenant', flags.tenant, false);
      await withRuntime(ctx, loaded, flags.db, undefined, async ({ keyring }) => {
        const result =
          tenant === undefined
            ? { master: await keyring.rotateMaster() }
            : { tenant, dataKeysRotated: await keyring.rotateDataKeys(tenant) };
        ctx.stdout.write(
          flags.format === 'json'
            ? `${JSON.stringify(result)}\n`
            : 'master' in result
              ? `master key rotated: new wraps use version ${result.master}; run 'veilgate keyring rewrap' to move existing data keys\n`
              : `rotated ${result.dataKeysRotated} data key(s) of tenant ${tenant}; existing entries stay readable\n`,
        );
      });
    }),
  );

  keyring.addCommand(
    dbOption(
      new Command('rewrap').description('re-wrap every data key under the newest master key version'),
    ).action(async (flags: DbFlags, cmd: Command) => {
      const loaded = loadCommandConfig(ctx, cmd);
      await withRuntime(ctx, loaded, flags.db, undefined, async ({ keyring }) => {
        const r = await keyring.rewrap();
        ctx.stdout.write(
          flags.format === 'json'
            ? `${JSON.stringify(r)}\n`
            : `rewrapped ${r.rewrapped} data key(s); ${r.alreadyCurrent} already under the newest master key\n`,
        );
      });
    }),
  );
  return keyring;
}

export function vaultCommand(ctx: CliContext): Command {
  const vault = new Command('vault').description('token vault: forget (crypto-shred), purge expired entries');

  vault.addCommand(
    dbOption(
      new Command('forget')
        .description("destroy a tenant's or a data subject's keys and entries, or one value's entries")
        .requiredOption('--tenant <id>', 'tenant')
        .option('--subject <id>', 'only this data subject')
        .option('--entity <type>', 'with --value: the entity type of the value to forget')
        .option(
          '--value <text>',
          "forget this one value in every scope of the tenant ('-': read it from stdin, keeping it out of shell history and ps)",
        )
        .option('--yes', 'confirm: this cannot be undone'),
    ).action(
      async (
        flags: DbFlags & { tenant: string; subject?: string; entity?: string; value?: string; yes?: boolean },
        cmd: Command,
      ) => {
        const loaded = loadCommandConfig(ctx, cmd);
        const tenant = idOption('--tenant', flags.tenant, true) as string;
        const subject = idOption('--subject', flags.subject, false);
        if ((flags.entity === undefined) !== (flags.value === undefined)) {
          throw new VeilgateError('VG_USAGE', '--entity and --value go together');
        }
        if (flags.yes !== true) {
          throw new VeilgateError('VG_USAGE', 'forgetting cannot be undone; add --yes to confirm');
        }
        await withRuntime(ctx, loaded, flags.db, undefined, async ({ vault: v }) => {
          if (flags.entity !== undefined && flags.value !== undefined) {
            const value =
              flags.value === '-'
                ? (await readWholeInput(ctx, '-', [])).text.replace(/\r?\n$/, '')
                : flags.value;
            const n = await v.forgetValue(tenant, { entity: flags.entity, value }, subject);
            ctx.stdout.write(
              flags.format === 'json'
                ? `${JSON.stringify({ entries: n })}\n`
                : `deleted ${n} entr${n === 1 ? 'y' : 'ies'}\n`,
            );
            return;
          }
          const r = await v.forget(tenant, subject);
          ctx.stdout.write(
            flags.format === 'json'
              ? `${JSON.stringify(r)}\n`
              : `destroyed ${r.keys} key(s) and deleted ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'} of ${subject !== undefined ? `subject ${subject} of ` : ''}tenant ${tenant}\n`,
          );
        });
      },
    ),
  );

  vault.addCommand(
    dbOption(new Command('purge').description('delete expired vault entries')).action(
      async (flags: DbFlags, cmd: Command) => {
        const loaded = loadCommandConfig(ctx, cmd);
        await withRuntime(ctx, loaded, flags.db, undefined, async ({ vault: v }) => {
          const n = await v.purgeExpired();
          ctx.stdout.write(
            flags.format === 'json'
              ? `${JSON.stringify({ purged: n })}\n`
              : `purged ${n} expired entr${n === 1 ? 'y' : 'ies'}\n`,
          );
        });
      },
    ),
  );
  return vault;
}
