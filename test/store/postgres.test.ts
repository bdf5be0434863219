import { expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres.js';
import { postgresTestStore } from './databases.js';
import { runStoreConformance } from './store-conformance.js';

runStoreConformance('postgres', postgresTestStore);

it('reports an unreachable server as VG_STORE_UNAVAILABLE without the password', async () => {
  const err = await openPostgresStore({
    connectionString: 'postgres://veilgate:s3cret-pw@127.0.0.1:1/test',
  }).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 'VG_STORE_UNAVAILABLE' });
  expect(String((err as Error).message)).not.toContain('s3cret-pw');
});
