/**
 * An upstream that speaks the Anthropic Messages API (https://docs.anthropic.com/en/api/messages):
 * `POST {baseUrl}/v1/messages` with the key in `x-api-key` and the API version in `anthropic-version`.
 * Streams are the Messages API's named SSE events (message_start … message_stop), passed on as they come.
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
import type { Provider, UpstreamRequest, UpstreamResponse, WireFormat } from './types.js';

export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

export interface AnthropicOptions {
  readonly name: string;
  /** Default `https://api.anthropic.com`. */
  readonly baseUrl?: string | undefined;
  /** The key itself (read from the configured environment variable by the caller). */
  readonly apiKey?: string | undefined;
  /** Default `2023-06-01`. */
  readonly version?: string | undefined;
  /** Static extra headers, e.g. `anthropic-beta`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly maxConnections?: number | undefined;
  readonly limits?: UpstreamLimits | undefined;
  readonly now?: (() => number) | undefined;
}

export class AnthropicProvider implements Provider {
  readonly name: string;
  readonly formats: readonly WireFormat[] = ['anthropic'];
  readonly #options: AnthropicOptions;
  readonly #baseUrl: string;
  readonly #pool: Pool;

  constructor(options: AnthropicOptions) {
    this.name = options.name;
    this.#options = options;
    this.#baseUrl = (options.baseUrl ?? DEFAULT_ANTHROPIC_BASE_URL).replace(/\/+$/, '');
    this.#pool = new Pool(new URL(this.#baseUrl).origin, { connections: options.maxConnections ?? 64 });
  }

  async send(
    request: UpstreamRequest & { readonly upstreamModel: string; readonly timeoutMs: number },
  ): Promise<UpstreamResponse> {
    if (request.endpoint !== 'messages') {
      throw new VeilgateError(
        'VG_GATEWAY_BAD_REQUEST',
        `provider ${this.name} speaks the Anthropic API; call /anthropic/v1/messages instead`,
      );
    }
    const headers = configuredHeaders(this.#options.headers);
    if (this.#options.apiKey !== undefined && this.#options.apiKey !== '') {
      headers['x-api-key'] = this.#options.apiKey;
    }
    headers['anthropic-version'] = this.#options.version ?? DEFAULT_ANTHROPIC_VERSION;
    if (request.betas !== undefined && request.betas.length > 0) {
      const configured = headers['anthropic-beta']?.split(',').map((b) => b.trim()) ?? [];
      headers['anthropic-beta'] = [...new Set([...configured, ...request.betas])]
        .filter((b) => b !== '')
        .join(',');
    }
    headers['content-type'] = 'application/json';
    headers['x-request-id'] = request.requestId;
    return callUpstream({
      dispatcher: this.#pool,
      url: new URL(`${this.#baseUrl}/v1/messages`),
      method: 'POST',
      headers,
      body: upstreamBody(request),
      stream: request.stream,
      signal: request.signal,
      timeoutMs: request.timeoutMs,
      limits: this.#options.limits ?? DEFAULT_UPSTREAM_LIMITS,
      provider: this.name,
      model: request.upstreamModel,
      now: this.#options.now ?? Date.now,
    });
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}
