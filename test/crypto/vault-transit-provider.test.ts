import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeWrapContext } from '../../src/crypto/master-key.js';
import { createVaultTransitProvider } from '../../src/crypto/vault-transit-provider.js';
import { isVeilgateError } from '../../src/errors.js';
import { runProviderConformance } from './provider-conformance.js';
import { startVaultTransitServer, type VaultTransitServer } from './servers/vault-transit-server.js';
import { closedLoopbackPort } from '../loopback.js';

const newToken = (): string => `hvs.${randomBytes(18).toString('base64url')}`;

runProviderConformance(
  'vault-transit',
  async () => {
    const token = newToken();
    const server = await startVaultTransitServer({ token });
    return {
      provider: createVaultTransitProvider({ address: server.url, token, keyName: 'veilgate' }),
      secrets: [token],
      close: () => server.close(),
    };
  },
  { nativeRewrap: false },
);

runProviderConformance(
  'vault-transit (namespace, nested mount, key created on first encrypt, keys listed as objects)',
  async () => {
    const token = newToken();
    const server = await startVaultTransitServer({
      token,
      mount: 'team-a/transit',
      namespace: 'admin/team-a',
      keys: [],
      keyListStyle: 'objects',
    });
    const provider = createVaultTransitProvider({
      address: `${server.url}/`,
      token,
      keyName: 'gateway.master-key_1',
      mount: '/team-a/transit/',
      namespace: 'admin/team-a',
    });
    // Encrypt upserts the key, as Vault does when the token's policy allows it.
    await provider.wrap(new Uint8Array(32), {});
    return { provider, secrets: [token], close: () => server.close() };
  },
  { numRuns: 15, nativeRewrap: false },
);

const servers: VaultTransitServer[] = [];
async function start(token: string, options: { namespace?: string } = {}): Promise<VaultTransitServer> {
  const server = await startVaultTransitServer({ token, ...options });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The VeilgateError a promise rejects with, as `code: message`. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return isVeilgateError(err) ? `${err.code}: ${err.message}` : `not a VeilgateError: ${String(err)}`;
  }
  return 'no error';
}

describe('vault transit provider: wire protocol', () => {
  it('sends the documented requests: token header, base64 plaintext and associated data', async () => {
    const token = newToken();
    const server = await start(token);
    const provider = createVaultTransitProvider({ address: server.url, token, keyName: 'veilgate' });
    const key = randomBytes(32);
    const context = { tenant: 't1', purpose: 'vault' };
    const wrapped = await provider.wrap(key, context);
    expect(wrapped).toMatch(/^vault-transit:vault:v1:[A-Za-z0-9+/]+={0,2}$/);
    expect(provider.versionOf(wrapped)).toBe('1');
    expect(Buffer.from(await provider.unwrap(wrapped, context)).equals(key)).toBe(true);

    const [encrypt, decrypt] = server.requests;
    expect(encrypt).toMatchObject({
      method: 'POST',
      path: '/v1/transit/encrypt/veilgate',
      token,
      status: 200,
    });
    expect(encrypt?.body).toEqual({
      plaintext: key.toString('base64'),
      associated_data: encodeWrapContext(context).toString('base64'),
    });
    expect(decrypt).toMatchObject({ method: 'POST', path: '/v1/transit/decrypt/veilgate', status: 200 });
    expect(decrypt?.body).toEqual({
      ciphertext: wrapped.slice('vault-transit:'.length),
      associated_data: encodeWrapContext(context).toString('base64'),
    });
    expect(server.requests.every((r) => r.namespace === undefined)).toBe(true);
  });

  it('rotates with keys/<name>/rotate and reads the new latest_version', async () => {
    const token = newToken();
    const server = await start(token);
    const provider = createVaultTransitProvider({ address: server.url, token, keyName: 'veilgate' });
    expect(await provider.rotate()).toBe('2');
    expect(await provider.rotate()).toBe('3');
    expect(server.latestVersion('veilgate')).toBe(3);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/transit/keys/veilgate/rotate',
      'GET /v1/transit/keys/veilgate',
      'POST /v1/transit/keys/veilgate/rotate',
      'GET /v1/transit/keys/veilgate',
    ]);
    const versions = await provider.versions();
    expect(versions.map((v) => [v.version, v.current])).toEqual([
      ['1', false],
      ['2', false],
      ['3', true],
    ]);
    expect(versions.every((v) => v.createdAt !== undefined)).toBe(true);
  });

  it('has no rewrap: Vault cannot rewrap a ciphertext bound to associated data', async () => {
    const token = newToken();
    const server = await start(token);
    const provider = createVaultTransitProvider({ address: server.url, token, keyName: 'veilgate' });
    expect(provider.rewrap).toBeUndefined();
    // transit/rewrap has no associated_data parameter (hashicorp/vault#29532): it is ignored, and the
    // ciphertext then fails authentication. This is why the keyring must unwrap and wrap instead.
    const context = { tenant: 't1' };
    const wrapped = await provider.wrap(randomBytes(32), context);
    const res = await fetch(`${server.url}/v1/transit/rewrap/veilgate`, {
      method: 'POST',
      headers: { 'X-Vault-Token': token },
      body: JSON.stringify({
        ciphertext: wrapped.slice('vault-transit:'.length),
        associated_data: encodeWrapContext(context).toString('base64'),
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: ['cipher: message authentication failed'] });
  });
});

describe('vault transit provider: errors', () => {
  it('a wrong token is VG_KEY_PROVIDER with the status, never the token', async () => {
    const token = newToken();
    const server = await start(token);
    const wrongToken = newToken();
    const provider = createVaultTransitProvider({
      address: server.url,
      token: wrongToken,
      keyName: 'veilgate',
    });
    expect(await failure(provider.wrap(randomBytes(32), {}))).toBe(
      'VG_KEY_PROVIDER: vault transit encrypt: HTTP 403',
    );
    // A refused decrypt is the provider failing, not the wrapped key being bad.
    const good = createVaultTransitProvider({ address: server.url, token, keyName: 'veilgate' });
    const wrapped = await good.wrap(randomBytes(32), {});
    const message = await failure(provider.unwrap(wrapped, {}));
    expect(message).toBe('VG_KEY_PROVIDER: vault transit decrypt: HTTP 403');
    expect(message).not.toContain(wrongToken);
    expect(await failure(provider.versions())).toBe('VG_KEY_PROVIDER: vault transit read key: HTTP 403');
    expect(await failure(provider.rotate())).toBe('VG_KEY_PROVIDER: vault transit rotate: HTTP 403');
  });

  it('a wrong namespace is refused like a wrong token', async () => {
    const token = newToken();
    const server = await start(token, { namespace: 'team-a' });
    const provider = createVaultTransitProvider({
      address: server.url,
      token,
      keyName: 'veilgate',
      namespace: 'team-b',
    });
    expect(await failure(provider.wrap(randomBytes(32), {}))).toBe(
      'VG_KEY_PROVIDER: vault transit encrypt: HTTP 403',
    );
    expect(server.requests[0]?.namespace).toBe('team-b');
  });

  it('an unknown key: decrypt is VG_KEY_UNWRAP (Vault answers 400), reading it is VG_KEY_PROVIDER 404', async () => {
    const token = newToken();
    const server = await start(token);
    const good = createVaultTransitProvider({ address: server.url, token, keyName: 'veilgate' });
    const wrapped = await good.wrap(randomBytes(32), {});
    const other = createVaultTransitProvider({ address: server.url, token, keyName: 'other' });
    expect(await failure(other.unwrap(wrapped, {}))).toBe(
      'VG_KEY_UNWRAP: the data key could not be unwrapped',
    );
    expect(await failure(other.versions())).toBe('VG_KEY_PROVIDER: vault transit read key: HTTP 404');
  });

  it('server failures are VG_KEY_PROVIDER, even on decrypt', async () => {
    const token = newToken();
    const server = await start(token);
    const provider = createVaultTransitProvider({
      address: server.url,
      token,
      keyName: 'veilgate',
      timeoutMs: 300,
    });
    const wrapped = await provider.wrap(randomBytes(32), {});
    const origin = new URL(server.url).origin;

    server.setFailure('http-500');
    expect(await failure(provider.wrap(randomBytes(32), {}))).toBe(
      'VG_KEY_PROVIDER: vault transit encrypt: HTTP 500',
    );
    expect(await failure(provider.unwrap(wrapped, {}))).toBe(
      'VG_KEY_PROVIDER: vault transit decrypt: HTTP 500',
    );
    server.setFailure('sealed');
    expect(await failure(provider.unwrap(wrapped, {}))).toBe(
      'VG_KEY_PROVIDER: vault transit decrypt: HTTP 503',
    );
    server.setFailure('close-connection');
    expect(await failure(provider.unwrap(wrapped, {}))).toBe(
      `VG_KEY_PROVIDER: vault transit decrypt: could not reach ${origin}`,
    );
    server.setFailure('hang');
    const started = Date.now();
    expect(await failure(provider.versions())).toBe(
      `VG_KEY_PROVIDER: vault transit read key: could not reach ${origin}`,
    );
    expect(Date.now() - started).toBeLessThan(5000);

    server.setFailure('none');
    expect(await provider.unwrap(wrapped, {})).toHaveLength(32);
  });

  it('an unreachable address is VG_KEY_PROVIDER naming the origin only', async () => {
    // A port that was just listening and is now closed: connection refused.
    const port = await closedLoopbackPort();
    const token = newToken();
    const provider = createVaultTransitProvider({
      address: `http://127.0.0.1:${port}/vault`,
      token,
      keyName: 'k',
    });
    const message = await failure(provider.wrap(randomBytes(32), { tenant: 't1' }));
    expect(message).toBe(`VG_KEY_PROVIDER: vault transit encrypt: could not reach http://127.0.0.1:${port}`);
    expect(message).not.toContain(token);
  });

  it('refuses wrapped keys that are not its own without calling Vault', async () => {
    const token = newToken();
    const server = await start(token);
    const provider = createVaultTransitProvider({ address: server.url, token, keyName: 'veilgate' });
    for (const wrapped of [
      'local:v1:AAAA',
      'vault:v1:AAAA',
      'vault-transit:vault:v0:AAAA',
      'vault-transit:vault:v1:',
    ]) {
      expect(await failure(provider.unwrap(wrapped, {}))).toBe(
        'VG_KEY_UNWRAP: the data key could not be unwrapped',
      );
    }
    expect(server.requests).toHaveLength(0);
  });

  it('validates its options at creation (VG_KEY_PROVIDER), never echoing the token', () => {
    const token = newToken();
    const valid = { address: 'https://vault.example:8200', token, keyName: 'veilgate' };
    const bad = [
      { ...valid, address: '' },
      { ...valid, address: 'vault.example:8200' },
      { ...valid, address: 'ftp://vault.example' },
      { ...valid, address: `https://user:${token}@vault.example` },
      { ...valid, address: 'https://vault.example/?x=1' },
      { ...valid, token: '' },
      { ...valid, token: `${token}\n` },
      { ...valid, keyName: '' },
      { ...valid, keyName: 'a/b' },
      { ...valid, keyName: '../sys' },
      { ...valid, keyName: '..' },
      { ...valid, keyName: '.hidden' },
      { ...valid, mount: 'transit/..' },
      { ...valid, mount: 'a//b' },
      { ...valid, mount: '..' },
      { ...valid, namespace: '' },
      { ...valid, timeoutMs: 0 },
      { ...valid, timeoutMs: 1.5 },
    ];
    for (const options of bad) {
      let caught: unknown;
      try {
        createVaultTransitProvider(options);
      } catch (err) {
        caught = err;
      }
      expect(isVeilgateError(caught) ? caught.code : caught, JSON.stringify(options)).toBe('VG_KEY_PROVIDER');
      expect((caught as Error).message).not.toContain(token);
    }
    expect(createVaultTransitProvider(valid).name).toBe('vault-transit');
  });
});
