import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinProfiles, parseProfiles } from '../../../src/gateway/profiles/profile.js';

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

const EXAMPLE = path.resolve(import.meta.dirname, '../../../examples/profiles.yaml');

describe('guardrail profiles', () => {
  it('parses the shipped example, with tenant bindings for keys on default', () => {
    const set = parseProfiles(readFileSync(EXAMPLE, 'utf8'), 'examples/profiles.yaml');
    expect(set.names).toEqual(['default', 'clinical', 'analytics']);
    expect(set.profileFor('default', 'st-marys')?.name).toBe('clinical');
    expect(set.profileFor('default', 'other')?.name).toBe('default');
    expect(set.profileFor('missing', 'other')).toBeUndefined();
    const clinical = defined(set.profileFor('clinical', 'x'));
    expect(clinical.input.ruleFor('US_SSN').action).toBe('block');
    expect(clinical.input.ruleFor('CREDIT_CARD').action).toEqual({ type: 'mask', keepLast: 4 });
    expect(clinical.input.ruleFor('PERSON').action).toEqual({ type: 'tokenize' });
    expect(clinical.restore).toEqual(new Set(['PERSON', 'EMAIL_ADDRESS', 'PHONE_NUMBER']));
    expect(set.tenantLimits('st-marys')).toEqual({ requestsPerMinute: 3000 });
  });

  it('has a built-in default that tokenizes input, redacts output and restores', () => {
    const p = defined(builtinProfiles().profileFor('default', 't'));
    expect(p.detectors).toBe('patterns');
    expect(p.failMode).toBe('closed');
    expect(p.input.ruleFor('EMAIL_ADDRESS').action).toEqual({ type: 'tokenize' });
    expect(p.input.ruleFor('DATE_TIME').action).toBe('allow');
    expect(p.output.ruleFor('CREDIT_CARD').action).toEqual({ type: 'redact' });
    expect(p.restore).toBe('all');
  });

  it('guards against injection by default (block user and tool texts and jailbreaks) with canaries off', () => {
    const p = defined(builtinProfiles().profileFor('default', 't'));
    expect(p.injection.user).toEqual({ action: 'block', threshold: 0.5 });
    expect(p.injection.tool).toEqual({ action: 'block', threshold: 0.5 });
    expect(p.injection.assistant.action).toBe('log');
    expect(p.injection.system.action).toBe('off');
    expect(p.injection.jailbreak.action).toBe('block');
    expect(p.injection.conversation).toBe(true);
    expect(p.canary).toEqual({
      enabled: false,
      action: 'block',
      systemPromptLeak: { action: 'alert', minWords: 12 },
    });
    const q = defined(
      parseProfiles(
        'version: 1\nprofiles:\n  q:\n    injection: { tool: { action: alert, threshold: 0.8 } }\n    canary: { enabled: true }\n',
        'p',
      ).profileFor('q', 't'),
    );
    expect(q.injection.tool).toEqual({ action: 'alert', threshold: 0.8 });
    expect(q.injection.user.action).toBe('block');
    expect(q.canary.enabled).toBe(true);
  });

  it('rejects unknown injection actions, roles and out-of-range canary settings with their location', () => {
    expect(() =>
      parseProfiles('version: 1\nprofiles:\n  a:\n    injection: { user: { action: maybe } }\n', 'p.yaml'),
    ).toThrow(/^p\.yaml:4:\d+: profiles\.a\.injection\.user\.action: /);
    expect(() =>
      parseProfiles('version: 1\nprofiles:\n  a:\n    injection: { robot: { action: block } }\n', 'p.yaml'),
    ).toThrow(/unknown key 'robot'/);
    expect(() =>
      parseProfiles(
        'version: 1\nprofiles:\n  a:\n    canary: { systemPromptLeak: { minWords: 2 } }\n',
        'p.yaml',
      ),
    ).toThrow(/profiles\.a\.canary\.systemPromptLeak\.minWords/);
  });

  it('locates errors to file:line:col and names the key', () => {
    expect(() => parseProfiles('version: 1\nprofiles:\n  a:\n    detectors: sometimes\n', 'p.yaml')).toThrow(
      /^p\.yaml:4:16: profiles\.a\.detectors: /,
    );
    expect(() =>
      parseProfiles('version: 1\nprofiles:\n  a:\n    output: { default: tokenize }\n', 'p.yaml'),
    ).toThrow(/profiles\.a\.output\.default/);
    expect(() => parseProfiles('version: 1\nprofiles:\n  a:\n    colour: red\n', 'p.yaml')).toThrow(
      /unknown key 'colour'/,
    );
    expect(() => parseProfiles('version: 1\ntenants:\n  t: { profile: nope }\n', 'p.yaml')).toThrow(
      /p\.yaml:3:17: tenants\.t\.profile: no profile named 'nope'/,
    );
    expect(() => parseProfiles('version: [', 'p.yaml')).toThrow(/p\.yaml:1:\d+: invalid YAML/);
  });

  it('gives every distinct profile its own version, stable for the same content', () => {
    const a = defined(
      parseProfiles('version: 1\nprofiles:\n  x: { threshold: 0.6 }\n', 'p').profileFor('x', 't'),
    );
    const b = defined(
      parseProfiles('version: 1\nprofiles:\n  x: { threshold: 0.6 }\n', 'p').profileFor('x', 't'),
    );
    const c = defined(
      parseProfiles('version: 1\nprofiles:\n  x: { threshold: 0.7 }\n', 'p').profileFor('x', 't'),
    );
    expect(a.version).toBe(b.version);
    expect(a.version).not.toBe(c.version);
  });
});
