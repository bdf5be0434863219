/**
 * An upstream that speaks the OpenAI HTTP API: OpenAI itself, Azure OpenAI, vLLM, Ollama, LM Studio and the
 * many servers that copy it. Paths are relative to `baseUrl` (https://platform.openai.com/docs/api-reference):
 *
 *   chat        → POST {baseUrl}/chat/completions
 *   completions → POST {baseUrl}/completions
 *   embeddings  → POST {baseUrl}/embeddings
 *   models      → GET  {baseUrl}/models          (listUpstreamModels)
 *
 * Authentication is `Authorization: Bearer <key>`; Azure OpenAI instead takes an `api-key` header and an
 * `api-version` query parameter (https://learn.microsoft.com/azure/ai-services/openai/reference). A `{model}`
 * in the base URL's path is replaced by the upstream model, for Azure's per-deployment URLs
 * (`https://RESOURCE.openai.azure.com/openai/deployments/{model}`).
 */
import { Pool } from 'undici';
import { VeilgateError } from '../../errors.js';
import {
  callUpstream,
  configuredHeaders,
  DEFAULT_UPSTREAM_LIMITS,
  upstreamBody,
  type UpstreamLimits,
} from './resilience.js';
import type { Endpoint, Provider, UpstreamRequest, UpstreamResponse, WireFormat } from './types.js';

export interface OpenAICompatibleOptions {
  readonly name: string;
  /** e.g. `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1`. */
  readonly baseUrl: string;
  /** The key itself (read from the configured environment variable by the caller); none for local servers. */
  readonly apiKey?: string | undefined;
  /** Static extra headers, e.g. `OpenAI-Organization`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly azure?: { readonly apiVersion: string } | undefined;
  /** Most simultaneous connections to the upstream; idle ones are kept alive and reused. */
  readonly maxConnections?: number | undefined;
  readonly limits?: UpstreamLimits | undefined;
  readonly now?: (() => number) | undefined;
}

const PATHS: Readonly<Partial<Record<Endpoint, string>>> = {
  chat: '/chat/completions',
  completions: '/completions',
  embeddings: '/embeddings',
};

export class OpenAICompatibleProvider implements Provider {
  readonly name: string;
  readonly formats: readonly WireFormat[] = ['openai'];
  readonly #options: OpenAICompatibleOptions;
  readonly #pool: Pool;
  readonly #now: () => number;

  constructor(options: OpenAICompatibleOptions) {
    this.name = options.name;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#pool = new Pool(new URL(options.baseUrl).origin, { connections: options.maxConnections ?? 64 });
  }

  async send(
    request: UpstreamRequest & { readonly upstreamModel: string; readonly timeoutMs: number },
  ): Promise<UpstreamResponse> {
    const path = PATHS[request.endpoint];
    if (path === undefined) {
      throw new VeilgateError(
        'VG_GATEWAY_BAD_REQUEST',
        `provider ${this.name} speaks the OpenAI API; call /v1/chat/completions instead of the messages route`,
      );
    }
    return callUpstream({
      dispatcher: this.#pool,
      url: this.#url(path, request.upstreamModel),
      method: 'POST',
      headers: { ...this.#headers(), 'content-type': 'application/json', 'x-request-id': request.requestId },
      body: upstreamBody(request),
      stream: request.stream,
      signal: request.signal,
      timeoutMs: request.timeoutMs,
      limits: this.#options.limits ?? DEFAULT_UPSTREAM_LIMITS,
      provider: this.name,
      model: request.upstreamModel,
      now: this.#now,
    });
  }

  /** `GET {baseUrl}/models`, as the upstream answers it (OpenAI: `{object: 'list', data: [{id, ...}]}`). */
  async listUpstreamModels(signal: AbortSignal, timeoutMs = 10_000): Promise<UpstreamResponse> {
    return callUpstream({
      dispatcher: this.#pool,
      url: this.#url('/models', ''),
      method: 'GET',
      headers: this.#headers(),
      stream: false,
      signal,
      timeoutMs,
      limits: this.#options.limits ?? DEFAULT_UPSTREAM_LIMITS,
      provider: this.name,
      model: '',
      now: this.#now,
    });
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  #url(path: string, upstreamModel: string): URL {
    const base = this.#options.baseUrl
      .replace(/\/+$/, '')
      .replaceAll('{model}', encodeURIComponent(upstreamModel));
    const url = new URL(base + path);
    if (this.#options.azure !== undefined)
      url.searchParams.set('api-version', this.#options.azure.apiVersion);
    return url;
  }

  #headers(): Record<string, string> {
    const headers = configuredHeaders(this.#options.headers);
    const key = this.#options.apiKey;
    if (key !== undefined && key !== '') {
      if (this.#options.azure !== undefined) headers['api-key'] = key;
      else headers.authorization = `Bearer ${key}`;
    }
    return headers;
  }
}
