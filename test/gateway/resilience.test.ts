/**
 * What happens when things go wrong: a failing vault or store refuses the request (fail closed) unless
 * the profile fails open; profile files are hot-reloaded and an invalid one keeps the last good profiles.
 */
import { writeFileSync } from 'node:fs';
import OpenAI from 'openai';
import { afterEach, expect, it } from 'vitest';
import { PROFILES, startHarness, type Harness } from './gateway-harness.js';

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close().catch(() => undefined);
  h = undefined;
});

const EMAIL = 'jane.doe@example.com';

it('fails closed when the vault store fails, and open only where the profile says so', async () => {
  h = await startHarness('sqlite');
  const closed = await h.createKey({});
  const open = await h.createKey({ profile: 'open' });
  const client = (key: string) =>
    new OpenAI({ baseURL: `${defined(h).gateway.url}/v1`, apiKey: key, maxRetries: 0 });
  // Warm the key cache, so identify still works when the database is gone.
  await client(closed.key).chat.completions.create({
    model: 'gpt-test',
    messages: [{ role: 'user', content: 'hi' }],
  });
  await client(open.key).chat.completions.create({
    model: 'gpt-test',
    messages: [{ role: 'user', content: 'hi' }],
  });
  expect((await fetch(`${h.gateway.url}/readyz`)).status).toBe(200);
  await h.gateway.runtime.database.close();
  expect((await fetch(`${h.gateway.url}/readyz`)).status).toBe(503);

  const before = h.stub.requests.length;
  const err = await client(closed.key)
    .chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: `mail ${EMAIL}` }] })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OpenAI.InternalServerError);
  expect((err as { status: number }).status).toBe(503);
  expect((err as Error).message).toMatch(/input-guard stage failed and the request was refused/);
  expect(h.stub.requests.length).toBe(before);

  // failMode: open skips the failed guard (the operator chose availability over protection for this
  // profile): the value goes upstream as it is; the output guard still redacts it on the way back.
  const r = await client(open.key).chat.completions.create({
    model: 'gpt-test',
    messages: [{ role: 'user', content: `mail ${EMAIL}` }],
  });
  expect(JSON.stringify(h.stub.last().body)).toContain(EMAIL);
  expect(r.choices[0]?.message.content).toBe('stub: mail [EMAIL_ADDRESS]');
  const metrics = await (await fetch(`${h.gateway.url}/metrics`)).text();
  expect(metrics).toMatch(/veilgate_guard_failures_total\{stage="input-guard",mode="closed"\} 1/);
  expect(metrics).toMatch(/veilgate_guard_failures_total\{stage="input-guard",mode="open"\} 1/);
  expect(h.log()).toContain('request refused (fail closed)');
});

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached in time');
}

it('hot-reloads profiles, and keeps the last good ones when the file becomes invalid', async () => {
  h = await startHarness('sqlite');
  const { key } = await h.createKey({ profile: 'norestore' });
  const client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: key, maxRetries: 0 });
  const ask = () =>
    client.chat.completions
      .create({ model: 'gpt-test', messages: [{ role: 'user', content: `mail ${EMAIL}` }] })
      .then(
        (r) => r.choices[0]?.message.content ?? '',
        (e: unknown) => (e as Error).message,
      );
  expect(await ask()).toMatch(/^stub: mail <EMAIL_ADDRESS_\d+>$/);

  writeFileSync(
    h.profilesFile,
    PROFILES.replace(
      '  norestore:\n    restore: none\n',
      '  norestore:\n    input: { entities: { EMAIL_ADDRESS: block } }\n',
    ),
  );
  await until(async () => /blocked by guardrail profile 'norestore'/.test(await ask()));

  writeFileSync(
    h.profilesFile,
    PROFILES.replace('  open:\n', '  broken: { detectors: sometimes }\n  open:\n'),
  );
  await until(async () =>
    /veilgate_profile_reloads_total\{result="invalid"\} [1-9]/.test(
      await (await fetch(`${defined(h).gateway.url}/metrics`)).text(),
    ),
  );
  expect(await ask()).toMatch(/blocked by guardrail profile 'norestore'/);
  expect(h.log()).toMatch(/guardrail profiles file refused; keeping the last good profiles/);
  expect(h.log()).toMatch(/profiles\.yaml:\d+:\d+: profiles\.broken\.detectors/);
});
