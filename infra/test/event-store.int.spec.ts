import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type TestContext, test } from 'node:test';
import { partitionOf } from '@ftgo/schema';
import { AggregateStore, type Decider } from '../src/es/aggregate-store.js';
import { ConcurrencyError, EventStore, type RecordedEvent } from '../src/es/event-store.js';
import { idempotentIds } from '../src/messaging/message-factory.js';
import type { Platform } from '../src/platform.js';
import { ident } from '../src/postgres/database.js';
import { eventually, testPlatform } from '../src/testing/index.js';

/** A tiny aggregate: a counter whose state depends on every event and on their order. */
interface CounterState {
  count: number;
  total: number;
  digest: number;
}
type CounterCommand = { add: number[] };
type CounterEvent = { type: 'Added'; data: { n: number } };

const counter: Decider<CounterState, CounterCommand, CounterEvent> = {
  initialState: () => ({ count: 0, total: 0, digest: 7 }),
  decide: (command) => command.add.map((n) => ({ type: 'Added', data: { n } })),
  evolve: (state, event) => ({
    count: state.count + 1,
    total: state.total + event.data.n,
    digest: (state.digest * 31 + event.data.n) % 1_000_003,
  }),
};

const fold = (events: RecordedEvent<CounterEvent>[]): CounterState => events.reduce((s, r) => counter.evolve(s, r.event), counter.initialState());

interface Env {
  platform: Platform;
  schema: string;
  store: AggregateStore<CounterState, CounterCommand, CounterEvent>;
  events: EventStore;
}

/** A platform in a fresh namespace with one migrated schema, dropped when the test ends. */
async function setup(t: TestContext): Promise<Env> {
  let platform: Platform | undefined;
  // Registered first, so it runs before testPlatform's close (after-hooks run in registration order).
  t.after(async () => {
    if (platform) await platform.db.query(`DROP SCHEMA IF EXISTS ${ident(platform.schema('order'))} CASCADE`);
  });
  platform = await testPlatform(t, 'local', { services: ['order'] });
  const schema = platform.schema('order');
  const store = new AggregateStore(platform.db, schema, 'Counter', counter, platform.messages('order'));
  return { platform, schema, store, events: store.events };
}

const added = (n: number): CounterEvent => ({ type: 'Added', data: { n } });

test('concurrent appends at one expected version: exactly one wins, every other gets ConcurrencyError', async (t) => {
  const { platform, events } = await setup(t);
  const stream = `Counter-${randomUUID()}`;

  const first = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => platform.db.transaction((tx) => events.append(tx, stream, 0, [added(i)]))));
  const won = first.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
  assert.equal(won.length, 1, 'exactly one writer appends version 1');
  for (const r of first) {
    if (r.status === 'fulfilled') continue;
    assert.ok(r.reason instanceof ConcurrencyError, `expected ConcurrencyError, got ${String(r.reason)}`);
    assert.equal(r.reason.streamId, stream);
    assert.equal(r.reason.expectedVersion, 0);
  }
  assert.deepEqual(
    (await events.readStream(platform.db, stream)).map((r) => [r.version, r.event]),
    [[1, added(won[0])]],
  );

  // Again at version 1, each writer appending two events: one batch wins whole, no partial batch.
  const second = await Promise.allSettled(
    Array.from({ length: 10 }, (_, i) => platform.db.transaction((tx) => events.append(tx, stream, 1, [added(100 + i), added(200 + i)]))),
  );
  const won2 = second.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
  assert.equal(won2.length, 1);
  assert.equal(second.filter((r) => r.status === 'rejected' && r.reason instanceof ConcurrencyError).length, 9);
  assert.deepEqual(
    (await events.readStream(platform.db, stream)).map((r) => [r.version, r.event]),
    [
      [1, added(won[0])],
      [2, added(100 + won2[0])],
      [3, added(200 + won2[0])],
    ],
  );
});

test('an expected version beyond the end of the stream is a conflict, never a gap', async (t) => {
  const { platform, events } = await setup(t);
  const stream = `Counter-${randomUUID()}`;
  await assert.rejects(events.append(platform.db, stream, 3, [added(1)]), ConcurrencyError);
  assert.deepEqual(await events.readStream(platform.db, stream), []);
  await events.append(platform.db, stream, 0, [added(1)]);
  await assert.rejects(events.append(platform.db, stream, 2, [added(2)]), ConcurrencyError);
  assert.deepEqual(
    (await events.readStream(platform.db, stream)).map((r) => r.version),
    [1],
  );
});

test('append returns the recorded versions and times; readStream reads after a version', async (t) => {
  const { platform, events } = await setup(t);
  const stream = `Counter-${randomUUID()}`;
  const recorded = await events.append(platform.db, stream, 0, [added(1), added(2), added(3)], { by: 'test' });
  assert.deepEqual(
    recorded.map((r) => [r.version, r.event]),
    [
      [1, added(1)],
      [2, added(2)],
      [3, added(3)],
    ],
  );
  const { rows } = await platform.db.query<{ version: number; recorded_at: Date; metadata: unknown }>(
    `SELECT version, recorded_at, metadata FROM ${ident(events.schema)}.events WHERE stream_id = $1 ORDER BY version`,
    [stream],
  );
  assert.deepEqual(
    recorded.map((r) => r.recordedAt.getTime()),
    rows.map((r) => r.recorded_at.getTime()),
  );
  assert.deepEqual(rows[0].metadata, { by: 'test' });
  assert.deepEqual(
    (await events.readStream(platform.db, stream, 1)).map((r) => r.version),
    [2, 3],
  );
  assert.deepEqual(await events.append(platform.db, stream, 3, []), []);
});

test('AggregateStore.handle retries a conflict from a fresh load', async (t) => {
  const { platform, schema, store } = await setup(t);
  const id = randomUUID();
  const seen: number[] = [];

  // Writer A holds version 1 uncommitted; B loads version 0 and blocks on the same (stream, version).
  let releaseA!: () => void;
  const aMayCommit = new Promise<void>((resolve) => {
    releaseA = resolve;
  });
  let aWrote!: () => void;
  const aHasWritten = new Promise<void>((resolve) => {
    aWrote = resolve;
  });
  const a = platform.db.transaction(async (tx) => {
    const handled = await store.handle(id, { add: [1] }, { tx });
    aWrote();
    await aMayCommit;
    return handled;
  });
  await aHasWritten;
  const b = store.handle(id, (state) => {
    seen.push(state.count);
    return { add: [2] };
  });
  await eventually(
    async () => {
      const { rows } = await platform.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`,
        [`%${ident(schema)}.events%`],
      );
      return rows[0].n === 1;
    },
    10_000,
    'writer B to wait on writer A',
  );
  releaseA();

  assert.equal((await a).version, 1);
  const handledB = await b;
  assert.deepEqual(seen, [0, 1], 'B decided once on the stale state and once on a fresh load');
  assert.equal(handledB.version, 2);
  assert.deepEqual(handledB.state, fold(await store.events.readStream(platform.db, `Counter-${id}`)));
  assert.deepEqual(
    (await store.events.readStream<CounterEvent>(platform.db, `Counter-${id}`)).map((r) => [r.version, r.event.data.n]),
    [
      [1, 1],
      [2, 2],
    ],
  );
});

for (const writers of [2, 10]) {
  test(`${writers} concurrent handles on one aggregate all succeed, versions 1..${2 * writers} gap-free`, async (t) => {
    const { platform, store } = await setup(t);
    const id = randomUUID();
    const results = await Promise.all(Array.from({ length: writers }, (_, i) => store.handle(id, { add: [i, 1000 + i] })));
    const recorded = await store.events.readStream<CounterEvent>(platform.db, `Counter-${id}`);
    assert.deepEqual(
      recorded.map((r) => r.version),
      Array.from({ length: 2 * writers }, (_, i) => i + 1),
    );
    // Each command's two events are adjacent: nothing interleaves inside one append.
    for (let v = 0; v < recorded.length; v += 2) assert.equal(recorded[v + 1].event.data.n, recorded[v].event.data.n + 1000);
    assert.deepEqual(
      results.map((r) => r.version).sort((x, y) => x - y),
      Array.from({ length: writers }, (_, i) => 2 * (i + 1)),
    );
    assert.deepEqual((await store.load(id)).state, fold(recorded));
    assert.equal((await store.load(id)).state.count, 2 * writers);
  });
}

test('snapshot + tail equals the full replay; the snapshot is what load starts from', async (t) => {
  const { platform, schema, store, events } = await setup(t);
  const id = randomUUID();
  const stream = `Counter-${id}`;
  const snapshotVersions: (number | null)[] = [];
  for (let i = 1; i <= 45; i++) {
    await store.handle(id, { add: [i * 7] });
    snapshotVersions.push((await events.readSnapshot(platform.db, stream))?.version ?? null);
  }
  // Snapshots every 20 events: none before 20, then 20, then 40.
  assert.deepEqual(snapshotVersions, [...Array(19).fill(null), ...Array(20).fill(20), ...Array(6).fill(40)]);

  const all = await events.readStream<CounterEvent>(platform.db, stream, 0);
  assert.equal(all.length, 45);
  const snapshot = await events.readSnapshot<CounterState>(platform.db, stream);
  assert.deepEqual(snapshot, { version: 40, state: fold(all.slice(0, 40)) });
  const loaded = await store.load(id);
  assert.deepEqual(loaded, { version: 45, state: fold(all) });

  // Change the snapshot behind the store's back: load must start from it, not replay from 0.
  await platform.db.query(`UPDATE ${ident(schema)}.snapshots SET state = jsonb_set(state, '{total}', '1000000') WHERE stream_id = $1`, [stream]);
  const tail = all.slice(40).reduce((sum, r) => sum + r.event.data.n, 0);
  const fromChanged = await store.load(id);
  assert.equal(fromChanged.version, 45);
  assert.equal(fromChanged.state.total, 1_000_000 + tail);
  assert.equal(fromChanged.state.count, 45);
});

test('loadMany reads many streams in one statement exactly as load reads each, unknown ids at version 0', async (t) => {
  const { platform, schema, store } = await setup(t);
  const long = randomUUID();
  const short = randomUUID();
  const unknown = randomUUID();
  for (let i = 1; i <= 23; i++) await store.handle(long, { add: [i] }); // snapshot at 20, tail of 3
  await store.handle(short, { add: [5, 6] });
  // A changed snapshot shows loadMany starts from it, as load does.
  await platform.db.query(`UPDATE ${ident(schema)}.snapshots SET state = jsonb_set(state, '{total}', '1000') WHERE stream_id = $1`, [`Counter-${long}`]);
  const many = await store.loadMany([long, short, unknown, long, 'not-a-uuid']);
  assert.deepEqual(many.get(long), await store.load(long));
  assert.equal(many.get(long)?.state.total, 1000 + 21 + 22 + 23);
  assert.deepEqual(many.get(short), await store.load(short));
  assert.deepEqual(many.get(unknown), { version: 0, state: counter.initialState() });
  assert.deepEqual(many.get('not-a-uuid'), { version: 0, state: counter.initialState() });
  assert.equal(many.size, 4);
  assert.deepEqual(await store.loadMany([]), new Map());
});

test('a batch crossing a multiple of 20 snapshots at its last version; an older snapshot never replaces a newer one', async (t) => {
  const { platform, store, events } = await setup(t);
  const id = randomUUID();
  const stream = `Counter-${id}`;
  await store.handle(id, { add: Array.from({ length: 19 }, (_, i) => i) });
  assert.equal(await events.readSnapshot(platform.db, stream), null);
  await store.handle(id, { add: [1, 2, 3] });
  const snapshot = await events.readSnapshot<CounterState>(platform.db, stream);
  assert.equal(snapshot?.version, 22);
  assert.deepEqual(snapshot?.state, fold(await events.readStream(platform.db, stream)));
  await events.writeSnapshot(platform.db, stream, 5, counter.initialState());
  assert.equal((await events.readSnapshot(platform.db, stream))?.version, 22);
});

test('events and their outbox rows are written in one transaction', async (t) => {
  const { platform, schema, store, events } = await setup(t);
  const counts = async (id: string) => {
    const { rows } = await platform.db.query<{ events: number; outbox: number }>(
      `SELECT (SELECT count(*)::int FROM ${ident(schema)}.events WHERE stream_id = $1) AS events,
              (SELECT count(*)::int FROM ${ident(schema)}.outbox WHERE aggregate_id = $2) AS outbox`,
      [`Counter-${id}`, id],
    );
    return rows[0];
  };

  const failed = randomUUID();
  await assert.rejects(
    platform.db.transaction(async (tx) => {
      const handled = await store.handle(failed, { add: [1, 2] }, { tx });
      assert.equal(handled.version, 2);
      // Inside the transaction both are there...
      const { rows } = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(schema)}.outbox WHERE aggregate_id = $1`, [failed]);
      assert.equal(rows[0].n, 2);
      throw new Error('after handle');
    }),
    /after handle/,
  );
  // ...and after the rollback neither is.
  assert.deepEqual(await counts(failed), { events: 0, outbox: 0 });
  assert.equal(await events.readSnapshot(platform.db, `Counter-${failed}`), null);

  const committed = randomUUID();
  await platform.db.transaction((tx) => store.handle(committed, { add: [1, 2] }, { tx }));
  assert.deepEqual(await counts(committed), { events: 2, outbox: 2 });
});

test('outbox messages carry occurredAt = recorded_at, the aggregate version, subject and context', async (t) => {
  const { platform, schema, store } = await setup(t);
  const id = randomUUID();
  await store.handle(id, { add: [5] });
  const key = `key-${randomUUID()}`;
  await store.handle(id, { add: [6, 7] }, { context: { correlationId: 'corr-1', causationId: 'cause-1' }, ids: idempotentIds(key) });

  const { rows: recorded } = await platform.db.query<{ version: number; recorded_at: Date }>(
    `SELECT version, recorded_at FROM ${ident(schema)}.events WHERE stream_id = $1 ORDER BY version`,
    [`Counter-${id}`],
  );
  const { rows: outbox } = await platform.db.query<{
    id: string;
    subject: string;
    type: string;
    source: string;
    aggregate_type: string;
    aggregate_id: string;
    aggregate_version: number;
    partition: number;
    payload: { n: number; occurredAt: string };
    headers: Record<string, string>;
  }>(`SELECT * FROM ${ident(schema)}.outbox WHERE aggregate_id = $1 ORDER BY seq`, [id]);

  assert.equal(outbox.length, 3);
  const ids = idempotentIds(key);
  const naming = platform.config.naming;
  assert.deepEqual(
    outbox.map((m) => ({ ...m, payload: { ...m.payload } })),
    outbox.map((m, i) => ({
      ...m,
      id: i === 0 ? m.id : ids.next(),
      subject: naming.eventSubject('order', 'Counter', id),
      type: 'order.Added',
      source: 'order',
      aggregate_type: 'Counter',
      aggregate_id: id,
      aggregate_version: recorded[i].version,
      partition: partitionOf(id),
      payload: { n: [5, 6, 7][i], occurredAt: recorded[i].recorded_at.toISOString() },
      headers: i === 0 ? {} : { correlationId: 'corr-1', causationId: 'cause-1' },
    })),
  );
  assert.deepEqual(
    outbox.map((m) => m.aggregate_version),
    [1, 2, 3],
  );
});
