import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { fastRetryPolicy } from '@ftgo/infra';
import { eventually, messagingKinds } from '@ftgo/infra/testing';
import { kitchen } from '@ftgo/schema';
import { KitchenHarness, ORDERED_LINES } from './support/kitchen-harness.js';

const minutesFromNow = (minutes: number): Date => new Date(Date.now() + minutes * 60_000);
const within = (instant: string | null, from: number, to: number): boolean => instant !== null && Date.parse(instant) >= from && Date.parse(instant) <= to;
const withoutOccurredAt = ({ occurredAt, ...rest }: Record<string, unknown>) => rest;

/** DOMAIN §1.6 and §4: accept → preparing → ready → picked up, over each messaging adapter. */
for (const kind of messagingKinds()) {
  describe(`ticket lifecycle (${kind})`, () => {
    let k: KitchenHarness;
    before(async () => {
      k = await KitchenHarness.start(kind, fastRetryPolicy(5, 100));
    });
    after(() => k.close());

    test('accept, start preparing, mark ready, picked up by the delivery', async () => {
      const restaurantId = await k.restaurant();
      const { ticketId, orderId } = await k.ticket(restaurantId);
      const readyBy = minutesFromNow(20);

      let from = Date.now();
      const accepted = await k.app.commands.acceptTicket({ id: ticketId, readyBy });
      assert.equal(accepted.state, 'ACCEPTED');
      assert.equal(accepted.readyBy, readyBy.toISOString());
      assert.ok(within(accepted.acceptedAt, from, Date.now()), 'acceptedAt = now');
      assert.deepStrictEqual(accepted, {
        ...accepted,
        id: ticketId,
        orderId,
        restaurantId,
        lineItems: ORDERED_LINES,
        preparingAt: null,
        readyForPickupAt: null,
        pickedUpAt: null,
      });

      from = Date.now();
      const preparing = await k.app.commands.startPreparingTicket({ id: ticketId });
      assert.equal(preparing.state, 'PREPARING');
      assert.ok(within(preparing.preparingAt, from, Date.now()));
      assert.equal(preparing.acceptedAt, accepted.acceptedAt);

      from = Date.now();
      const ready = await k.app.commands.markTicketReadyForPickup({ id: ticketId });
      assert.equal(ready.state, 'READY_FOR_PICKUP');
      assert.ok(within(ready.readyForPickupAt, from, Date.now()));
      assert.equal((await k.indexRow(ticketId))?.state, 'READY_FOR_PICKUP');

      // The courier picks the food up: the delivery service's event moves the ticket, with the event's time.
      const pickedUpAt = new Date(Date.now() + 1234).toISOString();
      await k.publish('delivery', [k.pickedUp(orderId, pickedUpAt)]);
      const pickedUp = await eventually(
        async () => {
          const ticket = await k.app.queries.ticket(ticketId);
          return ticket?.state === 'PICKED_UP' ? ticket : undefined;
        },
        15_000,
        'the ticket picked up',
      );
      assert.deepStrictEqual(pickedUp, { ...ready, state: 'PICKED_UP', pickedUpAt });
      assert.equal((await k.indexRow(ticketId))?.state, 'PICKED_UP');

      // A second DeliveryPickedUp (another message) is ignored for a PICKED_UP ticket.
      const again = k.pickedUp(orderId, new Date().toISOString(), 4);
      await k.publish('delivery', [again]);
      await eventually(
        async () => (await k.platform.db.query(`SELECT 1 FROM ${k.table('inbox')} WHERE message_id = $1`, [again.id])).rowCount === 1,
        15_000,
        'the second pick-up handled',
      );
      assert.deepStrictEqual(await k.app.queries.ticket(ticketId), pickedUp);

      // What delivery consumes (DOMAIN §2.2), versions without gaps.
      const messages = await k.ticketMessages(ticketId);
      assert.deepStrictEqual(
        messages.map((m) => [m.type, m.version]),
        ['TicketCreated', 'TicketCreateConfirmed', 'TicketAccepted', 'TicketPreparationStarted', 'TicketReadyForPickup', 'TicketPickedUp'].map((name, i) => [
          `kitchen.${name}`,
          i + 1,
        ]),
      );
      assert.deepStrictEqual(withoutOccurredAt(messages[2].payload), {
        ticketId,
        orderId,
        restaurantId,
        acceptedAt: accepted.acceptedAt,
        readyBy: readyBy.toISOString(),
      });
      assert.deepStrictEqual(withoutOccurredAt(messages[3].payload), { ticketId, orderId, preparingAt: preparing.preparingAt });
      assert.deepStrictEqual(withoutOccurredAt(messages[4].payload), { ticketId, orderId, readyForPickupAt: ready.readyForPickupAt });
      assert.deepStrictEqual(withoutOccurredAt(messages[5].payload), { ticketId, orderId, pickedUpAt });
      for (const message of messages) assert.ok(typeof message.payload.occurredAt === 'string');
    });
  });
}

describe('ticket mutations and queries', () => {
  let k: KitchenHarness;
  let restaurantId: string;
  before(async () => {
    k = await KitchenHarness.start('local', fastRetryPolicy(5, 100));
    restaurantId = await k.restaurant();
  });
  after(() => k.close());

  test('refusals: not found (unknown or malformed id) first, then readyBy in the past, then the state; nothing changes', async () => {
    const pending = await k.ticket(restaurantId, { confirm: false });
    const { ticketId } = await k.ticket(restaurantId);
    const before = await k.footprint();
    const notFound = { code: 'NOT_FOUND', message: 'ticket not found' };
    const refused = { code: 'FAILED_PRECONDITION', message: 'ticket state does not allow action' };
    for (const id of [randomUUID(), 'not-a-uuid', '']) {
      await assert.rejects(k.app.commands.acceptTicket({ id, readyBy: minutesFromNow(-5) }), notFound);
      await assert.rejects(k.app.commands.startPreparingTicket({ id }), notFound);
      await assert.rejects(k.app.commands.markTicketReadyForPickup({ id }), notFound);
    }
    await assert.rejects(k.app.commands.acceptTicket({ id: ticketId, readyBy: minutesFromNow(-1) }), {
      code: 'BAD_USER_INPUT',
      message: 'readyBy is in the past',
    });
    await assert.rejects(k.app.commands.acceptTicket({ id: pending.ticketId, readyBy: minutesFromNow(20) }), refused);
    await assert.rejects(k.app.commands.startPreparingTicket({ id: ticketId }), refused);
    await assert.rejects(k.app.commands.markTicketReadyForPickup({ id: ticketId }), refused);
    assert.deepStrictEqual(await k.footprint(), before);

    await k.app.commands.acceptTicket({ id: ticketId, readyBy: minutesFromNow(20) });
    await assert.rejects(k.app.commands.acceptTicket({ id: ticketId, readyBy: minutesFromNow(20) }), refused);
    await assert.rejects(k.app.commands.markTicketReadyForPickup({ id: ticketId }), refused);
    await k.app.commands.startPreparingTicket({ id: ticketId });
    await assert.rejects(k.app.commands.startPreparingTicket({ id: ticketId }), refused);
    await k.app.commands.markTicketReadyForPickup({ id: ticketId });
    await assert.rejects(k.app.commands.markTicketReadyForPickup({ id: ticketId }), refused);
    assert.equal((await k.app.queries.ticket(ticketId))?.state, 'READY_FOR_PICKUP');
  });

  test('idempotency keys: a repeat returns the stored view and appends nothing; another request with the key is CONFLICT', async () => {
    const { ticketId } = await k.ticket(restaurantId);
    const readyBy = minutesFromNow(25);
    const idempotencyKey = randomUUID();
    const first = await k.app.commands.acceptTicket({ id: ticketId, readyBy, idempotencyKey });
    const afterFirst = await k.footprint();
    const repeat = await k.app.commands.acceptTicket({ id: ticketId, readyBy: new Date(readyBy), idempotencyKey });
    assert.deepStrictEqual(repeat, first);
    assert.deepStrictEqual(await k.footprint(), afterFirst);
    await assert.rejects(k.app.commands.acceptTicket({ id: ticketId, readyBy: minutesFromNow(40), idempotencyKey }), {
      code: 'CONFLICT',
      message: 'idempotency key was used with a different request',
    });

    const key = randomUUID();
    const preparing = await k.app.commands.startPreparingTicket({ id: ticketId, idempotencyKey: key });
    assert.deepStrictEqual(await k.app.commands.startPreparingTicket({ id: ticketId, idempotencyKey: key }), preparing);
    const readyKey = randomUUID();
    const ready = await k.app.commands.markTicketReadyForPickup({ id: ticketId, idempotencyKey: readyKey });
    assert.deepStrictEqual(await k.app.commands.markTicketReadyForPickup({ id: ticketId, idempotencyKey: readyKey }), ready);
    assert.deepStrictEqual(
      (await k.ticketMessages(ticketId)).map((m) => m.type),
      ['TicketCreated', 'TicketCreateConfirmed', 'TicketAccepted', 'TicketPreparationStarted', 'TicketReadyForPickup'].map((name) => `kitchen.${name}`),
    );
    // The first call already answers in the stored JSON shape (times as ISO strings).
    assert.equal(first.readyBy, readyBy.toISOString());
  });

  test('queries: by id, by order (batched, in input order), by restaurant (oldest first, by state); unknown ids are absent', async () => {
    const ownRestaurant = await k.restaurant();
    const first = await k.ticket(ownRestaurant);
    const second = await k.ticket(ownRestaurant, { confirm: false });
    const third = await k.ticket(ownRestaurant);
    await k.app.commands.acceptTicket({ id: third.ticketId, readyBy: minutesFromNow(20) });

    const all = await k.app.queries.ticketsByRestaurant({ restaurantId: ownRestaurant });
    assert.deepStrictEqual(
      all.map((t) => [t.id, t.state]),
      [
        [first.ticketId, 'AWAITING_ACCEPTANCE'],
        [second.ticketId, 'CREATE_PENDING'],
        [third.ticketId, 'ACCEPTED'],
      ],
    );
    const awaiting = await k.app.queries.ticketsByRestaurant({ restaurantId: ownRestaurant, state: 'AWAITING_ACCEPTANCE' });
    assert.deepStrictEqual(
      awaiting.map((t) => t.id),
      [first.ticketId],
    );
    assert.deepStrictEqual(await k.app.queries.ticketsByRestaurant({ restaurantId: ownRestaurant, state: 'PICKED_UP' }), []);
    assert.deepStrictEqual(await k.app.queries.ticketsByRestaurant({ restaurantId: randomUUID() }), []);
    assert.deepStrictEqual(await k.app.queries.ticketsByRestaurant({ restaurantId: 'not-a-uuid', state: null }), []);

    const byOrders = await k.app.queries.ticketsByOrders([third.orderId, randomUUID(), 'bad', first.orderId.toUpperCase(), third.orderId]);
    assert.deepStrictEqual(
      byOrders.map((t) => t?.id ?? null),
      [third.ticketId, null, null, first.ticketId, third.ticketId],
    );
    assert.deepStrictEqual(byOrders[0], all[2]);
    assert.deepStrictEqual(await k.app.queries.ticketsByOrders([]), []);

    assert.deepStrictEqual(await k.app.queries.ticket(first.ticketId), all[0]);
    assert.equal(await k.app.queries.ticket(randomUUID()), null);
    assert.equal(await k.app.queries.ticket('not-a-uuid'), null);
    assert.equal(await k.app.queries.ticketByOrder(randomUUID()), null);
    assert.equal(await k.app.queries.ticketByOrder('not-a-uuid'), null);
  });

  test('a ticket past its snapshot interval reads the same as its events say', async () => {
    // 20 events make a snapshot (infra): confirm, then 9 cancel/undo pairs = 20 events, then one more after it.
    const { ticketId, orderId } = await k.ticket(restaurantId);
    for (let i = 0; i < 9; i++) {
      assert.equal((await k.send(kitchen.BeginCancelTicket, orderId, { ticketId, restaurantId }, 'beginCancelTicket', 'CancelOrder')).outcome, 'SUCCESS');
      assert.equal((await k.send(kitchen.UndoCancelTicket, orderId, { ticketId }, 'undoCancelTicket', 'CancelOrder')).outcome, 'SUCCESS');
    }
    const snapshot = await k.platform.db.query<{ version: number }>(`SELECT version FROM ${k.table('snapshots')} WHERE stream_id = $1`, [`Ticket-${ticketId}`]);
    assert.equal(snapshot.rows[0]?.version, 20);
    const accepted = await k.app.commands.acceptTicket({ id: ticketId, readyBy: minutesFromNow(20) });
    assert.deepStrictEqual(await k.app.queries.ticket(ticketId), accepted);
    assert.deepStrictEqual(await k.app.queries.ticketsByOrders([orderId]), [accepted]);
  });
});
