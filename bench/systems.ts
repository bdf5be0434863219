/**
 * The systems a quality benchmark compares: Veilgate's default scanner and, optionally, the two npm peers,
 * all behind one span-returning interface.
 */
import { readFileSync } from 'node:fs';
import { createScanner } from '../src/index.js';
import { createOpenRedactionPeer } from './peers/openredaction.js';
import { createRedactPiiPeer } from './peers/redact-pii.js';
import type { Span } from './quality-lib.js';

export interface System {
  readonly name: string;
  readonly version: string;
  readonly config: string;
  readonly supports: ReadonlySet<string>;
  detect(text: string): Promise<readonly Span[]>;
  stats?(): Readonly<Record<string, number>>;
}

export const PEER_NAMES = ['openredaction', 'redact-pii'] as const;

/**
 * Veilgate first, then the peers when `withPeers`. `aliases` renames our entity types to the labels the
 * data uses (e.g. DATE_OF_BIRTH scored as DATE_TIME). A peer that fails to start is reported, not fatal.
 */
export function benchSystems(
  withPeers: boolean,
  aliases: Readonly<Record<string, string>> = {},
): { systems: System[]; setupFailures: string[] } {
  const version = String(
    (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown })
      .version,
  );
  const scanner = createScanner();
  const veilgate: System = {
    name: 'Veilgate',
    version,
    config: `createScanner() defaults: ${scanner.recognizers.length} recognizers, threshold ${scanner.threshold}`,
    supports: new Set(scanner.entities.map((e) => aliases[e] ?? e)),
    detect: (text) =>
      Promise.resolve().then(() =>
        scanner.scan(text).map((f) => ({
          entity: aliases[f.entity] ?? f.entity,
          start: f.start,
          end: f.end,
          note: `${f.detector} ${f.score}${f.explanation.pattern ? ` ${f.explanation.pattern}` : ''}`,
        })),
      ),
  };
  const systems: System[] = [veilgate];
  const setupFailures: string[] = [];
  if (withPeers) {
    for (const [name, make] of [
      ['openredaction', createOpenRedactionPeer],
      ['redact-pii', () => createRedactPiiPeer({ verify: true })],
    ] as const) {
      try {
        systems.push(make());
      } catch (e) {
        setupFailures.push(`${name}: ${(e as Error).message}`);
      }
    }
  }
  return { systems, setupFailures };
}
