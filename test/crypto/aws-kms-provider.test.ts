import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createAwsKmsProvider, type AwsKmsProviderOptions } from '../../src/crypto/aws-kms-provider.js';
import { isVeilgateError } from '../../src/errors.js';
import { runProviderConformance } from './provider-conformance.js';
import { startAwsKmsServer, type AwsKmsServer, type AwsKmsServerOptions } from './servers/aws-kms-server.js';
import { closedLoopbackPort } from '../loopback.js';

const providerFor = (server: AwsKmsServer, overrides: Partial<AwsKmsProviderOptions> = {}) =>
  createAwsKmsProvider({
    keyId: server.keyId,
    region: server.region,
    endpoint: server.url,
    credentials: server.credentials,
    ...overrides,
  });

runProviderConformance('aws-kms', async () => {
  const server = await startAwsKmsServer();
  return {
    provider: providerFor(server),
    secrets: [server.credentials.secretAccessKey],
    close: () => server.close(),
  };
});

runProviderConformance(
  'aws-kms (alias, other region, paginated rotations)',
  async () => {
    const server = await startAwsKmsServer({ region: 'eu-west-3', listPageSize: 1 });
    // Two rotations before the suite starts, so listing them takes several pages.
    const admin = providerFor(server);
    await admin.rotate();
    await admin.rotate();
    return {
      provider: providerFor(server, { keyId: server.aliasName }),
      secrets: [server.credentials.secretAccessKey],
      close: () => server.close(),
    };
  },
  { numRuns: 15 },
);

const servers: AwsKmsServer[] = [];
async function start(options: AwsKmsServerOptions = {}): Promise<AwsKmsServer> {
  const server = await startAwsKmsServer(options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return isVeilgateError(err) ? `${err.code}: ${err.message}` : `not a VeilgateError: ${String(err)}`;
  }
  return 'no error';
}

describe('aws kms provider: wire protocol', () => {
  it('sends SigV4-signed JSON 1.1 requests with the right X-Amz-Target', async () => {
    const server = await start({ region: 'ap-southeast-2' });
    const provider = providerFor(server);
    const key = randomBytes(32);
    const context = { tenant: 't1', purpose: 'kms' };
    const wrapped = await provider.wrap(key, context);
    expect(wrapped).toMatch(/^aws-kms:[A-Za-z0-9_-]+$/);
    expect(provider.versionOf(wrapped)).toBeUndefined();
    expect(Buffer.from(await provider.unwrap(wrapped, context)).equals(key)).toBe(true);
    const rewrapped = await (provider.rewrap as NonNullable<typeof provider.rewrap>)(wrapped, context);
    expect(await provider.rotate()).toBe('2');
    expect((await provider.versions()).map((v) => v.version)).toEqual(['1', '2']);
    expect(Buffer.from(await provider.unwrap(rewrapped, context)).equals(key)).toBe(true);

    expect(server.requests.map((r) => r.target)).toEqual([
      'TrentService.Encrypt',
      'TrentService.Decrypt',
      'TrentService.ReEncrypt',
      'TrentService.DescribeKey',
      'TrentService.ListKeyRotations',
      'TrentService.RotateKeyOnDemand',
      'TrentService.DescribeKey',
      'TrentService.ListKeyRotations',
      'TrentService.Decrypt',
    ]);
    for (const r of server.requests) {
      expect(r.status).toBe(200);
      expect(r.contentType).toBe('application/x-amz-json-1.1');
      expect(r.authorization).toMatch(
        new RegExp(
          `^AWS4-HMAC-SHA256 Credential=${server.credentials.accessKeyId}/\\d{8}/ap-southeast-2/kms/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$`,
        ),
      );
      expect(r.authorization).toMatch(/SignedHeaders=[^,]*\bx-amz-target\b/);
      expect(r.amzDate).toMatch(/^\d{8}T\d{6}Z$/);
      expect(r.signatureValid).toBe(true);
      expect(r.scope).toEqual({ region: 'ap-southeast-2', service: 'kms' });
    }
  });

  it('numbers versions in rotation order and refuses more rotations than KMS allows', async () => {
    const server = await start({ onDemandRotationLimit: 2 });
    const provider = providerFor(server);
    expect(await provider.rotate()).toBe('2');
    expect(await provider.rotate()).toBe('3');
    const versions = await provider.versions();
    expect(versions.map((v) => [v.version, v.current])).toEqual([
      ['1', false],
      ['2', false],
      ['3', true],
    ]);
    const dates = versions.map((v) => Date.parse(v.createdAt ?? ''));
    expect([...dates].sort((a, b) => a - b)).toEqual(dates);
    expect(await failure(provider.rotate())).toBe(
      'VG_KEY_PROVIDER: aws kms rotate: LimitExceededException (HTTP 400)',
    );
  });

  it('a blob from another KMS key does not unwrap (IncorrectKeyException → VG_KEY_UNWRAP)', async () => {
    const server = await start();
    const other = server.createKey();
    const wrapped = await providerFor(server, { keyId: other.keyArn }).wrap(randomBytes(32), { t: '1' });
    const provider = providerFor(server);
    expect(await failure(provider.unwrap(wrapped, { t: '1' }))).toBe(
      'VG_KEY_UNWRAP: the data key could not be unwrapped',
    );
    expect(await failure((provider.rewrap as NonNullable<typeof provider.rewrap>)(wrapped, { t: '1' }))).toBe(
      'VG_KEY_UNWRAP: the data key could not be unwrapped',
    );
    expect(server.requests.at(-1)?.error).toBe('IncorrectKeyException');
  });
});

describe('aws kms provider: errors', () => {
  it('bad credentials are VG_KEY_PROVIDER naming the error code, never the secret', async () => {
    const server = await start();
    const wrongSecret = randomBytes(30).toString('base64');
    const badSecret = providerFor(server, {
      credentials: { accessKeyId: server.credentials.accessKeyId, secretAccessKey: wrongSecret },
    });
    const message = await failure(badSecret.wrap(randomBytes(32), {}));
    expect(message).toBe('VG_KEY_PROVIDER: aws kms encrypt: InvalidSignatureException (HTTP 400)');
    expect(message).not.toContain(wrongSecret);
    expect(server.requests.at(-1)?.signatureValid).toBe(false);

    const unknownKey = providerFor(server, {
      credentials: {
        accessKeyId: 'AKIAUNKNOWN000000000',
        secretAccessKey: server.credentials.secretAccessKey,
      },
    });
    expect(await failure(unknownKey.versions())).toBe(
      'VG_KEY_PROVIDER: aws kms describe key: UnrecognizedClientException (HTTP 400)',
    );
  });

  it('a request signed for another region is refused', async () => {
    const server = await start({ region: 'us-east-1' });
    const provider = providerFor(server, { region: 'us-west-2' });
    expect(await failure(provider.wrap(randomBytes(32), {}))).toBe(
      'VG_KEY_PROVIDER: aws kms encrypt: InvalidSignatureException (HTTP 400)',
    );
    expect(server.requests.at(-1)?.scope).toEqual({ region: 'us-west-2', service: 'kms' });
  });

  it('service failures are VG_KEY_PROVIDER, even on decrypt, after the SDK retries', async () => {
    const server = await start();
    const provider = providerFor(server, { timeoutMs: 300 });
    const wrapped = await provider.wrap(randomBytes(32), {});
    const origin = new URL(server.url).origin;
    const sent = (): number => server.requests.length;

    let before = sent();
    server.setFailure('http-500');
    expect(await failure(provider.unwrap(wrapped, {}))).toBe(
      'VG_KEY_PROVIDER: aws kms decrypt: KMSInternalException (HTTP 500)',
    );
    expect(sent() - before).toBe(3);

    before = sent();
    server.setFailure('throttle');
    expect(await failure(provider.wrap(randomBytes(32), {}))).toBe(
      'VG_KEY_PROVIDER: aws kms encrypt: ThrottlingException (HTTP 400)',
    );
    expect(sent() - before).toBe(3);

    server.setFailure('access-denied');
    const denied = await failure(provider.unwrap(wrapped, {}));
    expect(denied).toBe('VG_KEY_PROVIDER: aws kms decrypt: AccessDeniedException (HTTP 400)');
    expect(denied).not.toContain('arn:aws:iam');

    server.setFailure('close-connection');
    expect(await failure(provider.unwrap(wrapped, {}))).toBe(
      `VG_KEY_PROVIDER: aws kms decrypt: could not reach ${origin}`,
    );

    server.setFailure('hang');
    const started = Date.now();
    expect(await failure(provider.versions())).toBe(
      `VG_KEY_PROVIDER: aws kms describe key: could not reach ${origin}`,
    );
    expect(Date.now() - started).toBeLessThan(10_000);

    server.setFailure('none');
    expect(await provider.unwrap(wrapped, {})).toHaveLength(32);
  });

  it('an unreachable endpoint is VG_KEY_PROVIDER naming the origin only', async () => {
    const port = await closedLoopbackPort();
    const secretAccessKey = randomBytes(30).toString('base64');
    const provider = createAwsKmsProvider({
      keyId: 'alias/veilgate',
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'AKIAVEILGATETEST0001', secretAccessKey },
    });
    const message = await failure(provider.wrap(randomBytes(32), { tenant: 't1' }));
    expect(message).toBe(`VG_KEY_PROVIDER: aws kms encrypt: could not reach http://127.0.0.1:${port}`);
    expect(message).not.toContain(secretAccessKey);
  });

  it('refuses wrapped keys that are not its own without calling KMS', async () => {
    const server = await start();
    const provider = providerFor(server);
    for (const wrapped of [
      'local:v1:AAAA',
      'aws-kms:',
      'aws-kms:AA+A',
      'aws-kms:AB',
      `aws-kms:${'A'.repeat(8200)}`,
    ]) {
      expect(await failure(provider.unwrap(wrapped, {})), wrapped.slice(0, 20)).toBe(
        'VG_KEY_UNWRAP: the data key could not be unwrapped',
      );
    }
    expect(server.requests).toHaveLength(0);
  });

  it('validates its options at creation (VG_KEY_PROVIDER), never echoing the secret', () => {
    const secretAccessKey = randomBytes(30).toString('base64');
    const valid: AwsKmsProviderOptions = {
      keyId: 'alias/veilgate',
      region: 'eu-central-1',
      credentials: { accessKeyId: 'AKIAVEILGATETEST0001', secretAccessKey },
    };
    const bad: AwsKmsProviderOptions[] = [
      { ...valid, keyId: '' },
      { ...valid, keyId: ' ' },
      { ...valid, region: '' },
      { ...valid, region: 'EU central' },
      { ...valid, endpoint: 'not a url' },
      { ...valid, endpoint: 'ftp://kms.example' },
      { ...valid, endpoint: `https://AKIA:${encodeURIComponent(secretAccessKey)}@kms.example` },
      { ...valid, credentials: { accessKeyId: '', secretAccessKey } },
      { ...valid, credentials: { accessKeyId: 'AKIAVEILGATETEST0001', secretAccessKey: '' } },
      { ...valid, timeoutMs: -1 },
    ];
    for (const options of bad) {
      let caught: unknown;
      try {
        createAwsKmsProvider(options);
      } catch (err) {
        caught = err;
      }
      expect(isVeilgateError(caught) ? caught.code : caught, JSON.stringify(options)).toBe('VG_KEY_PROVIDER');
      expect((caught as Error).message).not.toContain(secretAccessKey);
    }
    expect(createAwsKmsProvider(valid).name).toBe('aws-kms');
  });
});
