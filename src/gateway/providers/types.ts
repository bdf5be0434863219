/**
 * The contract between the gateway pipeline and the upstream model providers: what a guarded request looks
 * like on its way out, what comes back, and the router that picks a provider for a model name.
 */

export type WireFormat = 'openai' | 'anthropic';

/** chat, completions, embeddings are OpenAI-format endpoints; messages is Anthropic's. */
export type Endpoint = 'chat' | 'completions' | 'embeddings' | 'messages';

export const ENDPOINT_FORMAT: Readonly<Record<Endpoint, WireFormat>> = Object.freeze({
  chat: 'openai',
  completions: 'openai',
  embeddings: 'openai',
  messages: 'anthropic',
});

/** One Server-Sent Event as dispatched by the WHATWG EventSource rules (`id` and `retry` are not kept). */
export interface SseEvent {
  readonly event?: string;
  readonly data: string;
}

export interface UpstreamRequest {
  readonly endpoint: Endpoint;
  /** The request body as the client's wire format has it, already validated and guarded. `model` is the CLIENT's
   *  model name; the router replaces it with the route's upstream model before sending. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly stream: boolean;
  /** Client disconnected or gateway timeout → abort upstream. */
  readonly signal: AbortSignal;
  /** Sent upstream as `x-request-id`. */
  readonly requestId: string;
  /** Anthropic beta features the client asked for (its `anthropic-beta` header), passed on as they are. */
  readonly betas?: readonly string[];
}

export type UpstreamResponse =
  | {
      readonly kind: 'json';
      readonly status: number;
      readonly body: unknown;
      readonly provider: string;
      readonly model: string;
    }
  | {
      readonly kind: 'stream';
      readonly status: number;
      readonly events: AsyncIterable<SseEvent>;
      readonly provider: string;
      readonly model: string;
    };

export interface Provider {
  readonly name: string;
  /** Formats it can answer; the demo answers both. */
  readonly formats: readonly WireFormat[];
  send(
    request: UpstreamRequest & { readonly upstreamModel: string; readonly timeoutMs: number },
  ): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

export interface ModelInfo {
  readonly id: string;
  readonly provider: string;
  readonly formats: readonly WireFormat[];
}

export interface Router {
  /** Throws VeilgateError VG_GATEWAY_UNKNOWN_MODEL when no route matches. */
  resolve(model: string): ModelInfo;
  models(): readonly ModelInfo[];
  /** Sends with retries, fallbacks and the breaker. Upstream 4xx other than 429 are returned as `json` responses with
   *  their status (not thrown). Throws VeilgateError VG_UPSTREAM_ERROR / _TIMEOUT / _UNAVAILABLE / _TOO_LARGE.
   *  A request whose endpoint format the provider does not speak throws VG_GATEWAY_BAD_REQUEST with a one-line
   *  message saying which route to call instead (no cross-format translation in this version). */
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

/** Observability hooks the lead wires to metrics and logs. */
export interface RouterEvents {
  /** Called on every upstream attempt; `retry` says whether the router tries the same route again. */
  onAttempt?(e: {
    provider: string;
    model: string;
    status: number | 'network' | 'timeout';
    ms: number;
    retry: boolean;
  }): void;
  onBreaker?(e: { provider: string; state: 'open' | 'half-open' | 'closed' }): void;
}
