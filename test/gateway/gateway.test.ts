/**
 * The gateway end to end: the official `openai` and `@anthropic-ai/sdk` clients against a real gateway in
 * front of the stub upstream, which records what the provider would have seen. Runs on SQLite and on the
 * machine's PostgreSQL.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type DatabaseKind, type Harness } from './gateway-harness.js';

const CARD = '4111 1111 1111 1111';
const EMAIL = 'jane.doe@example.com';
const PHONE = '+1 415 555 0132';
const SSN = '536-90-4399';

function bodyText(value: unknown): string {
  return JSON.stringify(value);
}

describe.each<DatabaseKind>(['sqlite', 'postgres'])('gateway on %s', (kind) => {
  let h: Harness;
  let key: string;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    h = await startHarness(kind);
    ({ key } = await h.createKey({}));
    openai = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: `${h.gateway.url}/anthropic`, apiKey: key, maxRetries: 0 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('tokenizes every text a model reads and restores the reply for the caller', async () => {
    h.setReply(undefined);
    const r = await openai.chat.completions.create({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: `Customer e-mail on file: ${EMAIL}` },
        { role: 'user', content: [{ type: 'text', text: `Charge card ${CARD} and mail ${EMAIL}` }] },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'lookup', arguments: `{"phone":"${PHONE}"}` },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: `Found ${PHONE}` },
        { role: 'user', content: `Please confirm ${EMAIL}` },
      ],
    });
    const seen = bodyText(h.stub.last().body);
    for (const raw of [CARD, EMAIL, PHONE]) expect(seen).not.toContain(raw);
    expect(seen).toContain('<EMAIL_ADDRESS_1>');
    expect(seen).toContain('<CREDIT_CARD_1>');
    expect(seen).toContain('<PHONE_NUMBER_1>');
    expect((h.stub.last().body as { model: string }).model).toBe('stub-model');
    expect(r.choices[0]?.message.content).toBe(`stub: Please confirm ${EMAIL}`);
  });

  it('shows what the model saw when the caller declines restoration', async () => {
    const raw = await fetch(`${h.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'x-veilgate-restore': 'none',
      },
      body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: `mail ${EMAIL}` }] }),
    });
    const json = (await raw.json()) as { choices: { message: { content: string } }[] };
    expect(json.choices[0]?.message.content).toMatch(/^stub: mail <EMAIL_ADDRESS_\d+>$/);
  });

  it('streams: restores placeholders and redacts what the model wrote, never emitting a fragment', async () => {
    h.setReply(
      () => `Sure. Your card ${CARD} stays private, and <EMAIL_ADDRESS_1> is noted. Call ${PHONE} today.`,
    );
    const stream = await openai.chat.completions.create({
      model: 'gpt-test',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: `mail ${EMAIL}` }],
    });
    const deltas: string[] = [];
    for await (const chunk of stream) deltas.push(chunk.choices[0]?.delta.content ?? '');
    const text = deltas.join('');
    expect(text).toBe(
      `Sure. Your card [CREDIT_CARD] stays private, and ${EMAIL} is noted. Call [PHONE_NUMBER] today.`,
    );
    let so = '';
    for (const d of deltas) {
      so += d;
      for (const fragment of ['4111', '415 555', '<EMAIL']) expect(so).not.toContain(fragment);
    }
    h.setReply(undefined);
  });

  it('restores tool-call arguments the model wrote with placeholders', async () => {
    const r = await openai.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: `send the receipt to ${EMAIL}` }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'send',
            parameters: { type: 'object', properties: { text: { type: 'string' } } },
          },
        },
      ],
      tool_choice: 'required',
    });
    const args = r.choices[0]?.message.tool_calls?.[0];
    expect(args?.type === 'function' ? JSON.parse(args.function.arguments) : null).toEqual({
      text: `send the receipt to ${EMAIL}`,
    });
    expect(bodyText(h.stub.last().body)).not.toContain(EMAIL);
  });

  it('streams tool calls with restored arguments, in both wire formats', async () => {
    const stream = await openai.chat.completions.create({
      model: 'gpt-test',
      stream: true,
      messages: [{ role: 'user', content: `forward to ${EMAIL}` }],
      tools: [{ type: 'function', function: { name: 'send', parameters: { type: 'object' } } }],
      tool_choice: 'required',
    });
    let args = '';
    for await (const chunk of stream)
      args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
    expect(JSON.parse(args)).toEqual({ text: `forward to ${EMAIL}` });
    expect(bodyText(h.stub.last().body)).not.toContain(EMAIL);

    const message = await anthropic.messages
      .stream({
        model: 'claude-test',
        max_tokens: 100,
        tools: [{ name: 'send', input_schema: { type: 'object' } }],
        tool_choice: { type: 'any' },
        messages: [{ role: 'user', content: `forward to ${EMAIL}` }],
      })
      .finalMessage();
    const use = message.content.find((b) => b.type === 'tool_use');
    expect(use?.type === 'tool_use' ? use.input : null).toEqual({ text: `forward to ${EMAIL}` });
  });

  it('speaks Anthropic: plain, streaming and tool use', async () => {
    const m = await anthropic.messages.create({
      model: 'claude-test',
      max_tokens: 100,
      system: `Agent for ${EMAIL}`,
      messages: [{ role: 'user', content: `My SSN is ${SSN}` }],
    });
    expect(bodyText(h.stub.last().body)).not.toContain(SSN);
    expect(bodyText(h.stub.last().body)).not.toContain(EMAIL);
    expect(m.content[0]?.type === 'text' ? m.content[0].text : '').toBe(`stub: My SSN is ${SSN}`);

    const stream = anthropic.messages.stream({
      model: 'claude-test',
      max_tokens: 100,
      messages: [{ role: 'user', content: `Card ${CARD}` }],
    });
    const final = await stream.finalMessage();
    expect(final.content[0]?.type === 'text' ? final.content[0].text : '').toBe(`stub: Card ${CARD}`);

    const tool = await anthropic.messages.create({
      model: 'claude-test',
      max_tokens: 100,
      tools: [{ name: 'send', input_schema: { type: 'object', properties: { text: { type: 'string' } } } }],
      tool_choice: { type: 'any' },
      messages: [{ role: 'user', content: `mail ${EMAIL}` }],
    });
    const use = tool.content.find((b) => b.type === 'tool_use');
    expect(use?.type === 'tool_use' ? use.input : null).toEqual({ text: `mail ${EMAIL}` });
    expect(bodyText(h.stub.last().body)).not.toContain(EMAIL);
  });

  it('passes the Anthropic beta header on, and refuses a malformed one', async () => {
    await anthropic.messages.create(
      { model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] },
      { headers: { 'anthropic-beta': 'prompt-caching-2024-07-31, token-efficient-tools-2025-02-19' } },
    );
    expect(h.stub.last().headers['anthropic-beta']).toBe(
      'prompt-caching-2024-07-31,token-efficient-tools-2025-02-19',
    );
    const bad = await fetch(`${h.gateway.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json', 'anthropic-beta': 'Not A Beta!' },
      body: JSON.stringify({
        model: 'claude-test',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(bad.status).toBe(400);
  });

  it('blocks a request the profile blocks, naming the type and not the value, and forwards nothing', async () => {
    const { key: strictKey } = await h.createKey({ profile: 'strict' });
    const strict = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: strictKey, maxRetries: 0 });
    const before = h.stub.requests.length;
    const err = await strict.chat.completions
      .create({ model: 'gpt-test', messages: [{ role: 'user', content: `card ${CARD}` }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.message).toMatch(/blocked by guardrail profile 'strict': it contains CREDIT_CARD/);
    expect(e.message).not.toContain('4111');
    expect(h.stub.requests.length).toBe(before);
  });

  it('blocks a response mid-stream with an error event, and a whole response with 403', async () => {
    const { key: strictKey } = await h.createKey({ profile: 'strict' });
    const strict = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: strictKey, maxRetries: 0 });
    h.setReply(() => `The number you want is ${SSN} as requested.`);
    const stream = await strict.chat.completions.create({
      model: 'gpt-test',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    let seen = '';
    const err = await (async () => {
      for await (const c of stream) seen += c.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(String(err)).toMatch(/response was blocked .*US_SSN/);
    expect(seen).not.toContain('536');
    const whole = await strict.chat.completions
      .create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(whole).toBeInstanceOf(OpenAI.PermissionDeniedError);
    h.setReply(undefined);
  });

  it('refuses bad, revoked and expired keys alike, and models outside the allowlist', async () => {
    const revoked = await h.createKey({});
    await h.gateway.runtime.database.apiKeys.revoke(revoked.id, Date.now());
    h.gateway.deps.verifier.invalidate(revoked.id);
    const expired = await h.createKey({ expiresAt: Date.now() - 1000 });
    const messages = [];
    for (const k of ['vg_notakey', revoked.key, expired.key, `${key.slice(0, -2)}xx`]) {
      const c = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: k, maxRetries: 0 });
      const err = await c.chat.completions
        .create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
      messages.push((err as Error).message);
    }
    expect(new Set(messages).size).toBe(1);
    const { key: narrow } = await h.createKey({ models: ['gpt-other'] });
    const c = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: narrow, maxRetries: 0 });
    const err = await c.chat.completions
      .create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const models = await c.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['gpt-other']);
  });

  it('rate-limits per key with Retry-After', async () => {
    const { key: limitedKey } = await h.createKey({ profile: 'limited' });
    const c = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: limitedKey, maxRetries: 0 });
    const send = () =>
      c.chat.completions
        .create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] })
        .catch((e: unknown) => e);
    expect(await send()).not.toBeInstanceOf(Error);
    expect(await send()).not.toBeInstanceOf(Error);
    const err = await send();
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(
      Number((err as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')),
    ).toBeGreaterThan(0);
  });

  it('shares a tenant limit across the keys of the tenant', async () => {
    const keys = await Promise.all([h.createKey({ tenant: 'capped' }), h.createKey({ tenant: 'capped' })]);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const c = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: keys[i % 2]?.key ?? '', maxRetries: 0 });
      const r = await c.chat.completions
        .create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] })
        .then(
          () => 200,
          (e: unknown) => (e as { status: number }).status,
        );
      statuses.push(r);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const metrics = await (await fetch(`${h.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/veilgate_rate_limited_total\{scope="tenant",kind="requests"\} 2/);
  });

  it('refuses invalid JSON, unknown fields and oversized bodies with clear 4xx errors', async () => {
    const post = (body: string) =>
      fetch(`${h.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
      });
    const bad = await post('{"model": "gpt-test", "messages": [');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe(
      'the request body is not valid JSON',
    );
    const unknown = await post(
      JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }], secret_field: 1 }),
    );
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/secret_field/);
    const big = await post(
      JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'x'.repeat(70_000) }] }),
    );
    expect(big.status).toBe(413);
    const anthropicBad = await fetch(`${h.gateway.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(anthropicBad.status).toBe(400);
    expect(((await anthropicBad.json()) as { type: string }).type).toBe('error');
  });

  it('maps upstream failures: errors passed on, 5xx as 502, timeouts as 504', async () => {
    const send = (model: string) =>
      openai.chat.completions
        .create({ model, messages: [{ role: 'user', content: 'x' }] })
        .catch((e: unknown) => e);
    h.stub.script({
      status: 400,
      body: { error: { message: 'context too long', type: 'invalid_request_error' } },
    });
    const passed = await send('gpt-test');
    expect(passed).toBeInstanceOf(OpenAI.BadRequestError);
    expect((passed as Error).message).toMatch(/context too long/);
    h.stub.script({ status: 500 });
    const failed = await send('gpt-test');
    expect((failed as { status: number }).status).toBe(502);
    h.stub.script({ delayMs: 1500 });
    const slow = await send('gpt-slow');
    expect((slow as { status: number }).status).toBe(504);
    const unknown = await send('no-such-model');
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('guards completions and embeddings too', async () => {
    const comp = await openai.completions.create({ model: 'gpt-test', prompt: `Dear ${EMAIL},` });
    expect(bodyText(h.stub.last().body)).not.toContain(EMAIL);
    expect(comp.choices[0]?.text).toBeDefined();
    const emb = await openai.embeddings.create({ model: 'gpt-test', input: [`mail ${EMAIL}`, 'plain'] });
    expect(emb.data).toHaveLength(2);
    expect(bodyText(h.stub.last().body)).not.toContain(EMAIL);
  });

  it('ends the exchange when a streaming client goes away mid-stream', async () => {
    h.setReply(() => 'word '.repeat(200));
    const before = (h.log().match(/"stream":true/g) ?? []).length;
    h.stub.script({ eventDelayMs: 20 });
    const abort = new AbortController();
    const res = await fetch(`${h.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'x-request-id': 'abandoned-stream-1',
      },
      body: JSON.stringify({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      signal: abort.signal,
    });
    const reader = res.body?.getReader();
    await reader?.read();
    abort.abort();
    const deadline = Date.now() + 5000;
    while (!h.log().includes('abandoned-stream-1') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(h.log()).toContain('"requestId":"abandoned-stream-1"');
    expect((h.log().match(/"stream":true/g) ?? []).length).toBeGreaterThan(before);
    h.setReply(undefined);
  });

  it('counts findings in /metrics and keeps values and keys out of logs', async () => {
    const metrics = await (await fetch(`${h.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(
      /veilgate_findings_total\{direction="input",entity="EMAIL_ADDRESS",action="tokenize"\} \d+/,
    );
    expect(metrics).toMatch(/veilgate_stage_duration_seconds_bucket\{le="0.001",stage="input-guard"\}/);
    expect(metrics).toMatch(/veilgate_blocks_total\{direction="input"\} 1/);
    const log = h.log();
    expect(log).toContain('"msg":"exchange"');
    for (const raw of [CARD, EMAIL, PHONE, SSN, '4111', 'jane.doe', key]) expect(log).not.toContain(raw);
    expect((await fetch(`${h.gateway.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.gateway.url}/readyz`)).status).toBe(200);
  });
});
