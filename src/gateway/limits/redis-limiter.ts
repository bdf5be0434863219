/**
 * Rate limits shared by every gateway replica through Redis.
 *
 * One Lua script does the whole all-or-nothing GCRA decision for all keys of a request. Redis runs a script
 * atomically (no other command interleaves), so two replicas racing for the last unit of a key cannot both
 * win. The script reads the clock with TIME, so replicas whose clocks disagree still agree on the limit. Every
 * key gets a PX expiry equal to its distance from rest: once the TAT is in the past the key carries no
 * information, and Redis drops it on its own.
 *
 * Fail closed and fail fast: no offline queue, no retry of a command after a broken connection (a retried
 * consume could charge twice), a bounded wait for the connection and for each reply. Any failure is
 * VG_LIMIT_UNAVAILABLE, which the gateway turns into a refusal.
 *
 * Redis Cluster: all keys of one consume() must hash to one slot, so the caller would have to put a hash tag
 * such as "{tenant-42}" in every key of a request; a standalone Redis (or a primary with replicas) needs nothing.
 */
import { Redis } from 'ioredis';
import { VeilgateError } from '../../errors.js';
import { gcraParameters } from './gcra.js';
import {
  gcraLimitOf,
  validateChecks,
  type LimitCheck,
  type LimitOutcome,
  type RateLimiter,
} from './limiter.js';

export interface RedisLimiterOptions {
  /** redis://[user:password@]host:port[/db] or rediss:// for TLS. */
  readonly url: string;
  /** Prepended to every key; default "veilgate:limit:". */
  readonly keyPrefix?: string;
  /** How long a request may wait for a connection that is being made; default 500 ms. */
  readonly connectTimeoutMs?: number;
  /** How long a request may wait for the reply of the script; default 1000 ms. */
  readonly commandTimeoutMs?: number;
}

const ARGS_PER_CHECK = 4;

/**
 * KEYS: one per check. ARGV[1]: "consume" or "debit"; then per check: emission interval (ms per unit),
 * tolerance (burst × interval, ms), burst (units), cost (units). The numbers are computed in JavaScript and sent
 * in their shortest round-trip form, so this script does the same IEEE-754 operations as gcra.ts and agrees
 * with the in-memory limiter to the millisecond. Consume replies {allowed, index of the reported check,
 * retryAfterMs, remaining}; debit replies 1.
 */
const GCRA_SCRIPT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local pending = {}
local function tat_of(key)
  local tat = pending[key]
  if tat ~= nil then return tat end
  local stored = redis.call('GET', key)
  if stored then return tonumber(stored) end
  return 0
end
local function units_left(debt, interval, tolerance)
  local left = math.floor((tolerance - debt) / interval + 1e-6)
  if left < 0 then return 0 end
  return left
end
local reply = {1}
if ARGV[1] == 'debit' then
  for i = 1, #KEYS do
    local at = 1 + (i - 1) * ${ARGS_PER_CHECK}
    local interval, cost = tonumber(ARGV[at + 1]), tonumber(ARGV[at + 4])
    pending[KEYS[i]] = math.max(tat_of(KEYS[i]), now) + cost * interval
  end
else
  local refused, retry, refused_left = 0, 0, 0
  local tightest, tightest_left = 0, -1
  for i = 1, #KEYS do
    local at = 1 + (i - 1) * ${ARGS_PER_CHECK}
    local interval, tolerance = tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2])
    local burst, cost = tonumber(ARGV[at + 3]), tonumber(ARGV[at + 4])
    local start = math.max(tat_of(KEYS[i]), now)
    local wait
    if cost > burst then
      wait = -1
    else
      local allow_at = start + (cost * interval - tolerance)
      if allow_at > now then wait = math.ceil(allow_at - now) end
    end
    if wait ~= nil then
      if refused == 0 then
        refused, retry, refused_left = i, wait, units_left(start - now, interval, tolerance)
      elseif retry ~= -1 then
        if wait == -1 or wait > retry then retry = wait end
      end
    else
      pending[KEYS[i]] = start + cost * interval
      local left = units_left(start - now + cost * interval, interval, tolerance)
      if tightest == 0 or left < tightest_left then tightest, tightest_left = i, left end
    end
  end
  if refused ~= 0 then return {0, refused, retry, refused_left} end
  reply = {1, tightest, 0, tightest_left}
end
for key, tat in pairs(pending) do
  local ttl = math.ceil(tat - now)
  if ttl > 0 then
    redis.call('SET', key, string.format('%.17g', tat), 'PX', ttl)
  else
    redis.call('DEL', key)
  end
end
return reply
`;

export function createRedisLimiter(options: RedisLimiterOptions): RateLimiter {
  const prefix = options.keyPrefix ?? 'veilgate:limit:';
  const connectTimeoutMs = options.connectTimeoutMs ?? 500;
  const commandTimeoutMs = options.commandTimeoutMs ?? 1000;
  for (const [name, value] of [
    ['connectTimeoutMs', connectTimeoutMs],
    ['commandTimeoutMs', commandTimeoutMs],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new VeilgateError('VG_CONFIG_INVALID', `The Redis limiter ${name} must be an integer >= 1.`);
    }
  }
  const redis = new Redis(options.url, {
    connectTimeout: connectTimeoutMs,
    commandTimeout: commandTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // Keep reconnecting in the background so the limiter recovers by itself once Redis is back.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
  });
  // Without a listener ioredis prints every connection error; the failures reach callers as
  // VG_LIMIT_UNAVAILABLE instead.
  redis.on('error', () => undefined);
  let closed = false;
  // SCRIPT LOAD once, shared by concurrent first requests; forgotten when the load fails so the next one retries.
  let loadedScript: Promise<string> | undefined;
  const loadScript = (): Promise<string> =>
    (loadedScript ??= redis.script('LOAD', GCRA_SCRIPT).then(String, (err: unknown) => {
      loadedScript = undefined;
      throw err;
    }));
  // Requests arriving while a connection is being made share one wait (and one pair of listeners).
  let readiness: Promise<void> | undefined;

  async function ensureReady(): Promise<void> {
    if (closed) throw new VeilgateError('VG_LIMIT_UNAVAILABLE', 'The rate limiter is closed.');
    if (redis.status === 'ready') return;
    // Between reconnect attempts, or once ended, there is nothing worth waiting for: fail now.
    if (redis.status !== 'connecting' && redis.status !== 'connect') throw unreachable();
    readiness ??= new Promise<void>((resolve, reject) => {
      const settle = (error?: VeilgateError): void => {
        clearTimeout(timer);
        redis.off('ready', onReady);
        redis.off('close', onClose);
        readiness = undefined;
        if (error === undefined) resolve();
        else reject(error);
      };
      const onReady = (): void => settle();
      const onClose = (): void => settle(unreachable());
      const timer = setTimeout(() => settle(unreachable()), connectTimeoutMs);
      redis.once('ready', onReady);
      redis.once('close', onClose);
    });
    await readiness;
  }

  async function runScript(keys: readonly string[], args: readonly string[]): Promise<unknown> {
    await ensureReady();
    try {
      const sha = await loadScript();
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (err) {
        // Redis restarted or SCRIPT FLUSH ran since we loaded the script: load it again (same SHA1), once.
        if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
        await redis.script('LOAD', GCRA_SCRIPT);
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      }
    } catch (err) {
      const message = 'The rate-limit store (Redis) did not answer the limit script.';
      throw new VeilgateError('VG_LIMIT_UNAVAILABLE', message, { cause: err });
    }
  }

  function scriptArguments(mode: 'consume' | 'debit', checks: readonly LimitCheck[]): string[] {
    const args: string[] = [mode];
    for (const check of checks) {
      const { interval, tolerance, burst } = gcraParameters(gcraLimitOf(check.rule));
      args.push(String(interval), String(tolerance), String(burst), String(check.cost));
    }
    return args;
  }

  return {
    async consume(checks): Promise<LimitOutcome> {
      validateChecks(checks);
      if (checks.length === 0) {
        return { allowed: true, retryAfterMs: 0, remaining: Number.POSITIVE_INFINITY, key: '' };
      }
      const reply = await runScript(
        checks.map((c) => prefix + c.key),
        scriptArguments('consume', checks),
      );
      const [allowed, index, retryAfterMs, remaining] = parseConsumeReply(reply);
      const check = checks[index - 1];
      if (check === undefined) throw malformedReply();
      return { allowed: allowed === 1, retryAfterMs, remaining, key: check.key };
    },
    async debit(checks): Promise<void> {
      validateChecks(checks);
      if (checks.length === 0) return;
      await runScript(
        checks.map((c) => prefix + c.key),
        scriptArguments('debit', checks),
      );
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (redis.status === 'ready') {
        await redis.quit().catch(() => redis.disconnect());
      } else {
        redis.disconnect();
      }
    },
  };
}

function parseConsumeReply(reply: unknown): [number, number, number, number] {
  if (!Array.isArray(reply) || reply.length !== 4 || !reply.every((n) => typeof n === 'number')) {
    throw malformedReply();
  }
  return reply as [number, number, number, number];
}

function unreachable(): VeilgateError {
  return new VeilgateError('VG_LIMIT_UNAVAILABLE', 'The rate-limit store (Redis) could not be reached.');
}

function malformedReply(): VeilgateError {
  return new VeilgateError('VG_LIMIT_UNAVAILABLE', 'The rate-limit store (Redis) sent an unexpected reply.');
}
