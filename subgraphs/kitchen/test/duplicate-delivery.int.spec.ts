import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { fastRetryPolicy } from '@ftgo/infra';
import { kitchen } from '@ftgo/schema';
import type { KitchenComposition } from '../src/index.js';
import { AJANTA_MENU, deliveryOf, KitchenHarness, ORDERED_LINES } from './support/kitchen-harness.js';

/**
 * At-least-once delivery, exactly-once effect (DESIGN, Messaging): the handlers the service subscribes, called
 * twice with the same delivery, act and reply once. The envelopes never enter an outbox, so only these calls see them.
 */
describe('duplicate deliveries', () => {
  let k: KitchenHarness;
  let handlers: KitchenComposition['subscriptions'];
  before(async () => {
    k = await KitchenHarness.start('local', fastRetryPolicy(3, 50));
    handlers = k.compose().subscriptions;
  });
  after(() => k.close());

  test('a saga command delivered twice creates one ticket and sends one reply', async () => {
    const restaurantId = await k.restaurant();
    const orderId = randomUUID();
    const command = k.command(kitchen.CreateTicket, orderId, { orderId, restaurantId, lineItems: ORDERED_LINES });
    await handlers.commands.handler(deliveryOf(command));
    const once = await k.footprint();
    await handlers.commands.handler(deliveryOf(command, 2));
    assert.deepStrictEqual(await k.footprint(), once);
    const replies = await k.replies(command);
    assert.equal(replies.length, 1);
    assert.equal(replies[0].type, kitchen.CreateTicketReply.type);
    const ticketId = replies[0].payload.ticketId as string;
    assert.equal((await k.app.queries.ticketByOrder(orderId))?.id, ticketId);

    // A step command too: the second delivery does not reply `ticket state does not allow action`.
    const confirm = k.command(kitchen.ConfirmCreateTicket, orderId, { ticketId }, 'confirmTicket');
    await handlers.commands.handler(deliveryOf(confirm));
    await handlers.commands.handler(deliveryOf(confirm));
    assert.deepStrictEqual(
      (await k.replies(confirm)).map((r) => r.outcome),
      ['SUCCESS'],
    );
    assert.equal((await k.app.queries.ticket(ticketId))?.state, 'AWAITING_ACCEPTANCE');
  });

  test('two CreateTickets for one order at once: one ticket, the other replies ticket already exists', async () => {
    const restaurantId = await k.restaurant();
    const orderId = randomUUID();
    const commands = [0, 1].map(() => k.command(kitchen.CreateTicket, orderId, { orderId, restaurantId, lineItems: ORDERED_LINES }));
    await Promise.all(commands.map((command) => handlers.commands.handler(deliveryOf(command))));
    const replies = (await Promise.all(commands.map((command) => k.replies(command)))).flat();
    assert.deepStrictEqual(replies.map((r) => r.outcome).sort(), ['FAILURE', 'SUCCESS']);
    const won = replies.find((r) => r.outcome === 'SUCCESS')!;
    assert.deepStrictEqual(replies.find((r) => r.outcome === 'FAILURE')?.payload, { reason: 'ticket already exists' });
    assert.equal((await k.app.queries.ticketByOrder(orderId))?.id, won.payload.ticketId);
    const streams = await k.platform.db.query(`SELECT DISTINCT stream_id FROM ${k.table('events')} WHERE data->>'orderId' = $1`, [orderId]);
    assert.equal(streams.rowCount, 1, 'the loser appended nothing');
  });

  test('a refused command delivered twice replies one FAILURE', async () => {
    const command = k.command(kitchen.ConfirmCreateTicket, randomUUID(), { ticketId: randomUUID() }, 'confirmTicket');
    await handlers.commands.handler(deliveryOf(command));
    await handlers.commands.handler(deliveryOf(command));
    assert.deepStrictEqual(
      (await k.replies(command)).map((r) => [r.outcome, r.payload]),
      [['FAILURE', { reason: 'ticket not found' }]],
    );
  });

  test('a restaurant event delivered twice is applied once', async () => {
    const restaurantId = randomUUID();
    const created = k.restaurantEvent(restaurantId, 1);
    await handlers.restaurantEvents.handler(deliveryOf(created));
    await handlers.restaurantEvents.handler(deliveryOf(created));
    assert.deepStrictEqual(await k.replica(restaurantId), { name: 'Ajanta', menu: AJANTA_MENU, version: 1 });
    const revised = k.restaurantEvent(restaurantId, 2, [AJANTA_MENU[0]]);
    await handlers.restaurantEvents.handler(deliveryOf(revised));
    await handlers.restaurantEvents.handler(deliveryOf(revised));
    assert.deepStrictEqual(await k.replica(restaurantId), { name: 'Ajanta', menu: [AJANTA_MENU[0]], version: 2 });
    const claims = await k.platform.db.query(
      `SELECT message_id FROM ${k.table('inbox')} WHERE consumer = 'kitchen.restaurant-events' AND message_id = ANY($1::uuid[])`,
      [[created.id, revised.id]],
    );
    assert.equal(claims.rowCount, 2);
  });

  test('a DeliveryPickedUp delivered twice picks the ticket up once', async () => {
    const restaurantId = await k.restaurant();
    const { ticketId, orderId } = await k.ticket(restaurantId);
    await k.app.commands.acceptTicket({ id: ticketId, readyBy: new Date(Date.now() + 20 * 60_000) });
    await k.app.commands.startPreparingTicket({ id: ticketId });
    await k.app.commands.markTicketReadyForPickup({ id: ticketId });
    const pickedUpAt = new Date().toISOString();
    const event = k.pickedUp(orderId, pickedUpAt);
    await handlers.deliveryEvents.handler(deliveryOf(event));
    const once = await k.footprint();
    await handlers.deliveryEvents.handler(deliveryOf(event));
    assert.deepStrictEqual(await k.footprint(), once);
    const ticket = await k.app.queries.ticket(ticketId);
    assert.deepStrictEqual([ticket?.state, ticket?.pickedUpAt], ['PICKED_UP', pickedUpAt]);
    assert.deepStrictEqual((await k.ticketMessages(ticketId)).filter((m) => m.type === kitchen.TicketPickedUp.type).length, 1);
  });

  test('a DeliveryPickedUp for an order without a ticket is transient: nothing is claimed, it comes back', async () => {
    const event = k.pickedUp(randomUUID(), new Date().toISOString());
    await assert.rejects(handlers.deliveryEvents.handler(deliveryOf(event)), { name: 'Transient' });
    const claims = await k.platform.db.query(`SELECT 1 FROM ${k.table('inbox')} WHERE message_id = $1`, [event.id]);
    assert.equal(claims.rowCount, 0);
  });
});
