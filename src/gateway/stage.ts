/**
 * What a pipeline stage is, and the context it works on. A stage is a set of optional hooks (as Fastify's
 * are): `onRequest` before the request is forwarded, `onResponseTexts` on a whole response's texts,
 * `onStream` for a streamed response's text channels, `onComplete` once the exchange is over. The stages
 * and their order are listed in one place, `pipeline.ts`.
 */
import type { Endpoint } from './providers/types.js';
import type { Principal } from './access/verify-api-key.js';
import type { GuardFinding } from './guards/decide.js';
import type { GuardrailProfile } from './profiles/profile.js';
import type { VaultScope } from '../vault/vault.js';

export interface GatewayRequest {
  readonly requestId: string;
  readonly endpoint: Endpoint;
  /** The API key as presented (Authorization: Bearer, or x-api-key). */
  readonly apiKey: string | undefined;
  /** Optional conversation id (`x-veilgate-scope`): placeholders are stable within it. */
  readonly scopeHint: string | undefined;
  readonly stream: boolean;
  readonly signal: AbortSignal;
  /** `x-veilgate-restore: none`: the caller declines restoration and sees what the model wrote. */
  readonly declineRestore: boolean;
  /** Anthropic beta features from the client's `anthropic-beta` header (messages route only). */
  readonly betas?: readonly string[];
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

/** Mutable state of one exchange, shared by the stages. Never holds raw values outside `body`. */
export interface ExchangeContext {
  readonly request: GatewayRequest;
  /** The request body as it will be forwarded; the input guard replaces it. */
  body: Readonly<Record<string, unknown>>;
  /** The model the client asked for. */
  readonly model: string;
  principal?: Principal;
  profile?: GuardrailProfile;
  /** Vault scope of this exchange (tenant + key + conversation). */
  scope?: VaultScope;
  /** Tokens charged before forwarding (estimated prompt tokens). */
  tokensCharged: number;
  readonly findings: GuardFinding[];
  /** Milliseconds spent per stage and hook. */
  readonly timings: Record<string, number>;
  /** Filled in from the upstream's usage report, else estimated. */
  usage?: Usage;
  upstream?: { provider: string; model: string; status: number };
}

/** A streamed response's text, per channel (one choice's content, one tool call's arguments, ...). */
export interface ChannelTransform {
  push(channel: string, text: string): Promise<string>;
  end(channel: string): Promise<string>;
}

export interface CompletedExchange {
  readonly status: number;
  /** Set when the exchange failed or a guard refused it. */
  readonly errorCode?: string;
}

export interface Stage {
  readonly name: string;
  /** May a profile with `failMode: open` skip this stage when it fails? Only guards may; access control never. */
  readonly failOpen: boolean;
  onRequest?(ctx: ExchangeContext): Promise<void>;
  onResponseTexts?(ctx: ExchangeContext, texts: readonly string[]): Promise<readonly string[]>;
  onStream?(ctx: ExchangeContext): ChannelTransform;
  /** After the exchange; errors here are logged, never sent to the client. */
  onComplete?(ctx: ExchangeContext, done: CompletedExchange): Promise<void> | void;
}
