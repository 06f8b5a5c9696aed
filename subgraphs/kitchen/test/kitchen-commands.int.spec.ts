import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { fastRetryPolicy } from '@ftgo/infra';
import { eventually, messagingKinds } from '@ftgo/infra/testing';
import { kitchen, saga } from '@ftgo/schema';
import { AJANTA_MENU, KitchenHarness, ORDERED_LINES } from './support/kitchen-harness.js';

const failure = (reason: string) => ({ type: saga.Failure.type, outcome: 'FAILURE', payload: { reason } });
const succeeded = { type: saga.Success.type, outcome: 'SUCCESS', payload: {} };
const outcome = ({ type, outcome, payload }: { type: string; outcome?: string; payload: unknown }) => ({ type, outcome, payload });

/** DOMAIN §1.6 and §2.3: the kitchen as saga participant and restaurant replica, over each messaging adapter. */
for (const kind of messagingKinds()) {
  describe(`kitchen commands and replicas (${kind})`, () => {
    let k: KitchenHarness;
    let restaurantId: string;
    // 20 quick attempts: a CreateTicket waiting for its restaurant gives up after about two seconds.
    before(async () => {
      k = await KitchenHarness.start(kind, fastRetryPolicy(20, 100));
      restaurantId = await k.restaurant();
    });
    after(() => k.close());

    test('replicates restaurants by version: created, menu revised, older versions ignored', async () => {
      const id = randomUUID();
      await k.publish('restaurant', [k.restaurantEvent(id, 1)]);
      await eventually(async () => (await k.replica(id))?.version === 1, 15_000, 'version 1');
      assert.deepStrictEqual(await k.replica(id), { name: 'Ajanta', menu: AJANTA_MENU, version: 1 });

      // DOMAIN §6 menu revision: item3 at 449, item2 removed, item4 added.
      const revised = [AJANTA_MENU[0], { ...AJANTA_MENU[2], price: 449 }, { id: 'item4', name: 'Mango Lassi', price: 299 }];
      await k.publish('restaurant', [k.restaurantEvent(id, 2, revised)]);
      await eventually(async () => (await k.replica(id))?.version === 2, 15_000, 'version 2');
      assert.deepStrictEqual(await k.replica(id), { name: 'Ajanta', menu: revised, version: 2 });

      // A stale full state (v1 again, another message) is ignored; v4 after a gap applies (full-state copies, DOMAIN §0).
      const stale = k.restaurantEvent(id, 1, [{ id: 'old', name: 'Old', price: 1 }], 'Stale');
      const newest = [{ id: 'item5', name: 'Dal', price: 899 }, ...revised];
      await k.publish('restaurant', [stale, k.restaurantEvent(id, 4, newest)]);
      await eventually(async () => (await k.replica(id))?.version === 4, 15_000, 'version 4');
      assert.deepStrictEqual(await k.replica(id), { name: 'Ajanta', menu: newest, version: 4 });
      const claimed = await k.platform.db.query(`SELECT 1 FROM ${k.table('inbox')} WHERE consumer = 'kitchen.restaurant-events' AND message_id = $1`, [
        stale.id,
      ]);
      assert.equal(claimed.rowCount, 1, 'the stale event was handled (and ignored)');

      // New tickets use the revised menu (DOMAIN §4.2).
      const orderId = randomUUID();
      const lassi = [{ menuItemId: 'item4', name: 'Mango Lassi', quantity: 2 }];
      const created = await k.send(kitchen.CreateTicket, orderId, { orderId, restaurantId: id, lineItems: lassi });
      assert.equal(created.outcome, 'SUCCESS');
      const other = randomUUID();
      const removed = await k.send(kitchen.CreateTicket, other, {
        orderId: other,
        restaurantId: id,
        lineItems: [{ menuItemId: 'item2', name: 'Tikka', quantity: 1 }],
      });
      assert.deepStrictEqual(outcome(removed), failure('item2: menu item not found'));
    });

    test('CreateTicket creates a CREATE_PENDING ticket, indexes it and replies CreateTicketReply', async () => {
      const orderId = randomUUID();
      const command = k.command(kitchen.CreateTicket, orderId, { orderId, restaurantId, lineItems: ORDERED_LINES });
      const before = Date.now();
      await k.publish('order', [command]);
      const reply = await k.reply(command);
      assert.equal(reply.type, kitchen.CreateTicketReply.type);
      assert.equal(reply.outcome, 'SUCCESS');
      const ticketId = reply.payload.ticketId as string;
      assert.match(ticketId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.deepStrictEqual(reply.payload, { ticketId });
      const { sagaId, sagaType, sagaStep } = command.headers;
      assert.deepStrictEqual(reply.headers, { sagaId, sagaType, sagaStep, causationId: command.id, outcome: 'SUCCESS' });

      const view = {
        id: ticketId,
        state: 'CREATE_PENDING',
        orderId,
        restaurantId,
        lineItems: ORDERED_LINES,
        readyBy: null,
        acceptedAt: null,
        preparingAt: null,
        readyForPickupAt: null,
        pickedUpAt: null,
      };
      assert.deepStrictEqual(await k.app.queries.ticket(ticketId), view);
      assert.deepStrictEqual(await k.app.queries.ticketByOrder(orderId), view);

      const [created, ...more] = await k.ticketMessages(ticketId);
      assert.equal(more.length, 0);
      assert.equal(created.type, kitchen.TicketCreated.type);
      assert.equal(created.version, 1);
      const { occurredAt, ...payload } = created.payload;
      assert.deepStrictEqual(payload, { ticketId, orderId, restaurantId, lineItems: ORDERED_LINES });
      assert.ok(Date.parse(occurredAt as string) >= before - 1000);

      const row = await k.indexRow(ticketId);
      assert.deepStrictEqual(
        { ...row, created_at: undefined },
        { order_id: orderId, restaurant_id: restaurantId, state: 'CREATE_PENDING', created_at: undefined },
      );
      assert.ok(row!.created_at.getTime() >= before - 1000 && row!.created_at.getTime() <= Date.now());
    });

    test('CreateTicket refusals: menu item not found, then ticket already exists; nothing changes', async () => {
      const orderId = randomUUID();
      const unknownItem = [...ORDERED_LINES, { menuItemId: 'item9', name: 'Mystery', quantity: 1 }];
      const before = await k.footprint();
      assert.deepStrictEqual(
        outcome(await k.send(kitchen.CreateTicket, orderId, { orderId, restaurantId, lineItems: unknownItem })),
        failure('item9: menu item not found'),
      );
      assert.deepStrictEqual(await k.footprint(), before);
      assert.equal(await k.app.queries.ticketByOrder(orderId), null);

      const created = await k.send(kitchen.CreateTicket, orderId, { orderId, restaurantId, lineItems: ORDERED_LINES });
      assert.equal(created.outcome, 'SUCCESS');
      const once = await k.footprint();
      assert.deepStrictEqual(
        outcome(await k.send(kitchen.CreateTicket, orderId, { orderId, restaurantId, lineItems: ORDERED_LINES })),
        failure('ticket already exists'),
      );
      // DOMAIN §0 check order: the menu (NOT_FOUND) before the existing ticket (CONFLICT).
      assert.deepStrictEqual(
        outcome(await k.send(kitchen.CreateTicket, orderId, { orderId, restaurantId, lineItems: unknownItem })),
        failure('item9: menu item not found'),
      );
      assert.deepStrictEqual(await k.footprint(), once);
      assert.equal((await k.app.queries.ticketByOrder(orderId))?.id, created.payload.ticketId);
    });

    test('ConfirmCreateTicket and CancelCreateTicket: success and refusals', async () => {
      const { ticketId, orderId } = await k.ticket(restaurantId, { confirm: false });
      assert.deepStrictEqual(outcome(await k.send(kitchen.ConfirmCreateTicket, orderId, { ticketId }, 'confirmTicket')), succeeded);
      assert.equal((await k.app.queries.ticket(ticketId))?.state, 'AWAITING_ACCEPTANCE');
      assert.equal((await k.indexRow(ticketId))?.state, 'AWAITING_ACCEPTANCE');
      const before = await k.footprint();
      const refused = failure('ticket state does not allow action');
      assert.deepStrictEqual(outcome(await k.send(kitchen.ConfirmCreateTicket, orderId, { ticketId }, 'confirmTicket')), refused);
      assert.deepStrictEqual(outcome(await k.send(kitchen.CancelCreateTicket, orderId, { ticketId }, 'cancelTicket')), refused);
      assert.deepStrictEqual(await k.footprint(), before);

      const pending = await k.ticket(restaurantId, { confirm: false });
      assert.deepStrictEqual(outcome(await k.send(kitchen.CancelCreateTicket, pending.orderId, { ticketId: pending.ticketId }, 'cancelTicket')), succeeded);
      assert.equal((await k.app.queries.ticket(pending.ticketId))?.state, 'CANCELLED');
      assert.equal((await k.indexRow(pending.ticketId))?.state, 'CANCELLED');
      assert.deepStrictEqual(
        (await k.ticketMessages(pending.ticketId)).map((m) => [m.type, m.version]),
        [
          [kitchen.TicketCreated.type, 1],
          [kitchen.TicketCreateCancelled.type, 2],
        ],
      );
      assert.deepStrictEqual(
        outcome(await k.send(kitchen.ConfirmCreateTicket, pending.orderId, { ticketId: pending.ticketId }, 'confirmTicket')),
        failure('ticket state does not allow action'),
      );
    });

    test('unknown and malformed ticket ids: FAILURE ticket not found for every ticket command', async () => {
      const before = await k.footprint();
      const orderId = randomUUID();
      for (const ticketId of [randomUUID(), 'not-a-uuid']) {
        const ticket = { ticketId };
        const revised = { ticketId, revisedQuantities: [{ menuItemId: 'item1', quantity: 1 }] };
        const replies = [
          await k.send(kitchen.ConfirmCreateTicket, orderId, ticket, 'confirmTicket'),
          await k.send(kitchen.CancelCreateTicket, orderId, ticket, 'cancelTicket'),
          await k.send(kitchen.BeginCancelTicket, orderId, { ticketId, restaurantId }, 'beginCancelTicket', 'CancelOrder'),
          await k.send(kitchen.UndoCancelTicket, orderId, ticket, 'undoCancelTicket', 'CancelOrder'),
          await k.send(kitchen.ConfirmCancelTicket, orderId, ticket, 'confirmCancelTicket', 'CancelOrder'),
          await k.send(kitchen.BeginReviseTicket, orderId, revised, 'beginReviseTicket', 'ReviseOrder'),
          await k.send(kitchen.UndoReviseTicket, orderId, ticket, 'undoReviseTicket', 'ReviseOrder'),
          await k.send(kitchen.ConfirmReviseTicket, orderId, revised, 'confirmReviseTicket', 'ReviseOrder'),
        ];
        for (const reply of replies) assert.deepStrictEqual(outcome(reply), failure('ticket not found'));
      }
      assert.deepStrictEqual(await k.footprint(), before);
    });

    test('CancelOrder steps: begin, undo, confirm, each refused outside its state', async () => {
      const { ticketId, orderId } = await k.ticket(restaurantId);
      const send = (type: typeof kitchen.UndoCancelTicket, step: string) => k.send(type, orderId, { ticketId }, step, 'CancelOrder');
      const begin = () => k.send(kitchen.BeginCancelTicket, orderId, { ticketId, restaurantId }, 'beginCancelTicket', 'CancelOrder');
      const refused = failure('ticket state does not allow action');

      // Undo or confirm without a pending cancel.
      assert.deepStrictEqual(outcome(await send(kitchen.UndoCancelTicket, 'undoCancelTicket')), refused);
      assert.deepStrictEqual(outcome(await send(kitchen.ConfirmCancelTicket, 'confirmCancelTicket')), refused);

      assert.deepStrictEqual(outcome(await begin()), succeeded);
      assert.equal((await k.app.queries.ticket(ticketId))?.state, 'CANCEL_PENDING');
      assert.deepStrictEqual(outcome(await begin()), refused);
      assert.deepStrictEqual(outcome(await send(kitchen.UndoCancelTicket, 'undoCancelTicket')), succeeded);
      assert.equal((await k.app.queries.ticket(ticketId))?.state, 'AWAITING_ACCEPTANCE');

      // From ACCEPTED, undo restores ACCEPTED.
      await k.app.commands.acceptTicket({ id: ticketId, readyBy: new Date(Date.now() + 20 * 60_000) });
      assert.deepStrictEqual(outcome(await begin()), succeeded);
      assert.deepStrictEqual(outcome(await send(kitchen.UndoCancelTicket, 'undoCancelTicket')), succeeded);
      assert.equal((await k.app.queries.ticket(ticketId))?.state, 'ACCEPTED');

      assert.deepStrictEqual(outcome(await begin()), succeeded);
      assert.deepStrictEqual(outcome(await send(kitchen.ConfirmCancelTicket, 'confirmCancelTicket')), succeeded);
      assert.equal((await k.app.queries.ticket(ticketId))?.state, 'CANCELLED');
      assert.equal((await k.indexRow(ticketId))?.state, 'CANCELLED');
      assert.deepStrictEqual(outcome(await send(kitchen.ConfirmCancelTicket, 'confirmCancelTicket')), refused);
      assert.deepStrictEqual(outcome(await begin()), refused);

      const messages = await k.ticketMessages(ticketId);
      assert.deepStrictEqual(
        messages.map((m) => m.type),
        [
          'TicketCreated',
          'TicketCreateConfirmed',
          'TicketCancelling',
          'TicketCancelUndone',
          'TicketAccepted',
          'TicketCancelling',
          'TicketCancelUndone',
          'TicketCancelling',
          'TicketCancelled',
        ].map((name) => `kitchen.${name}`),
      );
      const { occurredAt, ...cancelled } = messages[8].payload;
      assert.deepStrictEqual(cancelled, { ticketId, orderId }); // delivery cancels on it (DOMAIN §2.2)
      assert.deepStrictEqual(messages[5].payload.previousState, 'ACCEPTED');
      assert.deepStrictEqual(messages[6].payload.restoredState, 'ACCEPTED');

      // A ticket in preparation refuses to be cancelled (DOMAIN §3.3: the saga compensates).
      const preparing = await k.ticket(restaurantId);
      await k.app.commands.acceptTicket({ id: preparing.ticketId, readyBy: new Date(Date.now() + 20 * 60_000) });
      await k.app.commands.startPreparingTicket({ id: preparing.ticketId });
      const beginPreparing = k.send(
        kitchen.BeginCancelTicket,
        preparing.orderId,
        { ticketId: preparing.ticketId, restaurantId },
        'beginCancelTicket',
        'CancelOrder',
      );
      assert.deepStrictEqual(outcome(await beginPreparing), refused);
      assert.equal((await k.app.queries.ticket(preparing.ticketId))?.state, 'PREPARING');
    });

    test('ReviseOrder steps: begin, undo, confirm; line item not found; refused outside its state', async () => {
      const { ticketId, orderId } = await k.ticket(restaurantId);
      const revisedQuantities = [{ menuItemId: 'item1', quantity: 1 }];
      const begin = (quantities = revisedQuantities) =>
        k.send(kitchen.BeginReviseTicket, orderId, { ticketId, revisedQuantities: quantities }, 'beginReviseTicket', 'ReviseOrder');
      const undo = () => k.send(kitchen.UndoReviseTicket, orderId, { ticketId }, 'undoReviseTicket', 'ReviseOrder');
      const confirm = (quantities = revisedQuantities) =>
        k.send(kitchen.ConfirmReviseTicket, orderId, { ticketId, revisedQuantities: quantities }, 'confirmReviseTicket', 'ReviseOrder');
      const refused = failure('ticket state does not allow action');

      const before = await k.footprint();
      assert.deepStrictEqual(outcome(await begin([{ menuItemId: 'item2', quantity: 1 }])), failure('item2: line item not found'));
      assert.deepStrictEqual(outcome(await undo()), refused);
      assert.deepStrictEqual(outcome(await confirm()), refused);
      assert.deepStrictEqual(await k.footprint(), before);

      assert.deepStrictEqual(outcome(await begin()), succeeded);
      assert.equal((await k.app.queries.ticket(ticketId))?.state, 'REVISION_PENDING');
      assert.equal((await k.indexRow(ticketId))?.state, 'REVISION_PENDING');
      assert.deepStrictEqual(outcome(await begin()), refused);
      assert.deepStrictEqual(outcome(await undo()), succeeded);
      const undone = await k.app.queries.ticket(ticketId);
      assert.equal(undone?.state, 'AWAITING_ACCEPTANCE');
      assert.deepStrictEqual(undone?.lineItems, ORDERED_LINES, 'old quantities');

      assert.deepStrictEqual(outcome(await begin()), succeeded);
      assert.deepStrictEqual(outcome(await confirm([{ menuItemId: 'item9', quantity: 1 }])), failure('item9: line item not found'));
      assert.deepStrictEqual(outcome(await confirm()), succeeded);
      const revised = await k.app.queries.ticket(ticketId);
      assert.equal(revised?.state, 'AWAITING_ACCEPTANCE');
      assert.deepStrictEqual(revised?.lineItems, [{ ...ORDERED_LINES[0], quantity: 1 }, ORDERED_LINES[1]]);
      assert.equal((await k.indexRow(ticketId))?.state, 'AWAITING_ACCEPTANCE');
      assert.deepStrictEqual(outcome(await confirm()), refused);

      const messages = await k.ticketMessages(ticketId);
      assert.deepStrictEqual(
        messages.slice(2).map((m) => m.type),
        ['TicketRevising', 'TicketReviseUndone', 'TicketRevising', 'TicketRevised'].map((name) => `kitchen.${name}`),
      );
      const { occurredAt, ...revisedEvent } = messages[5].payload;
      assert.deepStrictEqual(revisedEvent, { ticketId, orderId, revisedQuantities, restoredState: 'AWAITING_ACCEPTANCE' });
    });

    test('CreateTicket before the restaurant is replicated is retried and succeeds once the replica arrives', async () => {
      const lateRestaurant = randomUUID();
      const orderId = randomUUID();
      const command = k.command(kitchen.CreateTicket, orderId, { orderId, restaurantId: lateRestaurant, lineItems: ORDERED_LINES });
      const errors = await k.handlerErrors('kitchen.commands');
      await k.publish('order', [command]);
      await eventually(async () => (await k.handlerErrors('kitchen.commands')) >= errors + 3, 15_000, 'three failed attempts');
      assert.deepStrictEqual(await k.replies(command), [], 'no reply while the replica is missing');
      assert.equal(await k.app.queries.ticketByOrder(orderId), null);

      await k.publish('restaurant', [k.restaurantEvent(lateRestaurant, 1)]);
      const reply = await k.reply(command);
      assert.equal(reply.type, kitchen.CreateTicketReply.type);
      assert.equal(reply.outcome, 'SUCCESS');
      assert.equal((await k.app.queries.ticketByOrder(orderId))?.id, reply.payload.ticketId);
      assert.equal((await k.replies(command)).length, 1);
    });

    test('CreateTicket for a restaurant that never arrives ends in FAILURE restaurant not found on the last attempt', async () => {
      const orderId = randomUUID();
      const before = await k.footprint();
      const command = k.command(kitchen.CreateTicket, orderId, { orderId, restaurantId: randomUUID(), lineItems: ORDERED_LINES });
      const errors = await k.handlerErrors('kitchen.commands');
      await k.publish('order', [command]);
      const reply = await k.reply(command);
      assert.deepStrictEqual(outcome(reply), failure('restaurant not found'));
      assert.equal((await k.handlerErrors('kitchen.commands')) - errors, 19, 'attempts 1–19 were redelivered; the 20th replied');
      assert.deepStrictEqual(await k.footprint(), before);
      const deadLetters = await k.platform.db.query(`SELECT 1 FROM ${k.table('dead_letters')} WHERE message_id = $1`, [command.id]);
      assert.equal(deadLetters.rowCount, 0, 'answered, not dead-lettered');
    });
  });
}
