import { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { configJsonSchema } from '../../config/schema.js';
import type { CliContext } from '../context.js';

export function configCommand(ctx: CliContext): Command {
  const cmd = new Command('config').description('inspect and validate the configuration');
  cmd
    .command('schema')
    .description('print the JSON Schema of the configuration file (for editors)')
    .action(() => {
      ctx.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    });
  cmd
    .command('check')
    .description('validate the configuration (file, environment overrides, custom recognizers) and print it')
    .action((_opts: unknown, sub: Command) => {
      const globals = sub.optsWithGlobals<{ config?: string }>();
      const loaded = loadConfig({
        ...(globals.config !== undefined ? { file: globals.config } : {}),
        env: ctx.env,
        cwd: ctx.cwd,
      });
      const from = loaded.file ?? 'built-in defaults';
      const envs = [...loaded.overrides.values()];
      ctx.stderr.write(
        `configuration OK (${from}${envs.length ? `; overridden by ${envs.join(', ')}` : ''})\n`,
      );
      ctx.stdout.write(`${JSON.stringify(loaded.config, null, 2)}\n`);
    });
  return cmd;
}
