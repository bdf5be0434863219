import type { Readable, Writable } from 'node:stream';

/** What a command may touch: injected so tests can run the CLI in-process with their own streams. */
export interface CliContext {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  setExitCode(code: number): void;
}
