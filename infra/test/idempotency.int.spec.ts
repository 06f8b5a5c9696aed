import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type TestContext, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Conflict } from '@ftgo/schema';
import { EventStore } from '../src/es/event-store.js';
import { IdempotencyKeys } from '../src/idempotency.js';
import { type IdSource, idempotentIds } from '../src/messaging/message-factory.js';
import { Database, ident, type Transaction } from '../src/postgres/database.js';
import { migrate } from '../src/postgres/migrate.js';
import { freshNamespace, testConfig } from '../src/testing/index.js';

/** A freshly migrated schema with a `work_log` table that records every time work really ran. */
async function setup(t: TestContext): Promise<{ db: Database; schema: string; keys: IdempotencyKeys; ran: (key: string) => Promise<string[]> }> {
  const config = testConfig('local', freshNamespace('i'));
  const db = new Database(config.databaseUrl!, { max: 10 });
  const schema = config.naming.serviceSchema('order');
  t.after(async () => {
    await db.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
    await db.close();
  });
  await migrate(db, schema, []);
  await db.query(`CREATE TABLE ${ident(schema)}.work_log (seq serial PRIMARY KEY, key text, message_id uuid NOT NULL)`);
  const ran = async (key: string) =>
    (await db.query<{ message_id: string }>(`SELECT message_id FROM ${ident(schema)}.work_log WHERE key = $1 ORDER BY seq`, [key])).rows.map(
      (r) => r.message_id,
    );
  return { db, schema, keys: new IdempotencyKeys(db, schema), ran };
}

/** Work that writes in the command's transaction, takes a while, and answers with a fresh id and a time. */
function work(schema: string, key: string | undefined, calls: { n: number }) {
  return async (tx: Transaction, ids: IdSource) => {
    calls.n++;
    const messageId = ids.next();
    await tx.query(`INSERT INTO ${ident(schema)}.work_log (key, message_id) VALUES ($1, $2)`, [key ?? null, messageId]);
    await sleep(50);
    return { orderId: randomUUID(), messageId, placedAt: new Date('2030-01-02T03:04:05.678Z'), total: 12.5 };
  };
}

test('the same key three times at once: the work runs once and all three get the same response', async (t) => {
  const { schema, keys, ran } = await setup(t);
  const key = randomUUID();
  const calls = { n: 0 };
  const request = { consumerId: 'c1', items: [{ id: 'i1', quantity: 2 }] };
  const responses = await Promise.all([1, 2, 3].map(() => keys.run('createOrder', key, request, work(schema, key, calls))));
  assert.equal(calls.n, 1);
  assert.deepStrictEqual(responses[1], responses[0]);
  assert.deepStrictEqual(responses[2], responses[0]);
  // What every caller sees is the stored (JSON) answer, the first caller included.
  const messageId = idempotentIds(`createOrder:${key}`).next();
  assert.deepStrictEqual(responses[0], { orderId: responses[0].orderId, messageId, placedAt: '2030-01-02T03:04:05.678Z', total: 12.5 });
  assert.deepEqual(await ran(key), [messageId]);

  // A later repeat, after the fact, gets it too.
  assert.deepStrictEqual(await keys.run('createOrder', key, request, work(schema, key, calls)), responses[0]);
  assert.equal(calls.n, 1);
});

test('the same key with a different request is a Conflict (CONFLICT), and changes nothing', async (t) => {
  const { schema, keys, ran } = await setup(t);
  const key = randomUUID();
  const calls = { n: 0 };
  const first = await keys.run('createOrder', key, { consumerId: 'c1' }, work(schema, key, calls));
  await assert.rejects(keys.run('createOrder', key, { consumerId: 'c2' }, work(schema, key, calls)), (error: unknown) => {
    assert.ok(error instanceof Conflict, `expected Conflict, got ${String(error)}`);
    assert.equal(error.code, 'CONFLICT');
    assert.equal(error.message, 'idempotency key was used with a different request');
    return true;
  });
  assert.equal(calls.n, 1);
  assert.equal((await ran(key)).length, 1);
  assert.deepStrictEqual(await keys.run('createOrder', key, { consumerId: 'c1' }, work(schema, key, calls)), first);
});

test('a request is compared by value: key order does not matter, a missing request is a request', async (t) => {
  const { schema, keys } = await setup(t);
  const calls = { n: 0 };
  const key = randomUUID();
  const first = await keys.run('reviseOrder', key, { a: 1, b: { x: [1, 2], y: null } }, work(schema, key, calls));
  assert.deepStrictEqual(await keys.run('reviseOrder', key, { b: { y: null, x: [1, 2] }, a: 1 }, work(schema, key, calls)), first);
  await assert.rejects(keys.run('reviseOrder', key, { a: 1, b: { x: [2, 1], y: null } }, work(schema, key, calls)), Conflict);
  assert.equal(calls.n, 1);

  const noRequest = randomUUID();
  const once = await keys.run('cancelOrder', noRequest, undefined, work(schema, noRequest, calls));
  assert.deepStrictEqual(await keys.run('cancelOrder', noRequest, undefined, work(schema, noRequest, calls)), once);
  assert.equal(calls.n, 2);
});

test('a key is per operation; without a key the work runs every time', async (t) => {
  const { schema, keys, ran } = await setup(t);
  const key = randomUUID();
  const calls = { n: 0 };
  const a = await keys.run('createOrder', key, {}, work(schema, key, calls));
  const b = await keys.run('cancelOrder', key, {}, work(schema, key, calls));
  assert.notEqual(a.orderId, b.orderId);
  assert.equal(calls.n, 2);
  // Message ids derive from operation and key: reusing a key for another operation must not
  // reuse its message ids (JetStream's duplicate window and every inbox would drop them).
  assert.deepEqual(await ran(key), [idempotentIds(`createOrder:${key}`).next(), idempotentIds(`cancelOrder:${key}`).next()]);
  assert.notEqual(a.messageId, b.messageId);

  const none = { n: 0 };
  const x = await keys.run('createOrder', undefined, {}, work(schema, undefined, none));
  const y = await keys.run('createOrder', undefined, {}, work(schema, undefined, none));
  assert.equal(none.n, 2);
  assert.notEqual(x.messageId, y.messageId);
});

test('work that throws stores nothing: the same key runs again; a void answer is stored as null', async (t) => {
  const { schema, keys, ran } = await setup(t);
  const key = randomUUID();
  const calls = { n: 0 };
  await assert.rejects(
    keys.run('createOrder', key, {}, async (tx, ids) => {
      await work(schema, key, calls)(tx, ids);
      throw new Error('refused');
    }),
    /refused/,
  );
  assert.deepEqual(await ran(key), []);
  await keys.run('createOrder', key, {}, work(schema, key, calls));
  assert.equal(calls.n, 2);
  assert.deepEqual(await ran(key), [idempotentIds(`createOrder:${key}`).next()]);

  const voidKey = randomUUID();
  let voidCalls = 0;
  const answers = await Promise.all(
    [1, 2].map(() =>
      keys.run('archive', voidKey, {}, async () => {
        voidCalls++;
      }),
    ),
  );
  assert.deepEqual(answers, [null, null]);
  assert.equal(voidCalls, 1);
});

test('a version conflict inside the work reruns the whole transaction, ids restarted', async (t) => {
  const { db, schema, keys, ran } = await setup(t);
  const events = new EventStore(db, schema);
  const key = randomUUID();
  const stream = `Counter-${key}`;
  let attempts = 0;
  const response = await keys.run('add', key, { n: 1 }, async (tx, ids) => {
    attempts++;
    const version = (await events.readStream(tx, stream)).length;
    const messageId = ids.next();
    await tx.query(`INSERT INTO ${ident(schema)}.work_log (key, message_id) VALUES ($1, $2)`, [key, messageId]);
    // Another writer takes the next version first, once.
    if (attempts === 1) await events.append(db, stream, version, [{ type: 'Added', data: { by: 'other' } }]);
    await events.append(tx, stream, version, [{ type: 'Added', data: { by: 'us' } }]);
    return { version: version + 1, messageId };
  });
  assert.equal(attempts, 2);
  const messageId = idempotentIds(`add:${key}`).next();
  assert.deepStrictEqual(response, { version: 2, messageId });
  assert.deepEqual(await ran(key), [messageId]);
  assert.deepEqual(
    (await events.readStream(db, stream)).map((r) => [r.version, r.event.data]),
    [
      [1, { by: 'other' }],
      [2, { by: 'us' }],
    ],
  );
});

test('idempotentIds(key) is deterministic per key and ordinal, and yields UUIDv5', () => {
  const key = randomUUID();
  const a = idempotentIds(key);
  const b = idempotentIds(key);
  const first = [a.next(), a.next(), a.next()];
  assert.deepEqual([b.next(), b.next(), b.next()], first);
  assert.equal(new Set(first).size, 3);
  for (const id of first) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const other = idempotentIds(`${key}x`);
  assert.equal(
    [other.next(), other.next(), other.next()].some((id) => first.includes(id)),
    false,
  );
  // Pinned: a change of namespace or derivation would change every id ever published for a key.
  const pinned = idempotentIds('order-1');
  assert.deepEqual([pinned.next(), pinned.next()], [PINNED_0, PINNED_1]);
});

const PINNED_0 = '1e776b0d-6d91-500e-ae95-d8c183a3bb80';
const PINNED_1 = '6f903142-c745-5e98-b24f-c0914208a0fd';
