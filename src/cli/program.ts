import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { isVeilgateError } from '../errors.js';
import { apiKeysCommand } from './commands/api-keys.js';
import { configCommand } from './commands/config.js';
import { entitiesCommand } from './commands/entities.js';
import { keyringCommand, vaultCommand } from './commands/keys.js';
import { protectCommand, restoreCommand } from './commands/protect.js';
import { scanCommand } from './commands/scan.js';
import { serveCommand } from './commands/serve.js';
import type { CliContext } from './context.js';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Exit codes, the same for every command (ARCHITECTURE.md). */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('veilgate')
    .description('Veilgate: a security layer for generative AI on sensitive data')
    .version(pkg.version, '-V, --version')
    .option('-c, --config <file>', 'configuration file (default: $VEILGATE_CONFIG or ./veilgate.yaml)')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .exitOverride();
  for (const sub of [
    serveCommand(ctx),
    scanCommand(ctx),
    protectCommand(ctx),
    restoreCommand(ctx),
    apiKeysCommand(ctx),
    keyringCommand(ctx),
    vaultCommand(ctx),
    configCommand(ctx),
    entitiesCommand(ctx),
  ]) {
    program.addCommand(
      sub
        .exitOverride()
        .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) }),
    );
  }
  for (const sub of program.commands) {
    for (const nested of sub.commands) {
      nested
        .exitOverride()
        .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
    }
  }
  return program;
}

/** Run the CLI; resolves to the exit code. Never throws and never prints a stack trace. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  let code: number = EXIT.ok;
  const inner: CliContext = { ...ctx, setExitCode: (c) => (code = c) };
  const program = buildProgram(inner);
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      ) {
        return EXIT.ok;
      }
      return EXIT.usage; // commander already printed a one-line reason
    }
    if (isVeilgateError(err)) {
      ctx.stderr.write(`veilgate: ${err.message}\n`);
      return EXIT.usage;
    }
    const msg = err instanceof Error ? err.message : String(err);
    ctx.stderr.write(`veilgate: internal error: ${msg.split('\n')[0] ?? ''} (please report this)\n`);
    return EXIT.internal;
  }
}
