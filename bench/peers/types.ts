/**
 * Common shape of the benchmark-only peer detectors (other open-source PII libraries we compare against).
 * Adapters map the peer's own labels to Veilgate's entity names and recover exact character spans
 * (UTF-16 code-unit offsets into the text given to `detect`, end exclusive).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PeerSpan {
  readonly entity: string;
  readonly start: number;
  readonly end: number;
}

export interface PeerDetector {
  readonly name: string;
  /** Installed package version, read from its package.json. */
  readonly version: string;
  /** Veilgate entity types the adapter can emit; the report shows "—" for the others. */
  readonly supports: ReadonlySet<string>;
  /** One line describing the configuration used (defaults, options changed and why). */
  readonly config: string;
  detect(text: string): Promise<PeerSpan[]>;
  /** The peer's own entry point, without the adapter's span recovery, for timing (else `detect` is timed). */
  readonly native?: (text: string) => unknown;
  /** Adapter counters worth reporting (e.g. offsets that had to be corrected); keys are human-readable. */
  stats?(): Readonly<Record<string, number>>;
}

/** Version of an installed package, read from node_modules (some packages do not export package.json). */
export function installedVersion(pkg: string): string {
  const file = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../node_modules',
    pkg,
    'package.json',
  );
  try {
    return String((JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version ?? '?');
  } catch {
    return '?';
  }
}
