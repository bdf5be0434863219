import { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { scannerOptionsFromConfig } from '../../config/scanner-options.js';
import { createScanner } from '../../index.js';
import type { CliContext } from '../context.js';

export function entitiesCommand(ctx: CliContext): Command {
  return new Command('entities')
    .description('list the entity types and detectors the scanner knows')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }, cmd: Command) => {
      const globals = cmd.optsWithGlobals<{ config?: string }>();
      const { config } = loadConfig({
        ...(globals.config !== undefined ? { file: globals.config } : {}),
        env: ctx.env,
        cwd: ctx.cwd,
      });
      const scanner = createScanner(scannerOptionsFromConfig(config.scan));
      if (flags.json === true) {
        ctx.stdout.write(`${JSON.stringify(scanner.recognizers, null, 2)}\n`);
        return;
      }
      const width = Math.max(...scanner.recognizers.map((r) => r.entity.length));
      const idWidth = Math.max(...scanner.recognizers.map((r) => r.id.length));
      const rows = [...scanner.recognizers].sort(
        (a, b) => a.entity.localeCompare(b.entity) || a.id.localeCompare(b.id),
      );
      for (const r of rows)
        ctx.stdout.write(`${r.entity.padEnd(width)}  ${r.id.padEnd(idWidth)}  ${r.description}\n`);
    });
}
