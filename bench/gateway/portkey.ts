/**
 * The peer of the gateway benchmarks: `@portkey-ai/gateway` (the open-source Portkey AI gateway, installed
 * as a devDependency) started from node_modules as a child process, proxying with no guards.
 *
 * How it is run, from its build (`build/start-server.js`) and README:
 * - `node build/start-server.js --port=<n> --headless`: the port comes only from `--port=` (there is no
 *   port 0: we pick a free one); `--headless` leaves out the web console. NODE_ENV=production as a
 *   deployment would set it.
 * - Routing is per request, by headers: `x-portkey-provider: openai` and `x-portkey-custom-host:
 *   <base URL ending in /v1>`; loopback custom hosts are trusted by default (TRUSTED_CUSTOM_HOSTS defaults to
 *   localhost, 127.0.0.1, ::1). The client's `Authorization` is forwarded to the provider.
 * - `GET /` answers "AI Gateway says hey!" once it listens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = fileURLToPath(new URL('../../node_modules/@portkey-ai/gateway/', import.meta.url));

export interface RunningPortkey {
  readonly url: string;
  readonly version: string;
  /** Request headers that make Portkey forward to the OpenAI-compatible `upstreamBaseUrl` (…/v1). */
  headersFor(upstreamBaseUrl: string): Record<string, string>;
  /** What the process wrote (for error reports). */
  output(): string;
  stop(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it; released before Portkey binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** SIGTERM, then SIGKILL if the process has not exited after `graceMs`. */
export function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startPortkey(options: { timeoutMs?: number } = {}): Promise<RunningPortkey> {
  const entry = `${PACKAGE_DIR}build/start-server.js`;
  const version = String(
    (JSON.parse(readFileSync(`${PACKAGE_DIR}package.json`, 'utf8')) as { version?: unknown }).version,
  );
  const port = await freePort();
  const child = spawn(process.execPath, [entry, `--port=${port}`, '--headless'], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Kept apart: stdout carries a start-up spinner without line breaks, stderr the errors worth reporting.
  let errLog = '';
  let outLog = '';
  child.stdout?.on('data', (b: Buffer) => (outLog = (outLog + b.toString('utf8')).slice(-4000)));
  child.stderr?.on('data', (b: Buffer) => (errLog = (errLog + b.toString('utf8')).slice(-8000)));
  const log = (): string => `${errLog}\n${outLog}`;
  const url = `http://127.0.0.1:${port}`;
  const running: RunningPortkey = {
    url,
    version,
    headersFor: (upstreamBaseUrl) => ({
      authorization: 'Bearer sk-bench-not-a-real-key',
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': upstreamBaseUrl,
    }),
    output: log,
    stop: () => stopProcess(child),
  };

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`Portkey exited with code ${child.exitCode}: ${log().trim().slice(-500)}`);
    try {
      const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) });
      if ((await res.text()).includes('AI Gateway')) return running;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await running.stop();
      throw new Error(`Portkey did not answer on ${url} within ${options.timeoutMs ?? 20_000} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
