/**
 * `veilgate serve`: the gateway. On a fresh install (no provider configured, no active API key) it makes
 * a demo key for the built-in demo upstream and prints it once with a curl to try. SIGHUP reloads the
 * guardrail profiles; SIGINT/SIGTERM stop accepting requests, finish the ones in flight, and exit.
 */
import { Command } from 'commander';
import { VeilgateError } from '../../errors.js';
import { generateApiKey } from '../../gateway/access/api-keys.js';
import { startGateway } from '../../server/start.js';
import type { CliContext } from '../context.js';
import { loadCommandConfig } from '../runtime.js';

function portOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new VeilgateError('VG_USAGE', '--port: expected a port number 0-65535');
  }
  return Number(value);
}

export function serveCommand(ctx: CliContext): Command {
  return new Command('serve')
    .description('Run the gateway: OpenAI- and Anthropic-compatible proxy with input and output guards')
    .option('--host <host>', 'address to listen on (default: gateway.host, 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default: gateway.port, 8080; 0 picks a free port)')
    .action(async (flags: { host?: string; port?: string }, cmd: Command) => {
      const loaded = loadCommandConfig(ctx, cmd);
      const port = portOption(flags.port);
      const gateway = await startGateway({
        config: loaded.config,
        cwd: ctx.cwd,
        env: ctx.env,
        ...(flags.host !== undefined ? { host: flags.host } : {}),
        ...(port !== undefined ? { port } : {}),
        notice: (m) => ctx.stderr.write(`veilgate: ${m}\n`),
      });
      ctx.stderr.write(`veilgate: listening on ${gateway.url}\n`);
      if (gateway.demo) {
        ctx.stderr.write(
          'veilgate: no provider is configured: answering with the built-in DEMO model (not a real model)\n',
        );
        const keys = await gateway.runtime.database.apiKeys.list({});
        const now = Date.now();
        const active = keys.filter(
          (k) => k.revokedAt === null && (k.expiresAt === null || k.expiresAt > now),
        );
        if (active.length === 0) {
          const made = generateApiKey();
          await gateway.runtime.database.apiKeys.insert({
            id: made.id,
            prefix: made.prefix,
            hash: made.hash,
            name: 'demo key made by veilgate serve',
            tenant: 'demo',
            profile: 'default',
            models: null,
            createdAt: now,
            expiresAt: null,
            revokedAt: null,
          });
          const key = made.key;
          ctx.stderr.write(
            [
              `veilgate: demo API key (shown once; revoke with: veilgate keys revoke ${made.id}):`,
              `  ${key}`,
              'veilgate: try it: the demo model echoes what it received; "x-veilgate-restore: none" shows it as the model saw it',
              `  curl -s ${gateway.url}/v1/chat/completions -H "Authorization: Bearer ${key}" -H "x-veilgate-restore: none" \\`,
              `    -H "Content-Type: application/json" \\`,
              `    -d '{"model":"demo","messages":[{"role":"user","content":"echo: my card is 4111 1111 1111 1111, mail jane.doe@example.com"}]}'`,
              '',
            ].join('\n'),
          );
        } else {
          ctx.stderr.write(
            'veilgate: API keys exist; make another with: veilgate keys create --tenant T --profile default\n',
          );
        }
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          process.off('SIGHUP', reload);
          ctx.stderr.write('veilgate: stopping: finishing requests in flight\n');
          void gateway.close().then(resolve, resolve);
        };
        const reload = () => {
          gateway.deps.profiles.reload();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        process.on('SIGHUP', reload);
      });
    });
}
