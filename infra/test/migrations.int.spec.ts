import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { Database, ident } from '../src/postgres/database.js';
import { migrate } from '../src/postgres/migrate.js';
import { freshNamespace, testConfig } from '../src/testing/index.js';

const INFRA = ['infra/001_messaging.sql'];

/** A fresh schema name and a pool; the schema is dropped and the pool closed when the test ends. */
function setup(t: TestContext): { db: Database; schema: string; url: string } {
  const url = testConfig('local').databaseUrl!;
  const db = new Database(url, { max: 2 });
  const schema = testConfig('local', freshNamespace('m')).naming.schema('svc');
  t.after(async () => {
    await db.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
    await db.close();
  });
  return { db, schema, url };
}

async function tempDir(t: TestContext, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ftgo-migrations-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
  return dir;
}

const tables = async (db: Database, schema: string): Promise<string[]> =>
  (await db.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema])).rows.map(
    (r) => r.name,
  );

const recorded = async (db: Database, schema: string): Promise<string[]> =>
  (await db.query<{ name: string }>(`SELECT name FROM ${ident(schema)}.schema_migrations ORDER BY name`)).rows.map((r) => r.name);

test('migrating twice: the second run is a no-op', async (t) => {
  const { db, schema } = setup(t);
  assert.deepEqual(await migrate(db, schema, []), INFRA);
  assert.deepEqual(await tables(db, schema), [
    'dead_letters',
    'events',
    'idempotency_keys',
    'inbox',
    'local_cursors',
    'outbox',
    'schema_migrations',
    'snapshots',
  ]);
  assert.deepEqual(await migrate(db, schema, []), []);
  assert.deepEqual(await recorded(db, schema), INFRA);
});

test('several pools migrating one fresh schema at once: no error, each file applied exactly once', async (t) => {
  const { db, schema, url } = setup(t);
  const dir = await tempDir(t, {
    '001_counter.sql': 'CREATE TABLE counter (n int NOT NULL); INSERT INTO counter VALUES (1);',
  });
  const pools = Array.from({ length: 5 }, () => new Database(url, { max: 1 }));
  t.after(() => Promise.all(pools.map((p) => p.close())));

  const results = await Promise.all(pools.map((pool) => migrate(pool, schema, [{ prefix: 'svc', dir }])));
  assert.deepEqual(results.flat().sort(), [...INFRA, 'svc/001_counter.sql']);
  // The first process to take the lock applied everything; the others found nothing to do.
  assert.equal(results.filter((r) => r.length > 0).length, 1);
  assert.deepEqual(await recorded(db, schema), [...INFRA, 'svc/001_counter.sql']);
  assert.deepEqual((await db.query(`SELECT n FROM ${ident(schema)}.counter`)).rows, [{ n: 1 }]);
});

test("service migrations apply after infra's, in file-name order, into the service schema", async (t) => {
  const { db, schema } = setup(t);
  const dir = await tempDir(t, {
    // Written out of order on purpose; each file depends on the ones before it.
    '002_second.sql': "INSERT INTO applied (name) VALUES ('002'); CREATE VIEW pending AS SELECT seq FROM outbox WHERE published_at IS NULL;",
    '001_first.sql': "CREATE TABLE applied (seq serial PRIMARY KEY, name text NOT NULL); INSERT INTO applied (name) VALUES ('001');",
    'README.md': 'not a migration',
  });
  assert.deepEqual(await migrate(db, schema, [{ prefix: 'svc', dir }]), [...INFRA, 'svc/001_first.sql', 'svc/002_second.sql']);
  assert.deepEqual((await db.query(`SELECT name FROM ${ident(schema)}.applied ORDER BY seq`)).rows, [{ name: '001' }, { name: '002' }]);
  assert.deepEqual(await tables(db, schema), [
    'applied',
    'dead_letters',
    'events',
    'idempotency_keys',
    'inbox',
    'local_cursors',
    'outbox',
    'pending',
    'schema_migrations',
    'snapshots',
  ]);
  // Nothing leaked into another schema through the search_path.
  assert.deepEqual((await db.query("SELECT table_schema FROM information_schema.tables WHERE table_name = 'applied' AND table_schema = 'public'")).rows, []);

  // A file added later is the only one applied next time.
  await writeFile(path.join(dir, '003_third.sql'), "INSERT INTO applied (name) VALUES ('003');");
  assert.deepEqual(await migrate(db, schema, [{ prefix: 'svc', dir }]), ['svc/003_third.sql']);
  assert.deepEqual((await db.query(`SELECT name FROM ${ident(schema)}.applied ORDER BY seq`)).rows, [{ name: '001' }, { name: '002' }, { name: '003' }]);
});

test('a failing migration rolls back whole, is not recorded, releases the lock, and names itself', async (t) => {
  const { db, schema } = setup(t);
  const dir = await tempDir(t, {
    '001_ok.sql': 'CREATE TABLE ok (n int);',
    '002_bad.sql': 'CREATE TABLE half (n int); SELECT 1 / 0;',
  });
  await assert.rejects(migrate(db, schema, [{ prefix: 'svc', dir }]), {
    message: `migration svc/002_bad.sql failed in schema ${schema}: division by zero`,
  });
  assert.deepEqual(await recorded(db, schema), [...INFRA, 'svc/001_ok.sql']);
  assert.equal((await tables(db, schema)).includes('half'), false);

  // The advisory lock was released (another pool is not blocked) and a fixed file applies.
  await writeFile(path.join(dir, '002_bad.sql'), 'CREATE TABLE half (n int);');
  const other = new Database(testConfig('local').databaseUrl!, { max: 1 });
  t.after(() => other.close());
  assert.deepEqual(await migrate(other, schema, [{ prefix: 'svc', dir }]), ['svc/002_bad.sql']);
  assert.equal((await tables(db, schema)).includes('half'), true);
});
