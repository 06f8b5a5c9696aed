import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { reply } from '@ftgo/schema';
import { DeadLetters } from '../src/messaging/dead-letters.js';
import { OUTBOX_COLUMNS, toOutboxRow } from '../src/messaging/outbox.js';
import { consumerName, type Delivery, type SubscriptionSpec } from '../src/messaging/port.js';
import { fastRetryPolicy } from '../src/messaging/retry-policy.js';
import { ident } from '../src/postgres/database.js';
import { eventually, keptFor, messagingKinds } from '../src/testing/index.js';
import {
  aggregateIn,
  aggregates,
  cluster,
  Effects,
  kitchenCommand,
  kitchenCommands,
  normalized,
  orderEvent,
  orderEvents,
  publish,
  range,
  type Seen,
  seen,
  sleep,
  TestCommand,
  unacknowledged,
} from './support/messaging.js';

const TestReply = reply<{ ticketId: string }>('kitchen', 'TestReply');

/**
 * The messaging port's contract (DESIGN, Messaging), one body for every adapter: at-least-once
 * delivery of the whole envelope, ack after the handler, redelivery with attempt numbers, dead
 * letters after the last attempt, sequenced parking, per-aggregate order across replicas,
 * duplicates dropped, unordered subscriptions, live feeds.
 */
for (const kind of messagingKinds()) {
  describe(`messaging contract: ${kind}`, () => {
    test('delivers every kind of message with its envelope intact', async (t) => {
      const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(3, 50) });
      const events: Delivery[] = [];
      const commands: Delivery[] = [];
      const replies: Delivery[] = [];
      await platform.bus.subscribe(orderEvents(platform), async (d) => void events.push(d));
      await platform.bus.subscribe(kitchenCommands(platform), async (d) => void commands.push(d));
      const sagaType = `Saga${randomUUID().slice(0, 8)}`;
      await platform.bus.subscribe(
        { service: 'order', name: 'replies', subject: platform.config.naming.replies(sagaType), ordered: false },
        async (d) => void replies.push(d),
      );
      platform.startRelay('order');
      platform.startRelay('kitchen');

      const orderId = randomUUID();
      const context = { correlationId: randomUUID(), causationId: randomUUID(), traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
      const payload = { text: 'Bœuf à la mode 🍲', nested: { list: [1, 2.5, null, true], empty: {} }, quote: '"\'\\' };
      const event = platform.messages('order').eventNamed('Order', 'OrderCreated', { id: orderId, version: 7 }, payload, context);
      const saga = { sagaId: randomUUID(), sagaType, sagaStep: 'createTicket' };
      const cmd = platform.messages('order').command('kitchen', TestCommand, { type: 'Ticket', id: orderId }, { n: 1 }, saga, context);
      await publish(platform, 'order', [event, cmd]);
      await eventually(() => events.length === 1 && commands.length === 1, 10_000, 'the event and the command');

      const answer = platform.messages('kitchen').reply(commands[0].envelope, TestReply, 'FAILURE', { ticketId: orderId });
      await publish(platform, 'kitchen', [answer]);
      await eventually(() => replies.length === 1, 10_000, 'the reply');

      assert.deepStrictEqual(events[0].envelope, normalized(event));
      assert.deepStrictEqual(commands[0].envelope, normalized(cmd));
      assert.deepStrictEqual(replies[0].envelope, normalized(answer));
      // What the headers carry, spelled out (the deep equality above would also pass if both lost them).
      assert.deepStrictEqual(events[0].envelope.headers, context);
      assert.equal(events[0].envelope.aggregateVersion, 7);
      assert.deepStrictEqual(commands[0].envelope.headers, { ...context, ...saga, replyTo: platform.config.naming.replies(sagaType) });
      assert.equal(commands[0].envelope.aggregateVersion, null);
      assert.deepStrictEqual(replies[0].envelope.headers, {
        correlationId: context.correlationId,
        causationId: cmd.id,
        traceparent: context.traceparent,
        ...saga,
        outcome: 'FAILURE',
      });
      for (const d of [events[0], commands[0], replies[0]]) assert.deepStrictEqual([d.attempt, d.maxAttempts], [1, 3]);
    });

    test('acknowledges a handled message: it is not delivered again, not even to a new subscription', async (t) => {
      const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(3, 50) });
      const ordered = orderEvents(platform);
      const unordered = kitchenCommands(platform);
      const first: string[] = [];
      const subs = [
        await platform.bus.subscribe(ordered, async (d) => void first.push(d.envelope.id)),
        await platform.bus.subscribe(unordered, async (d) => void first.push(d.envelope.id)),
      ];
      platform.startRelay('order');
      const ids = aggregates(5);
      const sent = [...ids.map((id) => orderEvent(platform, id, 1)), ...ids.map((id, n) => kitchenCommand(platform, id, n))];
      await publish(platform, 'order', sent);
      await eventually(() => first.length >= sent.length, 10_000, 'every message');
      await eventually(async () => (await unacknowledged(platform, ordered)) + (await unacknowledged(platform, unordered)) === 0, 10_000, 'acks');
      await sleep(1000);
      assert.deepStrictEqual([...first].sort(), sent.map((m) => m.id).sort(), 'each message delivered once');

      // A new subscription of the same consumers starts after what was acknowledged.
      for (const sub of subs) await sub.close();
      const second: string[] = [];
      await platform.bus.subscribe(ordered, async (d) => void second.push(d.envelope.id));
      await platform.bus.subscribe(unordered, async (d) => void second.push(d.envelope.id));
      const markers = [orderEvent(platform, ids[0], 2), kitchenCommand(platform, ids[0], 99)];
      await publish(platform, 'order', markers);
      await eventually(() => second.length >= 2, 10_000, 'the markers');
      await sleep(1000);
      assert.deepStrictEqual([...second].sort(), markers.map((m) => m.id).sort());
      assert.equal(first.length, sent.length);
    });

    for (const ordered of [true, false]) {
      const what = ordered ? 'ordered' : 'unordered';
      test(`forgets a closed subscription: nothing is kept for it, and subscribed again it starts over (${what})`, async (t) => {
        const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(3, 50) });
        const spec = ordered ? orderEvents(platform) : kitchenCommands(platform);
        const first: string[] = [];
        const subscription = await platform.bus.subscribe(spec, async (d) => void first.push(d.envelope.id));
        platform.startRelay('order');
        const sent = aggregates(3).map((id, n) => (ordered ? orderEvent(platform, id, 1) : kitchenCommand(platform, id, n)));
        await publish(platform, 'order', sent);
        await eventually(() => first.length >= sent.length, 10_000, 'every message');
        await eventually(async () => (await unacknowledged(platform, spec)) === 0, 10_000, 'acks');
        assert.notDeepStrictEqual(await keptFor(platform, spec), []);

        await subscription.close();
        await platform.bus.forget(spec);
        await platform.bus.forget(spec);
        assert.deepStrictEqual(await keptFor(platform, spec), []);

        const again: string[] = [];
        await platform.bus.subscribe(spec, async (d) => void again.push(d.envelope.id));
        await eventually(() => again.length >= sent.length, 10_000, 'the messages again');
        assert.deepStrictEqual([...again].sort(), sent.map((m) => m.id).sort());
      });

      test(`redelivers after a handler error with attempt numbers 1, 2, 3 (${what})`, async (t) => {
        const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(5, 50) });
        const spec = ordered ? orderEvents(platform) : kitchenCommands(platform);
        const effects = await Effects.create(platform);
        const log: Seen[] = [];
        const record = effects.handler(spec, 'r1');
        await platform.bus.subscribe(spec, async (d) => {
          if (d.envelope.aggregateId === flaky && d.attempt < 3) {
            log.push(seen(d, 'r1'));
            throw new Error(`flaky ${d.attempt}`);
          }
          await record(d);
          log.push(seen(d, 'r1'));
        });
        platform.startRelay('order');
        const flaky = aggregateIn(3);
        const steady = aggregateIn(9);
        const make = (id: string) => (ordered ? orderEvent(platform, id, 1) : kitchenCommand(platform, id, 1));
        const [a, b] = [make(flaky), make(steady)];
        await publish(platform, 'order', [a, b]);
        await eventually(async () => (await effects.count()) === 2, 10_000, 'both effects');
        await sleep(500);
        const attemptsOf = (id: string) => log.filter((s) => s.id === id).map((s) => [s.attempt, s.maxAttempts]);
        assert.deepStrictEqual(attemptsOf(a.id), [
          [1, 5],
          [2, 5],
          [3, 5],
        ]);
        assert.deepStrictEqual(attemptsOf(b.id), [[1, 5]]);
        assert.deepStrictEqual(
          (await effects.rows()).map((r) => [r.messageId, r.attempt]).sort(),
          [
            [a.id, 3],
            [b.id, 1],
          ].sort(),
        );
      });

      test(`dead-letters after maxAttempts failures and goes on (${what})`, async (t) => {
        const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(3, 50) });
        const spec = ordered ? orderEvents(platform) : kitchenCommands(platform);
        const attempts: number[] = [];
        const handled: string[] = [];
        const poison = aggregateIn(5);
        await platform.bus.subscribe(spec, async (d) => {
          if (d.envelope.aggregateId === poison) {
            attempts.push(d.attempt);
            throw new Error(`poison ${d.envelope.id}`);
          }
          handled.push(d.envelope.id);
        });
        platform.startRelay('order');
        const make = (id: string, n: number) => (ordered ? orderEvent(platform, id, n) : kitchenCommand(platform, id, n));
        const bad = make(poison, 1);
        const before = make(aggregateIn(5), 1);
        await publish(platform, 'order', [bad, before]);
        const letters = new DeadLetters(platform.db, platform.schema('kitchen'));
        const [letter] = await eventually(async () => {
          const open = await letters.open(consumerName(spec));
          return open.length > 0 ? open : undefined;
        });
        const after = make(aggregateIn(11), 1);
        await publish(platform, 'order', [after]);
        await eventually(() => handled.length === 2, 10_000, 'the messages around the poison');
        await sleep(500);

        assert.deepStrictEqual(attempts, [1, 2, 3], 'three attempts, no fourth');
        assert.deepStrictEqual(handled.sort(), [before.id, after.id].sort());
        const open = await letters.open(consumerName(spec));
        assert.equal(open.length, 1);
        assert.deepStrictEqual(
          {
            consumer: letter.consumer,
            messageId: letter.messageId,
            aggregateId: letter.aggregateId,
            status: letter.status,
            error: letter.error,
            attempts: letter.attempts,
          },
          { consumer: consumerName(spec), messageId: bad.id, aggregateId: poison, status: 'DEAD', error: `poison ${bad.id}`, attempts: 3 },
        );
        assert.deepStrictEqual(letter.envelope, normalized(bad));
      });
    }

    test('parks the later messages of a dead-lettered aggregate, while other aggregates go on', async (t) => {
      const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(2, 50) });
      const spec = orderEvents(platform);
      const handled: Seen[] = [];
      const poisoned = aggregateIn(6);
      const samePartition = aggregateIn(6);
      const otherPartition = aggregateIn(13);
      await platform.bus.subscribe(spec, async (d) => {
        handled.push(seen(d, 'r1'));
        if (d.envelope.aggregateId === poisoned && d.envelope.aggregateVersion === 1) throw new Error('cannot apply');
      });
      platform.startRelay('order');
      const a1 = orderEvent(platform, poisoned, 1);
      const a2 = orderEvent(platform, poisoned, 2);
      await publish(platform, 'order', [a1, a2, orderEvent(platform, samePartition, 1), orderEvent(platform, otherPartition, 1)]);
      const letters = new DeadLetters(platform.db, platform.schema('kitchen'));
      await eventually(async () => (await letters.open(consumerName(spec))).length === 2, 10_000, 'the dead letter and the parked message');
      // Published after the dead letter exists: parked too.
      const a3 = orderEvent(platform, poisoned, 3);
      await publish(platform, 'order', [a3, orderEvent(platform, samePartition, 2), orderEvent(platform, otherPartition, 2)]);
      const versions = (id: string) => handled.filter((s) => s.aggregateId === id).map((s) => s.version);
      await eventually(() => versions(samePartition).length === 2 && versions(otherPartition).length === 2, 10_000, 'the other aggregates');
      await eventually(async () => (await letters.open(consumerName(spec))).length === 3, 10_000, 'the third letter');
      await sleep(500);

      assert.deepStrictEqual(versions(poisoned), [1, 1], 'two attempts at version 1, later versions never handed to the handler');
      assert.deepStrictEqual(versions(samePartition), [1, 2]);
      assert.deepStrictEqual(versions(otherPartition), [1, 2]);
      const open = await letters.open(consumerName(spec));
      assert.deepStrictEqual(
        open.map((l) => [l.messageId, l.aggregateId, l.status, l.error, l.attempts]),
        [
          [a1.id, poisoned, 'DEAD', 'cannot apply', 2],
          [a2.id, poisoned, 'PARKED', null, 0],
          [a3.id, poisoned, 'PARKED', null, 0],
        ],
      );
    });

    test('keeps per-aggregate order and exactly-once effects with two replicas of one consumer and a hand-over', async (t) => {
      const [p1, p2] = await cluster(t, kind, { retry: fastRetryPolicy(3, 50), replicas: 2 });
      const spec = orderEvents(p1, 'projection');
      const effects = await Effects.create(p1);
      const busy = new Map<string, string>();
      const overlaps: string[] = [];
      const log: Seen[] = [];
      // Both replicas live in this process, so one map sees whether an aggregate is ever handled twice at once.
      const guarded = (replica: string, handle: (d: Delivery) => Promise<void>) => async (d: Delivery) => {
        const other = busy.get(d.envelope.aggregateId);
        if (other) overlaps.push(`${d.envelope.aggregateId} v${d.envelope.aggregateVersion} on ${replica} while ${other}`);
        busy.set(d.envelope.aggregateId, `${replica} v${d.envelope.aggregateVersion}`);
        try {
          await sleep(Math.random() < 0.1 ? 5 : 0);
          await handle(d);
        } finally {
          busy.delete(d.envelope.aggregateId);
        }
      };
      const [s1, s2] = await Promise.all([
        p1.bus.subscribe(spec, guarded('r1', effects.handler(spec, 'r1', log))),
        p2.bus.subscribe(spec, guarded('r2', effects.on(p2).handler(spec, 'r2', log))),
      ]);
      p1.startRelay('order');
      p2.startRelay('order');

      const ids = aggregates(40);
      const VERSIONS = 20;
      const publishing = (async () => {
        // Each transaction carries the next version of a few aggregates, interleaved.
        for (let v = 1; v <= VERSIONS; v++) {
          for (let k = 0; k < ids.length; k += 10) {
            await publish(
              p1,
              'order',
              ids.slice(k, k + 10).map((id) => orderEvent(p1, id, v)),
            );
          }
        }
      })();
      // Hand over: the busier replica leaves once about a third is done.
      await eventually(() => log.length >= 250, 30_000, 'a third of the messages');
      const r1 = log.filter((s) => s.replica === 'r1').length;
      const leaving = r1 >= log.length - r1 ? s1 : s2;
      const handOverStarted = Date.now();
      await leaving.close();
      await publishing;
      const total = ids.length * VERSIONS;
      await eventually(async () => (await effects.count()) === total, 60_000, `${total} effects`);
      // A message left with the leaving replica would wait for ack_wait (30 s) and hold its partition back.
      const handOverMs = Date.now() - handOverStarted;
      assert.ok(handOverMs < 15_000, `the rest took ${handOverMs} ms after the hand-over`);
      await sleep(500);

      assert.deepStrictEqual(overlaps, []);
      const byAggregate = await effects.versionsByAggregate();
      assert.equal(byAggregate.size, ids.length);
      for (const id of ids) assert.deepStrictEqual(byAggregate.get(id), range(1, VERSIONS), `versions of ${id} in order, each once`);
      const rows = await effects.rows();
      assert.equal(new Set(rows.map((r) => r.messageId)).size, total);
      const replicas = new Set(rows.map((r) => r.replica));
      assert.deepStrictEqual([...replicas].sort(), ['r1', 'r2'], 'both replicas did part of the work');
    });

    test('works through a backlog of one partition larger than what a consumer holds in flight', async (t) => {
      const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(3, 50) });
      let handled = 0;
      const busy = Array.from({ length: 25 }, () => aggregateIn(0));
      await platform.bus.subscribe(orderEvents(platform), async (d) => {
        // The oldest message in flight is slow (a timer), so the consumer waits with a full window.
        if (d.envelope.aggregateId === busy[0] && d.envelope.aggregateVersion === 1) await sleep(200);
        handled++;
      });
      // One message on partition 1 finishes at once; 2,500 on partition 0 are queued behind each other.
      const quick = orderEvent(platform, aggregateIn(1), 1);
      await publish(platform, 'order', [quick, ...range(1, 100).flatMap((v) => busy.map((id) => orderEvent(platform, id, v)))]);
      platform.startRelay('order');
      await eventually(() => handled === 2501, 30_000, `2501 deliveries (${handled})`);
    });

    test('the same outbox rows published twice are delivered once (NATS: Nats-Msg-Id dedupe; local: a stamped row keeps its place)', async (t) => {
      const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(3, 50) });
      const deliveries: string[] = [];
      await platform.bus.subscribe(orderEvents(platform), async (d) => void deliveries.push(d.envelope.id));
      await platform.bus.subscribe(kitchenCommands(platform), async (d) => void deliveries.push(d.envelope.id));
      const id = aggregateIn(2);
      const sent = [orderEvent(platform, id, 1), orderEvent(platform, id, 2), kitchenCommand(platform, id, 1)];
      await publish(platform, 'order', sent);
      // No relay: the test is the relay, publishing the same rows twice as a relay that died before marking them would.
      const schema = platform.schema('order');
      const { rows } = await platform.db.query(`SELECT ${OUTBOX_COLUMNS} FROM ${ident(schema)}.outbox ORDER BY seq`);
      const client = await platform.db.dedicated();
      t.after(() => client.end());
      await platform.bus.sink.publish(schema, rows.map(toOutboxRow), client);
      await eventually(() => deliveries.length === 3, 10_000, 'the first publication');
      await platform.bus.sink.publish(schema, rows.map(toOutboxRow), client);
      await sleep(1500);
      assert.deepStrictEqual([...deliveries].sort(), sent.map((m) => m.id).sort());
    });

    test('a message redelivered after its effect committed is skipped by the inbox', async (t) => {
      const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(3, 50) });
      const effects = await Effects.create(platform);
      const log: Seen[] = [];
      const specs = [orderEvents(platform), kitchenCommands(platform)];
      for (const spec of specs) {
        const record = effects.handler(spec, 'r1', log);
        await platform.bus.subscribe(spec, async (d) => {
          await record(d);
          // The effect committed, then the process "failed" before the ack: delivered again.
          if (d.attempt === 1) throw new Error('lost the ack');
        });
      }
      platform.startRelay('order');
      const id = aggregateIn(4);
      const sent = [orderEvent(platform, id, 1), kitchenCommand(platform, id, 1)];
      await publish(platform, 'order', sent);
      await eventually(() => log.length >= 4, 10_000, 'two deliveries of each message');
      await eventually(async () => (await unacknowledged(platform, specs[0])) + (await unacknowledged(platform, specs[1])) === 0, 10_000, 'acks');
      await sleep(500);
      assert.deepStrictEqual(
        log.map((s) => [s.id, s.attempt]).sort(),
        sent
          .flatMap((m) => [
            [m.id, 1],
            [m.id, 2],
          ])
          .sort(),
        'delivered twice each',
      );
      const rows = await effects.rows();
      assert.deepStrictEqual(rows.map((r) => [r.messageId, r.attempt]).sort(), sent.map((m) => [m.id, 1]).sort(), 'one effect each, from attempt 1');
      const letters = new DeadLetters(platform.db, platform.schema('kitchen'));
      for (const spec of specs) assert.deepStrictEqual(await letters.open(consumerName(spec)), []);
    });

    test('an unordered subscription delivers and retries, and a failing message does not hold back the others', async (t) => {
      const [platform] = await cluster(t, kind, { retry: fastRetryPolicy(3, 1500) });
      const spec: SubscriptionSpec = kitchenCommands(platform);
      const log: Seen[] = [];
      const slow = aggregateIn(8);
      const failing = kitchenCommand(platform, slow, 1);
      await platform.bus.subscribe(spec, async (d) => {
        log.push(seen(d, 'r1'));
        if (d.envelope.id === failing.id && d.attempt === 1) throw new Error('not yet');
      });
      platform.startRelay('order');
      await publish(platform, 'order', [failing]);
      await eventually(() => log.length >= 1, 10_000, 'the first attempt');
      // Same partition, same aggregate even: commands carry no order, so these must not wait for the retry.
      const others = [kitchenCommand(platform, slow, 2), kitchenCommand(platform, aggregateIn(8), 3)];
      await publish(platform, 'order', others);
      await eventually(() => log.length >= 4, 10_000, 'the retry and the others');
      await sleep(300);
      const retriedAt = log.find((s) => s.id === failing.id && s.attempt === 2)!.at;
      for (const other of others) {
        const at = log.find((s) => s.id === other.id)!.at;
        assert.ok(at < retriedAt, `${other.id} was handled ${at - retriedAt} ms after the failing message's retry`);
      }
      assert.deepStrictEqual(log.map((s) => [s.id, s.attempt]).sort(), [[failing.id, 1], [failing.id, 2], ...others.map((o) => [o.id, 1])].sort());
    });

    test('live() shows every message to every process, in order, with no durable state', async (t) => {
      const [p1, p2] = await cluster(t, kind, { replicas: 2 });
      const id = randomUUID();
      const seenBy: Record<string, number[]> = { p1: [], p2: [], other: [] };
      await p1.bus.live(p1.config.naming.eventFilter('order', 'Order'), (e) => {
        if (e.aggregateId === id) seenBy.p1.push(e.aggregateVersion!);
      });
      await p2.bus.live(p2.config.naming.eventFilter('order', 'Order'), (e) => {
        if (e.aggregateId === id) seenBy.p2.push(e.aggregateVersion!);
      });
      await p2.bus.live(p2.config.naming.eventFilter('order', 'Elsewhere'), () => void seenBy.other.push(0));
      p1.startRelay('order');
      for (let v = 1; v <= 10; v++) await publish(p1, 'order', [orderEvent(p1, id, v)]);
      await eventually(() => seenBy.p1.length >= 10 && seenBy.p2.length >= 10, 10_000, 'both processes');
      await sleep(500);
      assert.deepStrictEqual(seenBy, { p1: range(1, 10), p2: range(1, 10), other: [] });
    });
  });
}
