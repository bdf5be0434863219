import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configJsonSchema } from '../../src/config/schema.js';
import { VeilgateError } from '../../src/errors.js';

function dir(files: Record<string, string> = {}): string {
  const d = mkdtempSync(path.join(tmpdir(), 'vg-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(d, name), text);
  return d;
}

function errorOf(fn: () => unknown): VeilgateError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VeilgateError);
    return err as VeilgateError;
  }
  throw new Error('expected an error');
}

describe('loadConfig', () => {
  it('runs on defaults when there is no file', () => {
    const { config, file } = loadConfig({ cwd: dir(), env: {} });
    expect(file).toBeNull();
    expect(config.scan.threshold).toBe(0.5);
    expect(config.scan.recognizers).toEqual([]);
  });

  it('reads ./veilgate.yaml by default and $VEILGATE_CONFIG when set', () => {
    const d = dir({
      'veilgate.yaml': 'scan:\n  threshold: 0.7\n',
      'other.yaml': 'scan:\n  threshold: 0.8\n',
    });
    expect(loadConfig({ cwd: d, env: {} }).config.scan.threshold).toBe(0.7);
    expect(loadConfig({ cwd: d, env: { VEILGATE_CONFIG: 'other.yaml' } }).config.scan.threshold).toBe(0.8);
  });

  it('names file, line, column, key path and expectation for a wrong type', () => {
    const d = dir({ 'veilgate.yaml': 'scan:\n  threshold: high\n' });
    const err = errorOf(() => loadConfig({ cwd: d, env: {} }));
    expect(err.code).toBe('VG_CONFIG_INVALID');
    expect(err.message).toBe('veilgate.yaml:2:14: scan.threshold: expected number, got the string "high"');
  });

  it('reports out-of-range values and unknown keys with what is allowed', () => {
    const d = dir({ 'veilgate.yaml': 'scan:\n  threshold: 1.5\n  treshold: 0.2\n' });
    const err = errorOf(() => loadConfig({ cwd: d, env: {} }));
    expect(err.message).toContain(
      'veilgate.yaml:2:14: scan.threshold: expected a number <= 1, got number 1.5',
    );
    expect(err.message).toMatch(
      /veilgate\.yaml:3:3: scan: unknown key 'treshold'; expected one of threshold, entities, /,
    );
  });

  it('reports YAML syntax errors with their position', () => {
    const d = dir({ 'veilgate.yaml': 'scan:\n  threshold: [0.5\n' });
    const err = errorOf(() => loadConfig({ cwd: d, env: {} }));
    expect(err.code).toBe('VG_CONFIG_PARSE');
    expect(err.message).toMatch(/^veilgate\.yaml:\d+:\d+: invalid YAML: /);
  });

  it('reports an unreadable explicit file in one line', () => {
    const err = errorOf(() => loadConfig({ cwd: dir(), env: {}, file: 'missing.yaml' }));
    expect(err.message).toBe('missing.yaml: cannot read configuration file (ENOENT)');
  });

  it('lets environment variables override keys, with typed values', () => {
    const d = dir({ 'veilgate.yaml': 'scan:\n  threshold: 0.7\n' });
    const loaded = loadConfig({
      cwd: d,
      env: {
        VEILGATE_SCAN__THRESHOLD: '0.9',
        VEILGATE_SCAN__DISABLED: '[PHONE_NUMBER, url]',
        VEILGATE_SCAN__MAX_LINE_BYTES: '2048',
      },
    });
    expect(loaded.config.scan.threshold).toBe(0.9);
    expect(loaded.config.scan.disabled).toEqual(['PHONE_NUMBER', 'url']);
    expect(loaded.config.scan.maxLineBytes).toBe(2048);
    expect(loaded.overrides.get('scan.threshold')).toBe('VEILGATE_SCAN__THRESHOLD');
  });

  it('blames the environment variable when an override is invalid', () => {
    const err = errorOf(() => loadConfig({ cwd: dir(), env: { VEILGATE_SCAN__THRESHOLD: 'lots' } }));
    expect(err.message).toBe(
      'VEILGATE_SCAN__THRESHOLD: scan.threshold: expected number, got the string "lots"',
    );
    const unknown = errorOf(() => loadConfig({ cwd: dir(), env: { VEILGATE_SCAN__NOPE: '1' } }));
    expect(unknown.message).toMatch(/^VEILGATE_SCAN__NOPE: scan: unknown key 'nope'/);
  });

  it('checks custom recognizer patterns at load time', () => {
    const d = dir({
      'veilgate.yaml':
        'scan:\n  recognizers:\n    - id: bad\n      entity: BAD\n      patterns:\n        - regex: "(a+)+b"\n',
    });
    const err = errorOf(() => loadConfig({ cwd: d, env: {} }));
    expect(err.code).toBe('VG_DETECT_BAD_PATTERN');
    expect(err.message).toMatch(
      /^veilgate\.yaml:3:7: scan\.recognizers\[0\]\.patterns\[0\]\.regex: pattern may backtrack/,
    );
  });

  it('never echoes allow- or deny-list values, which may be sensitive', () => {
    const d = dir({ 'veilgate.yaml': 'scan:\n  deny:\n    - entity: CODENAME\n      values: Nightjar\n' });
    const err = errorOf(() => loadConfig({ cwd: d, env: {} }));
    expect(err.message).toBe(
      'veilgate.yaml:4:15: scan.deny[0].values: expected array, got a string (not shown)',
    );
  });

  it('validates enum values and entity names', () => {
    const d = dir({
      'veilgate.yaml':
        'scan:\n  recognizers:\n    - id: emp\n      entity: employee\n      validator: crc\n      patterns: [{regex: "E\\\\d+"}]\n',
    });
    const err = errorOf(() => loadConfig({ cwd: d, env: {} }));
    expect(err.message).toContain(
      'veilgate.yaml:4:15: scan.recognizers[0].entity: expected an entity type in UPPER_SNAKE_CASE',
    );
    expect(err.message).toContain(
      'veilgate.yaml:5:18: scan.recognizers[0].validator: expected one of "luhn"',
    );
  });
});

describe('configJsonSchema', () => {
  it('describes the file for editors and rejects unknown keys', () => {
    const schema = configJsonSchema() as {
      $schema: string;
      properties: { scan: { properties: Record<string, unknown>; additionalProperties: boolean } };
    };
    expect(schema.$schema).toContain('2020-12');
    expect(Object.keys(schema.properties.scan.properties)).toContain('recognizers');
    expect(schema.properties.scan.additionalProperties).toBe(false);
  });
});
