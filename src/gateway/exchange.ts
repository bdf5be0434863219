/**
 * One exchange through the pipeline: request hooks, forward, response hooks, completion hooks. Failures
 * are handled here, once, for every stage: a refusal goes to the client as it is; any other error in a
 * stage fails closed (503) unless the profile says `failMode: open` and the stage is a guard, in which
 * case the stage is skipped. Both are counted in metrics and logged with the request id, never with text.
 */
import { performance } from 'node:perf_hooks';
import { VeilgateError } from '../errors.js';
import type { GatewayDeps } from './deps.js';
import { estimateTokens } from './limits/tokens.js';
import type { Endpoint, SseEvent } from './providers/types.js';
import { Refusal, isClientFacing } from './refusal.js';
import type { ChannelTransform, ExchangeContext, GatewayRequest, Stage } from './stage.js';
import { requestTexts } from './wire/request-texts.js';
import type { RequestBody } from './wire/validate.js';
import { responseTexts, rewriteResponseTexts } from './wire/response-texts.js';
import { endedChannels, eventDeltas, makeDeltaEvent, rewriteEventDeltas } from './wire/stream-deltas.js';

export type ExchangeResult =
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'stream'; readonly events: AsyncIterable<SseEvent> };

type StreamFormat = 'openai-chat' | 'openai-completions' | 'anthropic';

function streamFormat(endpoint: Endpoint): StreamFormat {
  if (endpoint === 'messages') return 'anthropic';
  return endpoint === 'completions' ? 'openai-completions' : 'openai-chat';
}

export interface Exchange {
  readonly ctx: ExchangeContext;
  run(): Promise<ExchangeResult>;
  /** Runs the completion hooks once (the server calls it when the response has been sent or failed). */
  complete(status: number, errorCode?: string): Promise<void>;
}

export function createExchange(
  deps: GatewayDeps,
  stages: readonly Stage[],
  request: GatewayRequest,
  body: Readonly<Record<string, unknown>>,
): Exchange {
  const model = typeof body['model'] === 'string' ? body['model'] : '';
  const ctx: ExchangeContext = {
    request,
    body,
    model,
    tokensCharged: 0,
    findings: [],
    timings: {},
  };

  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      const ms = performance.now() - t0;
      ctx.timings[name] = (ctx.timings[name] ?? 0) + ms;
      deps.metrics.stageDuration.observe({ stage: name }, ms / 1000);
    }
  };

  /** A stage failed: refuse (closed) or skip it (open, guards only). Returns true when skipped. */
  const onStageError = (stage: Stage, err: unknown): true => {
    if (isClientFacing(err)) throw err;
    const open = stage.failOpen && ctx.profile?.failMode === 'open';
    deps.metrics.guardFailures.inc({ stage: stage.name, mode: open ? 'open' : 'closed' });
    deps.log.error(
      {
        requestId: request.requestId,
        stage: stage.name,
        error: err instanceof VeilgateError ? err.code : 'internal',
        mode: open ? 'open' : 'closed',
      },
      open ? 'stage failed; skipped (profile fails open)' : 'stage failed; request refused (fail closed)',
    );
    if (open) return true;
    throw new Refusal(
      'VG_GATEWAY_GUARD_FAILED',
      `the ${stage.name} stage failed and the request was refused (request id ${request.requestId})`,
      503,
    );
  };

  async function guardStream(
    upstream: AsyncIterable<SseEvent>,
    transforms: readonly { stage: Stage; transform: ChannelTransform }[],
  ): Promise<AsyncIterable<SseEvent>> {
    const format = streamFormat(request.endpoint);
    const open = new Set<string>();
    const serialize = (event: Pick<SseEvent, 'event'>, value: unknown): SseEvent => {
      // Anthropic names every event after its type; synthetic events (held-back text) need the name too.
      const name = event.event ?? (format === 'anthropic' ? (value as { type?: string }).type : undefined);
      return { ...(name !== undefined ? { event: name } : {}), data: JSON.stringify(value) };
    };
    // Each transform's output feeds the next one; a failing guard that may fail open is bypassed.
    const through = async (channel: string, text: string, ending: boolean): Promise<string> => {
      let carry = text;
      for (const { stage, transform } of transforms) {
        try {
          carry = await timed(stage.name, async () =>
            ending
              ? (await transform.push(channel, carry)) + (await transform.end(channel))
              : transform.push(channel, carry),
          );
        } catch (err) {
          onStageError(stage, err);
        }
      }
      return carry;
    };
    async function* events(): AsyncGenerator<SseEvent> {
      let template: unknown;
      for await (const event of upstream) {
        if (event.data === '[DONE]' || event.data === '') {
          for (const ch of [...open]) {
            const rest = await through(ch, '', true);
            open.delete(ch);
            if (rest !== '' && template !== undefined) {
              yield serialize({}, makeDeltaEvent(format, template, ch, rest));
            }
          }
          yield event;
          continue;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(event.data);
        } catch {
          throw new VeilgateError(
            'VG_UPSTREAM_ERROR',
            'the upstream stream carried an event that is not JSON',
          );
        }
        noteUsage(parsed);
        const deltas = eventDeltas(format, parsed);
        if (deltas.length > 0) template = parsed;
        for (const d of deltas) open.add(d.channel);
        const ended = new Set(endedChannels(format, parsed, open));
        const texts: string[] = [];
        for (const d of deltas) {
          texts.push(await through(d.channel, d.text, ended.has(d.channel)));
          if (ended.has(d.channel)) open.delete(d.channel);
        }
        // Channels this event ends without carrying their text: their held-back rest goes out first.
        for (const ch of ended) {
          if (!open.has(ch)) continue;
          open.delete(ch);
          const rest = await through(ch, '', true);
          if (rest !== '') yield serialize({}, makeDeltaEvent(format, template ?? parsed, ch, rest));
        }
        // Unchanged events go out as the upstream sent them (no copy, no re-serialisation).
        if (texts.every((t, i) => t === deltas[i]?.text)) yield event;
        else yield serialize(event, rewriteEventDeltas(format, parsed, texts));
      }
      for (const ch of [...open]) {
        const rest = await through(ch, '', true);
        open.delete(ch);
        if (rest !== '' && template !== undefined)
          yield serialize({}, makeDeltaEvent(format, template, ch, rest));
      }
    }
    return events();
  }

  function noteUsage(value: unknown): void {
    if (value === null || typeof value !== 'object') return;
    const v = value as Record<string, unknown>;
    const usage = (v['usage'] ?? (v['message'] as Record<string, unknown> | undefined)?.['usage']) as
      Record<string, unknown> | undefined;
    if (usage === undefined || usage === null || typeof usage !== 'object') return;
    const num = (k: string): number | undefined =>
      typeof usage[k] === 'number' ? (usage[k] as number) : undefined;
    const prompt = num('prompt_tokens') ?? num('input_tokens');
    const completion = num('completion_tokens') ?? num('output_tokens');
    ctx.usage ??= { promptTokens: 0, completionTokens: 0 };
    if (prompt !== undefined) ctx.usage.promptTokens = prompt;
    if (completion !== undefined) ctx.usage.completionTokens = completion;
  }

  let completed = false;

  return {
    ctx,
    async run() {
      ctx.tokensCharged = requestTexts(request.endpoint, body as RequestBody<Endpoint>).reduce(
        (n, s) => n + estimateTokens(s.text),
        0,
      );
      for (const stage of stages) {
        if (stage.onRequest === undefined) continue;
        try {
          await timed(stage.name, () => (stage.onRequest as NonNullable<Stage['onRequest']>)(ctx));
        } catch (err) {
          onStageError(stage, err);
        }
      }
      const response = await timed('forward', () =>
        deps.router.send({
          endpoint: request.endpoint,
          body: ctx.body,
          stream: request.stream,
          signal: request.signal,
          requestId: request.requestId,
          ...(request.betas !== undefined ? { betas: request.betas } : {}),
        }),
      );
      ctx.upstream = { provider: response.provider, model: response.model, status: response.status };
      if (response.kind === 'json') {
        if (response.status >= 400) return { kind: 'json', status: response.status, body: response.body };
        noteUsage(response.body);
        const slots = responseTexts(request.endpoint, response.body as Record<string, unknown>);
        let texts = slots.map((s) => s.text);
        for (const stage of stages) {
          if (stage.onResponseTexts === undefined) continue;
          try {
            const hook = stage.onResponseTexts.bind(stage);
            texts = [...(await timed(stage.name, () => hook(ctx, texts)))];
          } catch (err) {
            onStageError(stage, err);
          }
        }
        if (ctx.usage === undefined) {
          ctx.usage = {
            promptTokens: ctx.tokensCharged,
            completionTokens: texts.reduce((n, t) => n + estimateTokens(t), 0),
          };
        }
        const out =
          slots.length > 0
            ? rewriteResponseTexts(request.endpoint, response.body as Record<string, unknown>, texts)
            : response.body;
        return { kind: 'json', status: response.status, body: out };
      }
      const transforms: { stage: Stage; transform: ChannelTransform }[] = [];
      for (const stage of stages) {
        if (stage.onStream === undefined) continue;
        try {
          transforms.push({ stage, transform: stage.onStream(ctx) });
        } catch (err) {
          onStageError(stage, err);
        }
      }
      return { kind: 'stream', events: await guardStream(response.events, transforms) };
    },
    async complete(status, errorCode) {
      if (completed) return;
      completed = true;
      for (const stage of stages) {
        if (stage.onComplete === undefined) continue;
        try {
          await stage.onComplete(ctx, { status, ...(errorCode !== undefined ? { errorCode } : {}) });
        } catch (err) {
          deps.log.error(
            {
              requestId: request.requestId,
              stage: stage.name,
              error: err instanceof VeilgateError ? err.code : 'internal',
            },
            'completion hook failed',
          );
        }
      }
    },
  };
}
