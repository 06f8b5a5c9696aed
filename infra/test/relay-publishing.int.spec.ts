import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OutboxRow } from '../src/messaging/outbox.js';
import { Outbox } from '../src/messaging/outbox.js';
import type { OutboxSink } from '../src/messaging/port.js';
import { fastRetryPolicy } from '../src/messaging/retry-policy.js';
import { eventually, messagingKinds } from '../src/testing/index.js';
import {
  aggregates,
  cluster,
  Effects,
  markedAmong,
  orderEvent,
  orderEvents,
  outboxCounts,
  publish,
  range,
  type Seen,
  sleep,
  startRelay,
} from './support/messaging.js';

/**
 * The relay (DESIGN, Messaging): rows `WHERE published_at IS NULL ORDER BY seq`, never "after the
 * last seq" (a transaction that commits late would be skipped), marked only after the sink (the
 * broker) acknowledged them; a failed publish leaves them to be published again.
 */
for (const kind of messagingKinds()) {
  describe(`relay: ${kind}`, () => {
    test('publishes in seq order and marks rows only after the sink acknowledged them', async (t) => {
      const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(3, 50) });
      const batches: number[][] = [];
      const markedBefore: number[] = [];
      const sink: OutboxSink = {
        outboxIsTheLog: platform.bus.sink.outboxIsTheLog,
        publish: async (schema, rows, leader) => {
          const seqs = rows.map((r) => r.seq);
          markedBefore.push(await markedAmong(platform, 'order', seqs));
          batches.push(seqs);
          await platform.bus.sink.publish(schema, rows, leader);
        },
      };
      const effects = await Effects.create(platform);
      const spec = orderEvents(platform);
      await platform.bus.subscribe(spec, effects.handler(spec, 'r1'));
      const ids = aggregates(20);
      // Written before the relay starts and while it runs, in many transactions.
      for (let v = 1; v <= 10; v++)
        await publish(
          platform,
          'order',
          ids.map((id) => orderEvent(platform, id, v)),
        );
      startRelay(platform, 'order', sink, { batchSize: 64 });
      for (let v = 11; v <= 30; v++)
        await publish(
          platform,
          'order',
          ids.map((id) => orderEvent(platform, id, v)),
        );
      await eventually(async () => (await effects.count()) === 600, 20_000, '600 effects');

      const sent = batches.flat();
      assert.deepStrictEqual(
        sent,
        [...sent].sort((a, b) => a - b),
        'seq order across batches',
      );
      assert.equal(new Set(sent).size, 600, 'each row handed to the sink once');
      assert.ok(batches.every((b) => b.length <= 64));
      assert.deepStrictEqual(
        markedBefore,
        batches.map(() => 0),
        'no row marked before the sink returned',
      );
      assert.deepStrictEqual(await outboxCounts(platform, 'order'), { rows: 600, published: 600 });
      const byAggregate = await effects.versionsByAggregate();
      for (const id of ids) assert.deepStrictEqual(byAggregate.get(id), range(1, 30));
    });

    test('publishes a transaction that commits after later ones (never "after the last seq")', async (t) => {
      const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(3, 50) });
      const handed: number[][] = [];
      const sink: OutboxSink = {
        outboxIsTheLog: platform.bus.sink.outboxIsTheLog,
        publish: async (schema, rows, leader) => {
          handed.push(rows.map((r: OutboxRow) => r.seq));
          await platform.bus.sink.publish(schema, rows, leader);
        },
      };
      const seen: string[] = [];
      await platform.bus.subscribe(orderEvents(platform), async (d) => void seen.push(d.envelope.id));
      startRelay(platform, 'order', sink);
      const [a, b] = aggregates(2);
      const early = orderEvent(platform, a, 1);
      const late = orderEvent(platform, b, 1);
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      // `early` takes the lower seq but commits last.
      const slow = platform.db.transaction(async (tx) => {
        await new Outbox(platform.schema('order')).append(tx, [early]);
        await held;
      });
      await sleep(100);
      await publish(platform, 'order', [late]);
      await eventually(() => seen.includes(late.id), 10_000, 'the later transaction');
      await sleep(300);
      assert.deepStrictEqual(seen, [late.id], 'the open transaction is not visible yet');
      release();
      await slow;
      await eventually(() => seen.length === 2, 10_000, 'the late commit');
      assert.deepStrictEqual(seen, [late.id, early.id]);
      const [lateSeq, earlySeq] = handed.flat();
      assert.ok(earlySeq < lateSeq, `the late commit has the lower seq (${earlySeq} < ${lateSeq})`);
      assert.deepStrictEqual(await outboxCounts(platform, 'order'), { rows: 2, published: 2 });
    });

    test('leaves rows unmarked when publishing fails, and publishes them when the sink is back', async (t) => {
      const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(3, 50) });
      let failing = true;
      let attempts = 0;
      const sink: OutboxSink = {
        outboxIsTheLog: platform.bus.sink.outboxIsTheLog,
        publish: async (schema, rows, leader) => {
          attempts++;
          if (failing) throw new Error('broker unavailable');
          await platform.bus.sink.publish(schema, rows, leader);
        },
      };
      const log: Seen[] = [];
      const effects = await Effects.create(platform);
      const spec = orderEvents(platform);
      await platform.bus.subscribe(spec, effects.handler(spec, 'r1', log));
      startRelay(platform, 'order', sink);
      const ids = aggregates(5);
      await publish(
        platform,
        'order',
        ids.map((id) => orderEvent(platform, id, 1)),
      );
      await eventually(() => attempts >= 3, 10_000, 'a few failed attempts');
      assert.deepStrictEqual(await outboxCounts(platform, 'order'), { rows: 5, published: 0 });
      assert.equal(log.length, 0);
      failing = false;
      await eventually(async () => (await outboxCounts(platform, 'order')).published === 5, 10_000, 'the rows marked');
      await eventually(async () => (await effects.count()) === 5, 10_000, 'five effects');
      await sleep(500);
      assert.deepStrictEqual(log.map((s) => s.aggregateId).sort(), [...ids].sort(), 'each delivered once');
    });
  });
}
