/**
 * Token vault throughput, single-threaded: values tokenized and restored per second, on a SQLite file
 * (WAL, on disk) and on the machine's PostgreSQL server, with the local master key provider.
 *
 * Workloads (conversations of 20 turns, 10 new values per turn: names, e-mail addresses, card and phone
 * numbers; one round = one tokenize call for the request, one restore of a reply naming the turn's
 * placeholders; values/s counts the values tokenized, each new one of which is also restored):
 *   - new values: every value of every turn is new (the worst case: one encryption and one row each).
 *   - 1/3 repeats: a third of a turn's values were named in an earlier turn.
 *   - chat history: each request re-sends the whole conversation so far, as chat completion APIs do, so
 *     most values were seen before; the reply names the turn's new values.
 * Each runs with the vault's in-process scope cache (the default, 60 s) and without it (every restore
 * reads and decrypts rows; every value is fingerprinted and looked up), and with one conversation at a
 * time or eight at once on the same thread (as a gateway serves concurrent requests; concurrent writes
 * then share a commit).
 *
 *   npx tsx bench/vault-tokenize.ts [--seconds 2] [--postgres postgres://postgres@127.0.0.1:5432/test]
 *
 * Target from issue 4: tokenize + restore ≥ 50,000 values/s on SQLite; PostgreSQL reported.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createKeyring } from '../src/crypto/keyring.js';
import { createLocalProvider } from '../src/crypto/local-provider.js';
import type { OperatorInput } from '../src/protect/types.js';
import { openPostgresStore } from '../src/store/postgres.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { createTokenVault } from '../src/vault/vault.js';
import { positiveOption, stringOption } from './args.js';

const seconds = positiveOption('--seconds', 1.5);
const postgresUrl = stringOption('--postgres') ?? 'postgres://postgres@127.0.0.1:5432/test';

const PER_TURN = 10;
const TURNS = 20;

type Workload = 'new values' | '1/3 repeats' | 'chat history';
const WORKLOADS: Workload[] = ['new values', '1/3 repeats', 'chat history'];

function value(c: number, id: number): OperatorInput {
  const kind = id % 4;
  const text =
    kind === 0
      ? `Person${c}x${id} Surname${id % 97}`
      : kind === 1
        ? `user${c}.${id}@example.org`
        : kind === 2
          ? `4111 ${String(1000 + (id % 9000)).padStart(4, '0')} ${String(c % 10000).padStart(4, '0')} 1111`
          : `+1 212 555 ${String((c * 31 + id) % 10000).padStart(4, '0')}`;
  return { entity: ['PERSON', 'EMAIL_ADDRESS', 'CREDIT_CARD', 'PHONE_NUMBER'][kind] as string, value: text };
}

/** The request's values in turn m of conversation c; the turn's new ones are the last PER_TURN. */
function turn(workload: Workload, c: number, m: number): OperatorInput[] {
  const ids = Array.from({ length: PER_TURN }, (_, i) => m * PER_TURN + i);
  if (workload === 'new values') return ids.map((id) => value(c, id));
  if (workload === '1/3 repeats') {
    return ids.map((id, i) => value(c, i % 3 === 0 && m > 0 ? (id * 7) % (m * PER_TURN) : id));
  }
  return Array.from({ length: (m + 1) * PER_TURN }, (_, id) => value(c, id));
}

type Store = Awaited<ReturnType<typeof openPostgresStore>>;

interface Row {
  store: string;
  workload: Workload;
  cache: boolean;
  concurrency: number;
  values: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
}

async function measure(
  name: string,
  store: Store,
  keyFile: string,
  workload: Workload,
  cache: boolean,
  concurrency: number,
): Promise<Row> {
  const keyring = createKeyring({ provider: createLocalProvider({ file: keyFile }), store: store.keys });
  const vault = createTokenVault({ keyring, store: store.tokens, cacheTtlMs: cache ? 60_000 : 0 });
  const tenant = `bench-${WORKLOADS.indexOf(workload)}-${cache ? 'cache' : 'nocache'}-${concurrency}`;
  let values = 0;
  const latencies: number[] = [];
  const round = async (c: number, m: number): Promise<void> => {
    const scope = { tenant, scope: `conv-${c}` };
    const inputs = turn(workload, c, m);
    const t0 = performance.now();
    const placeholders = await vault.tokenize(scope, inputs);
    const reply = `Thanks, ${placeholders.slice(-PER_TURN).join(', ')}: noted.`;
    const restored = await vault.restore(reply, scope);
    latencies.push(performance.now() - t0);
    if (restored.leftAlone !== 0) throw new Error(`${name}: restore lost values`);
    values += inputs.length;
  };
  for (let m = 0; m < TURNS; m++) await round(0, m); // warm-up: JIT, statements, data keys
  values = 0;
  latencies.length = 0;
  const start = performance.now();
  let next = 1;
  const client = async (): Promise<void> => {
    while (performance.now() - start < seconds * 1000) {
      const c = next++;
      for (let m = 0; m < TURNS; m++) await round(c, m);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    store: name,
    workload,
    cache,
    concurrency,
    values,
    seconds: elapsed,
    rate: values / elapsed,
    p50: q(0.5),
    p99: q(0.99),
  };
}

const rows: Row[] = [];

async function measureAll(name: string, store: Store, keyFile: string): Promise<void> {
  for (const workload of WORKLOADS) {
    for (const cache of [true, false]) {
      for (const concurrency of [1, 8])
        rows.push(await measure(name, store, keyFile, workload, cache, concurrency));
    }
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'veilgate-bench-vault-'));
try {
  const sqlite = openSqliteStore(path.join(dir, 'vault.db'));
  await measureAll('SQLite (file, WAL)', sqlite, path.join(dir, 'sqlite.key'));
  await sqlite.close();

  const schema = `vg_bench_${process.pid}`;
  let pgStore: Store | undefined;
  try {
    pgStore = await openPostgresStore({ connectionString: postgresUrl, schema });
  } catch {
    console.error(`PostgreSQL is not reachable at ${postgresUrl}; start it or pass --postgres URL`);
  }
  if (pgStore !== undefined) {
    try {
      await measureAll('PostgreSQL (127.0.0.1)', pgStore, path.join(dir, 'pg.key'));
    } finally {
      await pgStore.close();
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `# Token vault: tokenize + restore (${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, one thread)`,
);
console.log();
console.log(
  `Conversations of ${TURNS} turns with ${PER_TURN} new values each; values/s counts the values tokenized (each new one is also restored in the same round); a round is one tokenize call and one restore.`,
);
console.log();
console.log(
  '| store | workload | scope cache | conversations at once | values | seconds | values/s | round p50 ms | round p99 ms | target |',
);
console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---|');
for (const r of rows) {
  const target = r.store.startsWith('SQLite') ? `≥ 50,000 ${r.rate >= 50_000 ? '✓' : '✗'}` : 'reported';
  console.log(
    `| ${r.store} | ${r.workload} | ${r.cache ? 'on' : 'off'} | ${r.concurrency} | ${r.values.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} | ${Math.round(r.rate).toLocaleString('en-US')} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${target} |`,
  );
}
