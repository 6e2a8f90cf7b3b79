/**
 * Benchmark 3: publish rate. Records/s for the whole deposit of one record (create draft,
 * declare one file, upload 1 KiB, commit, publish: five requests through `app.inject`),
 * N records with a few in flight at once; against the same number of bare INSERTs of a
 * comparable row (the record's columns) into a scratch table of the same database, with
 * the same concurrency, to put the figure in context.
 *
 * On PostgreSQL when DATABASE_URL is set (the target applies there), and also on PGlite;
 * on PGlite alone otherwise. BENCH_PUBLISH_ENGINES=postgres|pglite|postgres,pglite picks.
 */
import { randomBytes } from 'node:crypto';
import { sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs } from 'kysely';
import type { DialectName } from '../services/platform/db/kysely.js';
import {
  cpuSnapshot,
  databaseUrl,
  envInt,
  heading,
  int,
  METADATA,
  note,
  num,
  openBenchDatabase,
  publishWithFile,
  ratioText,
  runPool,
  secondsSince,
  smallFile,
  startBenchApp,
  type BenchApp,
  type BenchDatabase,
  type BenchResult,
} from './setup.js';

const TARGET_RPS = 200;

function engines(): DialectName[] {
  const raw = process.env.BENCH_PUBLISH_ENGINES;
  const list = raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : databaseUrl() ? ['postgres', 'pglite'] : ['pglite'];
  for (const e of list) if (e !== 'postgres' && e !== 'pglite') throw new Error(`BENCH_PUBLISH_ENGINES: unknown engine ${e} (postgres or pglite)`);
  if (list.includes('postgres') && !databaseUrl()) throw new Error('BENCH_PUBLISH_ENGINES names postgres but DATABASE_URL is not set');
  return list as DialectName[];
}

/** N autocommitted INSERTs of a row shaped like a `records` row, `concurrency` at a time. */
async function insertRate(database: BenchDatabase, n: number, concurrency: number): Promise<number> {
  const table = `bench_scratch_${randomBytes(4).toString('hex')}`;
  const db = database.db;
  await sql`create table ${sql.id(table)} (
    id text primary key, parent_id text not null, version_index integer not null, revision_id integer not null,
    metadata jsonb not null, access jsonb not null, files_enabled boolean not null, profile text,
    bucket_id text not null, pids jsonb not null, created_at timestamptz not null, updated_at timestamptz not null,
    publication_date timestamptz not null)`.execute(db);
  try {
    const metadata = JSON.stringify(METADATA);
    const access = JSON.stringify({ record: 'public', files: 'public', embargo: { active: false, until: null, reason: null } });
    const row = (i: number) => {
      const now = new Date();
      return sql`insert into ${sql.id(table)} values (${`rec-${i}`}, ${`par-${i}`}, 1, 1, ${metadata}::jsonb, ${access}::jsonb, true, null, ${`bkt-${i}`}, '{}'::jsonb, ${now}, ${now}, ${now})`;
    };
    // Warm-up rows, not counted.
    await runPool(Math.min(50, n), concurrency, (i) => row(-1 - i).execute(db));
    const start = process.hrtime.bigint();
    await runPool(n, concurrency, (i) => row(i).execute(db));
    return n / secondsSince(start);
  } finally {
    await sql`drop table ${sql.id(table)}`.execute(db);
  }
}

/** Counts the SQL statements the app sends (not BEGIN/COMMIT, which the driver sends) and its transactions. */
function counting(database: BenchDatabase): { database: BenchDatabase; counts: { statements: number; transactions: number } } {
  const counts = { statements: 0, transactions: 0 };
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs) {
      counts.statements++;
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs) {
      return args.result;
    },
  };
  const db = database.db.withPlugin(plugin);
  const transaction = db.transaction.bind(db);
  db.transaction = () => {
    counts.transactions++;
    return transaction();
  };
  return { database: { ...database, db }, counts };
}

async function publishRateOn(engine: DialectName, n: number, concurrency: number): Promise<BenchResult> {
  const database = await openBenchDatabase(engine);
  const counted = counting(database);
  let bench: BenchApp;
  try {
    bench = await startBenchApp({ database: counted.database });
  } catch (err) {
    await database.destroy().catch(() => undefined);
    throw err;
  }
  try {
    note(`database: ${database.label}`);
    // Warm-up (JIT, pools, caches), not counted.
    const warm = Math.min(24, n);
    await runPool(warm, concurrency, (i) => publishWithFile(bench.app, bench.auth, `warm-${i}.csv`, smallFile(1_000_000 + i)));
    const statements0 = counted.counts.statements;
    const transactions0 = counted.counts.transactions;
    const cpu0 = process.cpuUsage();
    const snap0 = cpuSnapshot();
    const start = process.hrtime.bigint();
    await runPool(n, concurrency, (i) => publishWithFile(bench.app, bench.auth, `data-${i}.csv`, smallFile(i)));
    const seconds = secondsSince(start);
    const cpu = process.cpuUsage(cpu0);
    const snap1 = cpuSnapshot();
    const rate = n / seconds;
    const perRecord = (x: number) => (x / n).toFixed(1);
    const ms = (s: number) => `${((s * 1000) / n).toFixed(1)} ms`;
    note(`${int(n)} records in ${seconds.toFixed(2)} s (5 requests each: create, declare, upload 1 KiB, commit, publish; ${concurrency} in flight; app.inject)`);
    note(
      `per record: ${perRecord(counted.counts.statements - statements0)} SQL statements + ${perRecord(counted.counts.transactions - transactions0)} transactions (each BEGIN + COMMIT); ` +
        `CPU: this process ${ms((cpu.user + cpu.system) / 1e6)} (main thread ${ms(snap1.main - snap0.main)})` +
        (engine === 'postgres' && snap1.postgresSeen ? `, all PostgreSQL processes on this machine ${ms(snap1.postgres - snap0.postgres)}` : ''),
    );
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from records`.execute(database.db);
    if (Number(rows[0]?.n) !== n + warm) throw new Error(`expected ${n + warm} published records, found ${rows[0]?.n}`);

    const inserts = await insertRate(database, n, concurrency);
    const ratio = rate / inserts;
    const isPg = engine === 'postgres';
    const name = isPg ? 'PostgreSQL' : 'PGlite';
    console.log(
      `publish on ${name}: ${num(rate)} records/s; bare INSERT: ${num(inserts)} rows/s; ratio ${ratioText(ratio)} (target ≥ ${TARGET_RPS} records/s on PostgreSQL${isPg ? '' : '; not applicable here'})`,
    );
    return {
      name: `publish rate (${engine})`,
      figure: `${num(rate)} records/s`,
      baseline: `${num(inserts)} INSERT/s`,
      ratio: ratioText(ratio),
      target: isPg ? `≥ ${TARGET_RPS} records/s` : `(${TARGET_RPS}/s is for PostgreSQL)`,
      met: isPg ? rate >= TARGET_RPS : undefined,
    };
  } finally {
    try {
      await bench.close();
    } finally {
      await database.destroy();
    }
  }
}

export async function publishRate(): Promise<BenchResult[]> {
  const n = envInt('BENCH_PUBLISH_N', 500);
  const concurrency = envInt('BENCH_PUBLISH_CONCURRENCY', 8);
  heading(`publish rate: ${int(n)} records, concurrency ${concurrency}`);
  const results: BenchResult[] = [];
  for (const engine of engines()) results.push(await publishRateOn(engine, n, concurrency));
  return results;
}
