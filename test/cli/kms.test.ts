/**
 * `veilgate protect`/`restore`/`keyring` with the master key in HashiCorp Vault Transit or AWS KMS, configured
 * in veilgate.yaml, against local servers that speak their wire protocol. The built binary runs as a
 * real process; the token and credentials come from the environment, never from the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsKmsServer, type AwsKmsServer } from '../crypto/servers/aws-kms-server.js';
import { startVaultTransitServer, type VaultTransitServer } from '../crypto/servers/vault-transit-server.js';
import { runCli } from './run-cli.js';

const POLICY = 'version: 1\nentities:\n  PERSON: tokenize\n  IP_ADDRESS: encrypt\n';

describe('master keys in a KMS, end to end', () => {
  let dir: string;
  let transit: VaultTransitServer;
  let kms: AwsKmsServer;
  const token = 'hvs.veilgate-cli-test-token';
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'veilgate-cli-kms-'));
    writeFileSync(path.join(dir, 'policy.yaml'), POLICY);
    transit = await startVaultTransitServer({ token });
    kms = await startAwsKmsServer();
  });
  afterAll(async () => {
    await transit?.close();
    await kms?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('HashiCorp Vault Transit: protect, restore, rotate, rewrap', async () => {
    const config = path.join(dir, 'transit.yaml');
    writeFileSync(
      config,
      `vault:\n  db: sqlite:transit.db\nkeys:\n  provider: vault-transit\n  vaultTransit:\n    address: ${transit.url}\n    key: veilgate\n    tokenEnv: TEST_VAULT_TOKEN\n`,
    );
    const env = { TEST_VAULT_TOKEN: token };
    const cli = (args: string[]) => runCli(['--config', config, ...args], { cwd: dir, env });
    const p = await cli(['protect', '--policy', 'policy.yaml', 'Jane Roe from 10.1.2.3']);
    expect(p.stderr).toBe('');
    expect(p.stdout).toMatch(/^<PERSON_1> from enc\.v1\.IP_ADDRESS\.[\w-]+\n$/);
    expect(transit.requests.some((r) => r.path.endsWith('/encrypt/veilgate'))).toBe(true);
    expect((await cli(['restore', p.stdout.trim()])).stdout).toBe('Jane Roe from 10.1.2.3\n');
    expect((await cli(['keyring', 'rotate'])).stdout).toMatch(/version 2/);
    expect((await cli(['keyring', 'rewrap'])).stdout).toMatch(/^rewrapped 3 data key/);
    expect((await cli(['restore', p.stdout.trim()])).stdout).toBe('Jane Roe from 10.1.2.3\n');
    // Without the token: a one-line error naming the variable, nothing written.
    const noToken = await runCli(['--config', config, 'restore', '<PERSON_1>'], { cwd: dir });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toBe('veilgate: vault transit: the token variable TEST_VAULT_TOKEN is not set\n');
    // A wrong token: refused by Vault, reported without the token.
    const bad = await runCli(['--config', config, 'restore', '<PERSON_1>'], {
      cwd: dir,
      env: { TEST_VAULT_TOKEN: 'hvs.wrong' },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^veilgate: vault transit \w+: HTTP 403\n$/);
  });

  it('AWS KMS: protect and restore with SigV4-signed requests', async () => {
    const config = path.join(dir, 'kms.yaml');
    writeFileSync(
      config,
      `vault:\n  db: sqlite:kms.db\nkeys:\n  provider: aws-kms\n  awsKms:\n    keyId: ${kms.aliasName}\n    region: ${kms.region}\n    endpoint: ${kms.url}\n`,
    );
    const env = {
      AWS_ACCESS_KEY_ID: kms.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: kms.credentials.secretAccessKey,
    };
    const cli = (args: string[]) => runCli(['--config', config, ...args], { cwd: dir, env });
    const p = await cli(['protect', '--policy', 'policy.yaml', 'Jane Roe from 10.1.2.3']);
    expect(p.stdout).toMatch(/^<PERSON_1> from enc\.v1\.IP_ADDRESS\.[\w-]+\n$/);
    expect((await cli(['restore', p.stdout.trim()])).stdout).toBe('Jane Roe from 10.1.2.3\n');
    expect(p.stderr).toBe('');
    expect(kms.requests.filter((r) => r.target === 'TrentService.Encrypt').length).toBeGreaterThanOrEqual(3);
    const listed = JSON.parse((await cli(['keyring', 'list', '--format', 'json'])).stdout) as {
      provider: string;
    };
    expect(listed.provider).toBe('aws-kms');
  });
});
