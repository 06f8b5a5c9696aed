import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nanos } from '@nats-io/transport-node';
import type { NatsBus } from '../src/messaging/nats/nats-bus.js';
import { consumerName, type OutboxSink } from '../src/messaging/port.js';
import type { Relay } from '../src/messaging/relay.js';
import { fastRetryPolicy } from '../src/messaging/retry-policy.js';
import { eventually, messagingKinds } from '../src/testing/index.js';
import { ChildProcess } from './support/child.js';
import {
  aggregateIn,
  aggregates,
  cluster,
  durablesOf,
  Effects,
  inboxCount,
  orderEvent,
  orderEvents,
  outboxCounts,
  publish,
  range,
  SERVICES_UNDER_TEST,
  type Seen,
  sleep,
  startRelay,
  streamMessages,
} from './support/messaging.js';

/**
 * Nothing is lost when a process dies at any point (DESIGN, Two ways to run): the relay between
 * the broker's ack and its mark, a consumer inside its handler's transaction, the leading relay
 * in the middle of a long run. "Dies" is SIGKILL of a child process where it matters: its
 * connections drop, Postgres rolls back its open transaction and frees its advisory locks.
 */
for (const kind of messagingKinds()) {
  describe(`crashes: ${kind}`, () => {
    test('relay killed after the broker acknowledged a batch, before marking it: republished, handled once', async (t) => {
      const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(3, 50) });
      const effects = await Effects.create(platform);
      const spec = orderEvents(platform);
      const log: Seen[] = [];
      await platform.bus.subscribe(spec, effects.handler(spec, 'r1', log));
      const ids = aggregates(10);
      await publish(
        platform,
        'order',
        range(1, 5).flatMap((v) => ids.map((id) => orderEvent(platform, id, v))),
      );
      const handed: string[] = [];
      let relay!: Relay;
      const sink: OutboxSink = {
        outboxIsTheLog: platform.bus.sink.outboxIsTheLog,
        publish: async (schema, rows, leader) => {
          await platform.bus.sink.publish(schema, rows, leader);
          handed.push(...rows.map((r) => r.envelope.id));
          // The broker holds the batch; the relay's connection dies before its UPDATE.
          if (handed.length === rows.length) relay.crash();
        },
      };
      relay = startRelay(platform, 'order', sink);
      await eventually(async () => (await outboxCounts(platform, 'order')).published === 50, 15_000, 'all 50 rows marked');
      await eventually(async () => (await effects.count()) === 50, 15_000, '50 effects');
      await sleep(500);

      if (kind === 'nats') {
        // The first batch went to the broker twice; JetStream kept one copy of each (Nats-Msg-Id).
        assert.equal(handed.length, 100, 'every row published twice');
        assert.equal(await streamMessages(platform, 'FTGO_EVENTS'), 50);
      } else {
        // Local: handing rows over is stamping them, in one statement with the mark: nothing to redo.
        assert.equal(handed.length, 50, 'the stamp committed with the mark');
      }
      assert.equal(log.length, 50, 'each message delivered once');
      assert.equal(await effects.count(), 50);
      const byAggregate = await effects.versionsByAggregate();
      for (const id of ids) assert.deepStrictEqual(byAggregate.get(id), range(1, 5));
    });

    test('consumer killed inside its handler transaction: the other replica handles the message, effect once', async (t) => {
      const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(5, 50) });
      const spec = orderEvents(platform, 'projection');
      const effects = await Effects.create(platform);
      platform.startRelay('order');
      const id = aggregateIn(7);
      const victim = ChildProcess.start(t, {
        kind,
        namespace: platform.config.namespace,
        services: SERVICES_UNDER_TEST,
        role: 'consumer',
        spec,
        blockAt: { aggregateId: id, version: 4 },
      });
      await victim.waitFor('ready');
      await publish(
        platform,
        'order',
        range(1, 3).map((v) => orderEvent(platform, id, v)),
      );
      await eventually(() => victim.count('handled') === 3, 15_000, 'the victim handling versions 1-3');

      // The survivor stands by: the victim holds the partitions (NATS) or the reader's lease (local).
      const log: Seen[] = [];
      await platform.bus.subscribe(spec, effects.handler(spec, 'survivor', log));
      if (kind === 'nats') {
        // ack_wait is 30 s (DESIGN); this test does not wait that long for the dead consumer's message.
        const { jsm } = platform.bus as NatsBus;
        const stream = platform.config.naming.stream('FTGO_EVENTS');
        for (const durable of durablesOf(platform, spec)) await jsm.consumers.update(stream, durable, { ack_wait: nanos(2000) });
      }
      await publish(
        platform,
        'order',
        range(4, 10).map((v) => orderEvent(platform, id, v)),
      );
      await victim.waitFor('blocked');
      await sleep(200);
      assert.equal(await effects.count(), 3, 'version 4 written but not committed');
      assert.equal(log.length, 0, 'the survivor only stands by');

      const killedAt = Date.now();
      await victim.kill();
      await eventually(async () => (await effects.count()) === 10, 20_000, 'versions 4-10 on the survivor');
      const recovered = Date.now() - killedAt;
      await sleep(500);

      const rows = await effects.rows();
      assert.deepStrictEqual(
        rows.map((r) => [r.version, r.replica]),
        range(1, 10).map((v) => [v, v <= 3 ? 'child' : 'survivor']),
        'each version once, in order, versions 4-10 by the survivor',
      );
      const first = log.find((s) => s.version === 4)!;
      // NATS counts deliveries: the victim's was the first. Locally a new reader starts again at 1.
      assert.equal(first.attempt, kind === 'nats' ? 2 : 1);
      assert.ok(recovered < 10_000, `recovered ${recovered} ms after the kill`);
      t.diagnostic(`${kind}: handled on the survivor ${recovered} ms after the kill`);
    });

    test('leading relay killed in a 10,000-message run: the standby takes over within seconds, nothing lost', async (t) => {
      const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(3, 50) });
      const spec = orderEvents(platform, 'projection');
      const effects = await Effects.create(platform);
      const log: Seen[] = [];
      await platform.bus.subscribe(spec, effects.handler(spec, 'r1', log));
      const leader = ChildProcess.start(t, { kind, namespace: platform.config.namespace, services: SERVICES_UNDER_TEST, role: 'relay', service: 'order' });
      await leader.waitFor('leading');
      const standby = platform.startRelay('order');
      await sleep(300);
      assert.equal(standby.isLeader, false, 'one leader per outbox');

      const AGGREGATES = 200;
      const VERSIONS = 50;
      const TOTAL = AGGREGATES * VERSIONS;
      const ids = aggregates(AGGREGATES);
      const writing = (async () => {
        for (let v = 1; v <= VERSIONS; v++)
          await publish(
            platform,
            'order',
            ids.map((id) => orderEvent(platform, id, v)),
          );
      })();
      await eventually(async () => (await outboxCounts(platform, 'order')).published >= TOTAL * 0.3, 30_000, 'the leader publishing');
      const killedAt = Date.now();
      await leader.kill();
      await eventually(() => standby.isLeader, 10_000, 'the standby leading');
      const takeover = Date.now() - killedAt;
      await writing;
      await eventually(async () => (await effects.count()) === TOTAL, 60_000, `${TOTAL} effects`);
      const done = Date.now() - killedAt;
      await sleep(500);

      assert.ok(takeover < 5000, `standby took over ${takeover} ms after the kill`);
      assert.deepStrictEqual(await outboxCounts(platform, 'order'), { rows: TOTAL, published: TOTAL });
      assert.equal(await inboxCount(platform, 'kitchen', consumerName(spec)), TOTAL);
      const rows = await effects.rows();
      assert.equal(rows.length, TOTAL);
      assert.equal(new Set(rows.map((r) => r.messageId)).size, TOTAL);
      assert.equal(new Set(log.map((s) => s.id)).size, TOTAL, 'distinct ids handed to the handler');
      const byAggregate = await effects.versionsByAggregate();
      for (const id of ids) assert.deepStrictEqual(byAggregate.get(id), range(1, VERSIONS), `versions of ${id}`);
      if (kind === 'nats') assert.equal(await streamMessages(platform, 'FTGO_EVENTS'), TOTAL, 'republished rows dropped as duplicates');
      t.diagnostic(`${kind}: takeover ${takeover} ms; all ${TOTAL} handled ${done} ms after the kill; ${log.length - TOTAL} redeliveries`);
    });
  });
}
