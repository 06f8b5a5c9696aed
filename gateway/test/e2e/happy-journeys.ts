import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { eventually } from './client.js';
import { JOURNEY_TIMEOUT, type JourneyContext, type JourneyOptions } from './context.js';
import {
  ACCEPT_TICKET,
  ACCOUNT,
  ADD_ADDRESS,
  CANCEL_ORDER,
  CONSUMER,
  CONSUMER_ACCOUNT,
  CONSUMER_ORDERS,
  COURIER,
  DELIVERY,
  DISABLE_ACCOUNT,
  DROP_OFF,
  ENABLE_ACCOUNT,
  PICK_UP,
  READY_FOR_PICKUP,
  REGISTER_CONSUMER,
  RESTAURANT,
  RESTAURANT_TICKETS,
  RESTAURANTS,
  REVISE_MENU,
  REVISE_ORDER,
  SAGA,
  SET_COURIER_AVAILABILITY,
  START_PREPARING,
  TICKET,
} from './operations.js';
import type {
  Account,
  Connection,
  Consumer,
  Courier,
  Delivery,
  HistoryEntry,
  Order,
  OrderEverywhere,
  Restaurant,
  Saga,
  SagaProgress,
  Ticket,
} from './types.js';
import {
  AJANTA,
  AJANTA_ADDRESS,
  approvedOrder,
  CANCEL_ORDER_STEPS,
  CREATE_ORDER_STEPS,
  createRestaurant,
  DEMO_TOTAL,
  HOME,
  happyProgress,
  history,
  historyShows,
  mutateRetrying,
  newCourier,
  newWorld,
  orderEverywhere,
  placeDemoOrder,
  placeOrder,
  progressLines,
  REVISE_ORDER_STEPS,
  sagasEnded,
  type World,
} from './world.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HOME_ADDRESS = { ...HOME, street2: 'Apt 4' };
const MINUTE = 60_000;

/** The demo order's lines (DOMAIN §6), as Order and OrderHistoryEntry list them. */
const DEMO_LINES = [
  { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 2, total: 2598 },
  { menuItemId: 'item3', name: 'Garlic Naan', price: 399, quantity: 1, total: 399 },
];

/** The same instant, whatever the ISO spelling. */
const sameInstant = (actual: string | null | undefined, expected: string | number, what: string) => {
  assert.ok(actual, `${what} is set`);
  assert.equal(Date.parse(actual), typeof expected === 'number' ? expected : Date.parse(expected), `${what}: ${actual} vs ${expected}`);
};

/** The delivery once the delivery service has it in `status`. */
async function deliveryIn(ctx: JourneyContext, id: string, status: string): Promise<Delivery> {
  return eventually(async () => {
    const { delivery } = await ctx.client.data<{ delivery: Delivery | null }>(DELIVERY, { id });
    return delivery?.status === status ? delivery : null;
  }, `delivery ${id} to be ${status}`);
}

async function ticketIn(ctx: JourneyContext, id: string, state: string): Promise<Ticket> {
  return eventually(async () => {
    const { ticket } = await ctx.client.data<{ ticket: Ticket | null }>(TICKET, { id });
    return ticket?.state === state ? ticket : null;
  }, `ticket ${id} to be ${state}`);
}

async function accountOf(ctx: JourneyContext, consumerId: string): Promise<Account> {
  const { consumer } = await ctx.client.data<{ consumer: { account: Account | null } | null }>(CONSUMER_ACCOUNT, { id: consumerId });
  assert.ok(consumer?.account, `consumer ${consumerId} has an account`);
  return consumer.account;
}

async function courier(ctx: JourneyContext, id: string): Promise<Courier> {
  const { courier } = await ctx.client.data<{ courier: Courier | null }>(COURIER, { id });
  assert.ok(courier, `courier ${id} exists`);
  return courier;
}

/** Checks a saga against DOMAIN §3.5, its rows numbered from `firstOrderSequence` across the order. */
function assertSaga(saga: Saga, type: Saga['type'], state: Saga['state'], lines: string[], firstOrderSequence = 1): void {
  assert.equal(saga.type, type);
  assert.equal(saga.state, state, `saga ${saga.id}: ${progressLines(saga.progress).join(' | ')}`);
  assert.equal(saga.currentStep, null, 'an ended saga awaits no step');
  assert.ok(saga.endedAt, 'an ended saga has endedAt');
  assert.deepEqual(progressLines(saga.progress), lines);
  assert.deepEqual(
    saga.progress.map((p) => p.orderSequence),
    saga.progress.map((_, i) => firstOrderSequence + i),
    'orderSequence runs on across the order',
  );
}

export function registerHappyJourneys(get: () => JourneyContext, options: JourneyOptions): void {
  describe('happy path', () => {
    it('seeds the demo data: restaurant, consumer with Home and an account, a courier', { timeout: JOURNEY_TIMEOUT }, async () => {
      const { client } = get();
      const restaurant = await createRestaurant(client);
      assert.match(restaurant.id, UUID);
      assert.deepEqual(restaurant, { id: restaurant.id, name: 'Ajanta', address: AJANTA_ADDRESS, menu: AJANTA.menu });
      assert.deepEqual((await client.data<{ restaurant: Restaurant }>(RESTAURANT, { id: restaurant.id })).restaurant, restaurant);

      const { registerConsumer } = await client.data<{ registerConsumer: Consumer }>(REGISTER_CONSUMER, { name: 'Able Anders' });
      assert.match(registerConsumer.id, UUID);
      assert.deepEqual(registerConsumer, { id: registerConsumer.id, name: 'Able Anders', addresses: [] });
      const { addConsumerAddress } = await client.data<{ addConsumerAddress: Consumer }>(ADD_ADDRESS, {
        consumerId: registerConsumer.id,
        addressId: 'Home',
        address: HOME,
      });
      assert.deepEqual(addConsumerAddress, { id: registerConsumer.id, name: 'Able Anders', addresses: [{ id: 'Home', address: HOME_ADDRESS }] });
      const consumer = await eventually(async () => {
        const { consumer } = await client.data<{ consumer: Consumer | null }>(CONSUMER, { id: registerConsumer.id });
        return consumer?.account ? consumer : null;
      }, 'accounting to open the account');
      assert.deepEqual(consumer, {
        id: registerConsumer.id,
        name: 'Able Anders',
        addresses: [{ id: 'Home', address: HOME_ADDRESS }],
        account: { id: registerConsumer.id, enabled: true },
      });
      const { account } = await client.data<{ account: Account }>(ACCOUNT, { id: registerConsumer.id });
      assert.deepEqual(account, { id: registerConsumer.id, enabled: true, consumer: { id: registerConsumer.id, name: 'Able Anders' }, authorizations: [] });

      const courierId = `courier-${randomUUID()}`;
      const { setCourierAvailability } = await client.data<{ setCourierAvailability: Courier }>(SET_COURIER_AVAILABILITY, { id: courierId, available: true });
      assert.deepEqual(setCourierAvailability, { id: courierId, available: true, plan: [] });
      assert.deepEqual(await courier(get(), courierId), { id: courierId, available: true, plan: [] });
      const { setCourierAvailability: off } = await client.data<{ setCourierAvailability: Courier }>(SET_COURIER_AVAILABILITY, {
        id: courierId,
        available: false,
      });
      assert.equal(off.available, false);
    });

    it('createOrder → APPROVED: ticket AWAITING_ACCEPTANCE, authorization 2997, delivery PENDING, in the history', { timeout: JOURNEY_TIMEOUT }, async () => {
      const ctx = get();
      const { client } = ctx;
      const world = await newWorld(client);
      const placedAt = Date.now();
      const placed = await placeDemoOrder(world);
      assert.match(placed.id, UUID);
      assert.equal(placed.state, 'APPROVAL_PENDING');
      assert.equal(placed.version, 1);
      assert.equal(placed.orderTotal, DEMO_TOTAL);
      assert.deepEqual(placed.lineItems, DEMO_LINES);
      assert.deepEqual(placed.deliverTo, HOME_ADDRESS);
      assert.deepEqual(placed.consumer, { id: world.consumerId });
      assert.deepEqual(placed.restaurant, { id: world.restaurant.id });
      assert.equal(placed.rejectionReason, null);
      const deliverAt = Date.parse(placed.deliverAt);
      assert.ok(
        deliverAt >= placedAt + 30 * MINUTE - 5_000 && deliverAt <= Date.now() + 30 * MINUTE + 5_000,
        `deliverAt defaults to now + 30 min: ${placed.deliverAt}`,
      );

      await sagasEnded(client, placed.id);
      const approved = await orderEverywhere(client, placed.id);
      assert.equal(approved.state, 'APPROVED');
      assert.equal(approved.version, 2, 'OrderCreated, OrderApproved');
      assert.equal(approved.rejectionReason, null);
      assert.deepEqual(approved.restaurant, { id: world.restaurant.id, name: 'Ajanta' });
      assert.equal(approved.sagas.length, 1);
      assertSaga(approved.sagas[0], 'CREATE_ORDER', 'COMPLETED', happyProgress(CREATE_ORDER_STEPS));

      const ticket = approved.ticket;
      assert.ok(ticket, 'the order has its ticket');
      assert.match(ticket.id, UUID);
      assert.equal(ticket.state, 'AWAITING_ACCEPTANCE');
      assert.deepEqual(ticket.lineItems, [
        { menuItemId: 'item1', name: 'Chicken Vindaloo', quantity: 2 },
        { menuItemId: 'item3', name: 'Garlic Naan', quantity: 1 },
      ]);
      assert.deepEqual(ticket.order, { id: placed.id });
      assert.deepEqual(ticket.restaurant, { id: world.restaurant.id, name: 'Ajanta' });
      assert.deepEqual([ticket.readyBy, ticket.acceptedAt, ticket.preparingAt, ticket.readyForPickupAt, ticket.pickedUpAt], [null, null, null, null, null]);

      assert.deepEqual(approved.consumer, {
        id: world.consumerId,
        name: 'Able Anders',
        account: { id: world.consumerId, enabled: true, authorizations: [{ orderId: placed.id, amount: DEMO_TOTAL, state: 'AUTHORIZED' }] },
      });
      const account = await accountOf(ctx, world.consumerId);
      assert.equal(account.authorizations.length, 1);
      assert.ok(Number.isFinite(Date.parse(account.authorizations[0].at)));

      const delivery = await deliveryIn(ctx, placed.id, 'PENDING');
      assert.deepEqual(delivery, {
        id: placed.id,
        status: 'PENDING',
        readyBy: null,
        pickedUpAt: null,
        deliveredAt: null,
        pickupAddress: AJANTA_ADDRESS,
        deliveryAddress: HOME_ADDRESS,
        order: { id: placed.id },
        courier: null,
      });

      // Each entity by its own query agrees with what the order showed.
      const { saga } = await client.data<{ saga: Omit<Saga, 'progress'> & { progress: (SagaProgress & { order: { id: string } })[] } }>(SAGA, {
        id: approved.sagas[0].id,
      });
      assert.equal(saga.state, 'COMPLETED');
      assert.ok(saga.progress.every((p) => p.order.id === placed.id && p.sagaId === saga.id && p.orderId === placed.id && p.sagaType === 'CREATE_ORDER'));
      const { ticket: byId } = await client.data<{ ticket: Ticket }>(TICKET, { id: ticket.id });
      assert.equal(byId.state, 'AWAITING_ACCEPTANCE');
      const { restaurant: waiting } = await client.data<{ restaurant: { tickets: { id: string; state: string; order: { id: string } }[] } }>(
        RESTAURANT_TICKETS,
        { id: world.restaurant.id, state: 'AWAITING_ACCEPTANCE' },
      );
      assert.deepEqual(waiting.tickets, [{ id: ticket.id, state: 'AWAITING_ACCEPTANCE', order: { id: placed.id } }]);
      const { restaurant: accepted } = await client.data<{ restaurant: { tickets: unknown[] } }>(RESTAURANT_TICKETS, {
        id: world.restaurant.id,
        state: 'ACCEPTED',
      });
      assert.deepEqual(accepted.tickets, []);

      // The CQRS view: orderHistory and Consumer.orders list it.
      const page = await historyShows(client, world.consumerId, { [placed.id]: 'APPROVED' });
      assert.equal(page.edges.length, 1);
      const entry = page.edges[0].node;
      assert.deepEqual(
        { ...entry, createdAt: undefined, updatedAt: undefined },
        {
          orderId: placed.id,
          consumerId: world.consumerId,
          restaurantId: world.restaurant.id,
          restaurantName: 'Ajanta',
          state: 'APPROVED',
          orderTotal: DEMO_TOTAL,
          lineItems: DEMO_LINES,
          createdAt: undefined,
          updatedAt: undefined,
          order: { id: placed.id, state: 'APPROVED' },
        },
      );
      assert.ok(Date.parse(entry.createdAt) >= placedAt - 1_000 && Date.parse(entry.createdAt) <= Date.parse(entry.updatedAt), 'createdAt ≤ updatedAt');
      assert.deepEqual(page.pageInfo, { hasNextPage: false, endCursor: page.edges[0].cursor });
      const { consumer } = await client.data<{ consumer: { orders: Connection<HistoryEntry> } }>(CONSUMER_ORDERS, { id: world.consumerId });
      assert.deepEqual(consumer.orders, page);
    });

    it('an unknown consumer with an inline deliverTo → REJECTED "consumer not found", saga COMPENSATED', { timeout: JOURNEY_TIMEOUT }, async () => {
      const { client } = get();
      const restaurant = await createRestaurant(client);
      const ghost = randomUUID();
      const placed = await placeOrder(client, {
        consumerId: ghost,
        restaurantId: restaurant.id,
        lineItems: [{ menuItemId: 'item3', quantity: 1 }],
        deliverTo: HOME,
      });
      assert.equal(placed.state, 'APPROVAL_PENDING');
      assert.equal(placed.consumer, null, 'the consumer is unknown');
      const ended = await sagasEnded(client, placed.id);
      assert.equal(ended.state, 'REJECTED');
      assert.equal(ended.rejectionReason, 'consumer not found');
      assertSaga(ended.sagas[0], 'CREATE_ORDER', 'COMPENSATED', [
        '1 SAGA_STARTED',
        '2 STEP_STARTED validateConsumer (consumer)',
        '3 STEP_FAILED validateConsumer (consumer) consumer not found',
        '4 COMPENSATION_STARTED rejectOrder (order)',
        '5 COMPENSATION_SUCCEEDED rejectOrder (order)',
        '6 SAGA_COMPENSATED',
      ]);
      const everywhere = await orderEverywhere(client, placed.id);
      assert.equal(everywhere.ticket, null, 'no ticket was created');
      await deliveryIn(get(), placed.id, 'CANCELLED');
    });

    it('disableAccount first → REJECTED "account disabled", saga COMPENSATED, ticket CANCELLED; enableAccount → approved again', {
      timeout: JOURNEY_TIMEOUT,
    }, async () => {
      const ctx = get();
      const { client } = ctx;
      const world = await newWorld(client);
      const { disableAccount } = await client.data<{ disableAccount: { id: string; enabled: boolean } }>(DISABLE_ACCOUNT, { id: world.consumerId });
      assert.deepEqual(disableAccount, { id: world.consumerId, enabled: false });
      assert.equal((await accountOf(ctx, world.consumerId)).enabled, false);

      const placed = await placeDemoOrder(world);
      await sagasEnded(client, placed.id);
      const rejected = await orderEverywhere(client, placed.id);
      assert.equal(rejected.state, 'REJECTED');
      assert.equal(rejected.rejectionReason, 'account disabled');
      assert.equal(rejected.sagas.length, 1);
      assertSaga(rejected.sagas[0], 'CREATE_ORDER', 'COMPENSATED', [
        '1 SAGA_STARTED',
        '2 STEP_STARTED validateConsumer (consumer)',
        '3 STEP_SUCCEEDED validateConsumer (consumer)',
        '4 STEP_STARTED createTicket (kitchen)',
        '5 STEP_SUCCEEDED createTicket (kitchen)',
        '6 STEP_STARTED authorizeCard (accounting)',
        '7 STEP_FAILED authorizeCard (accounting) account disabled',
        '8 COMPENSATION_STARTED cancelTicket (kitchen)',
        '9 COMPENSATION_SUCCEEDED cancelTicket (kitchen)',
        '10 COMPENSATION_STARTED rejectOrder (order)',
        '11 COMPENSATION_SUCCEEDED rejectOrder (order)',
        '12 SAGA_COMPENSATED',
      ]);
      assert.equal(rejected.ticket?.state, 'CANCELLED', 'cancelTicket cancelled the created ticket');
      assert.deepEqual(rejected.consumer?.account, { id: world.consumerId, enabled: false, authorizations: [] });
      await deliveryIn(ctx, placed.id, 'CANCELLED');
      await historyShows(client, world.consumerId, { [placed.id]: 'REJECTED' });

      const { enableAccount } = await client.data<{ enableAccount: { id: string; enabled: boolean } }>(ENABLE_ACCOUNT, { id: world.consumerId });
      assert.deepEqual(enableAccount, { id: world.consumerId, enabled: true });
      const again = await approvedOrder(world);
      assert.deepEqual(
        (await accountOf(ctx, world.consumerId)).authorizations.map(({ orderId, amount, state }) => ({ orderId, amount, state })),
        [{ orderId: again.id, amount: DEMO_TOTAL, state: 'AUTHORIZED' }],
      );
    });

    it('cancelOrder → CANCEL_PENDING, then CANCELLED: ticket CANCELLED, delivery CANCELLED, authorization REVERSED', { timeout: JOURNEY_TIMEOUT }, async () => {
      const ctx = get();
      const { client } = ctx;
      const world = await newWorld(client);
      const approved = await approvedOrder(world);
      await deliveryIn(ctx, approved.id, 'PENDING');
      const { cancelOrder } = await client.data<{ cancelOrder: Order }>(CANCEL_ORDER, { id: approved.id });
      assert.equal(cancelOrder.id, approved.id);
      assert.equal(cancelOrder.state, 'CANCEL_PENDING');
      assert.equal(cancelOrder.version, 3);

      await sagasEnded(client, approved.id, 2);
      const cancelled = await orderEverywhere(client, approved.id);
      assert.equal(cancelled.state, 'CANCELLED');
      assert.equal(cancelled.version, 4, 'OrderCancelling, OrderCancelled');
      assert.equal(cancelled.sagas.length, 2);
      assert.equal(cancelled.sagas[0].type, 'CREATE_ORDER');
      assertSaga(cancelled.sagas[1], 'CANCEL_ORDER', 'COMPLETED', happyProgress(CANCEL_ORDER_STEPS), 13);
      assert.equal(cancelled.ticket?.state, 'CANCELLED');
      assert.deepEqual(cancelled.consumer?.account?.authorizations, [{ orderId: approved.id, amount: DEMO_TOTAL, state: 'REVERSED' }]);
      await deliveryIn(ctx, approved.id, 'CANCELLED');
      await historyShows(client, world.consumerId, { [approved.id]: 'CANCELLED' });
    });

    it('reviseOrder item1 → 1: orderTotal 1698, ticket quantities, authorization REVISED 1698', { timeout: JOURNEY_TIMEOUT }, async () => {
      const ctx = get();
      const { client } = ctx;
      const world = await newWorld(client);
      const approved = await approvedOrder(world);
      const { reviseOrder } = await client.data<{ reviseOrder: Order }>(REVISE_ORDER, { id: approved.id, lineItems: [{ menuItemId: 'item1', quantity: 1 }] });
      assert.equal(reviseOrder.state, 'REVISION_PENDING');
      assert.equal(reviseOrder.orderTotal, DEMO_TOTAL, 'the total changes when the revision is confirmed');

      await sagasEnded(client, approved.id, 2);
      const revised = await orderEverywhere(client, approved.id);
      assert.equal(revised.state, 'APPROVED');
      assert.equal(revised.orderTotal, 1698);
      assert.deepEqual(revised.lineItems, [
        { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 1, total: 1299 },
        { menuItemId: 'item3', name: 'Garlic Naan', price: 399, quantity: 1, total: 399 },
      ]);
      assertSaga(revised.sagas[1], 'REVISE_ORDER', 'COMPLETED', happyProgress(REVISE_ORDER_STEPS), 13);
      assert.equal(revised.ticket?.state, 'AWAITING_ACCEPTANCE', 'the ticket is back in its previous state');
      assert.deepEqual(revised.ticket?.lineItems, [
        { menuItemId: 'item1', name: 'Chicken Vindaloo', quantity: 1 },
        { menuItemId: 'item3', name: 'Garlic Naan', quantity: 1 },
      ]);
      assert.deepEqual(revised.consumer?.account?.authorizations, [{ orderId: approved.id, amount: 1698, state: 'REVISED' }]);
      assert.equal(revised.delivery?.status, 'PENDING', 'revisions leave the delivery alone');
      const page = await eventually(async () => {
        const page = await history(client, world.consumerId);
        return page.edges[0]?.node.orderTotal === 1698 ? page : null;
      }, 'the history to show the revised total');
      assert.equal(page.edges[0].node.state, 'APPROVED');
      assert.deepEqual(
        page.edges[0].node.lineItems.map((l) => [l.menuItemId, l.quantity, l.total]),
        [
          ['item1', 1, 1299],
          ['item3', 1, 399],
        ],
      );
    });

    it('the delivery lifecycle: acceptTicket schedules the courier, then preparing, ready, picked up, DELIVERED', { timeout: JOURNEY_TIMEOUT }, async () => {
      const ctx = get();
      const { client } = ctx;
      const world = await newWorld(client);
      const rider = await newCourier(client);
      try {
        const approved = await approvedOrder(world);
        const { ticket } = await orderEverywhere(client, approved.id);
        assert.ok(ticket);
        await deliveryIn(ctx, approved.id, 'PENDING');

        const readyBy = new Date(Date.now() + 20 * MINUTE).toISOString();
        const { acceptTicket } = await client.data<{ acceptTicket: Ticket }>(ACCEPT_TICKET, { id: ticket.id, readyBy });
        assert.equal(acceptTicket.state, 'ACCEPTED');
        sameInstant(acceptTicket.readyBy, readyBy, 'ticket.readyBy');
        assert.ok(acceptTicket.acceptedAt, 'acceptedAt is set');

        const scheduled = await deliveryIn(ctx, approved.id, 'SCHEDULED');
        assert.deepEqual(scheduled.courier, { id: rider.id });
        sameInstant(scheduled.readyBy, readyBy, 'delivery.readyBy');
        const plan = (await courier(ctx, rider.id)).plan;
        assert.deepEqual(
          plan.map((a) => ({ ...a, at: Date.parse(a.at) })),
          [
            { type: 'PICKUP', at: Date.parse(readyBy), address: AJANTA_ADDRESS, delivery: { id: approved.id, status: 'SCHEDULED' } },
            { type: 'DROPOFF', at: Date.parse(readyBy) + 30 * MINUTE, address: HOME_ADDRESS, delivery: { id: approved.id, status: 'SCHEDULED' } },
          ],
        );

        // Not ready yet, and not picked up yet: refused, nothing changes.
        await client.fails(PICK_UP, { id: approved.id }, 'FAILED_PRECONDITION', 'ticket is not ready for pickup');
        await client.fails(DROP_OFF, { id: approved.id }, 'FAILED_PRECONDITION', 'delivery state does not allow action');
        assert.equal((await deliveryIn(ctx, approved.id, 'SCHEDULED')).pickedUpAt, null);

        const { startPreparingTicket } = await client.data<{ startPreparingTicket: Ticket }>(START_PREPARING, { id: ticket.id });
        assert.equal(startPreparingTicket.state, 'PREPARING');
        assert.ok(startPreparingTicket.preparingAt);
        const { markTicketReadyForPickup } = await client.data<{ markTicketReadyForPickup: Ticket }>(READY_FOR_PICKUP, { id: ticket.id });
        assert.equal(markTicketReadyForPickup.state, 'READY_FOR_PICKUP');
        assert.ok(markTicketReadyForPickup.readyForPickupAt);

        // TicketReadyForPickup reaches the delivery service a moment later.
        const { pickUpDelivery } = await mutateRetrying<{ pickUpDelivery: Delivery }>(client, PICK_UP, { id: approved.id }, /^ticket is not ready for pickup$/);
        assert.equal(pickUpDelivery.status, 'PICKED_UP');
        assert.ok(pickUpDelivery.pickedUpAt);
        assert.deepEqual(
          (await courier(ctx, rider.id)).plan.map((a) => a.type),
          ['DROPOFF'],
        );
        const pickedUp = await ticketIn(ctx, ticket.id, 'PICKED_UP');
        sameInstant(pickedUp.pickedUpAt, pickUpDelivery.pickedUpAt, 'ticket.pickedUpAt');

        const { dropOffDelivery } = await client.data<{ dropOffDelivery: Delivery }>(DROP_OFF, { id: approved.id });
        assert.equal(dropOffDelivery.status, 'DELIVERED');
        assert.ok(dropOffDelivery.deliveredAt);
        assert.deepEqual(dropOffDelivery.courier, { id: rider.id });
        assert.deepEqual((await courier(ctx, rider.id)).plan, []);
        await client.fails(DROP_OFF, { id: approved.id }, 'FAILED_PRECONDITION', 'delivery state does not allow action');

        const delivered: OrderEverywhere = await orderEverywhere(client, approved.id);
        assert.equal(delivered.state, 'APPROVED', 'a delivered order stays APPROVED');
        assert.equal(delivered.sagas.length, 1);
        assert.equal(delivered.ticket?.state, 'PICKED_UP');
        assert.equal(delivered.delivery?.status, 'DELIVERED');
        const { restaurant } = await client.data<{ restaurant: { tickets: { id: string }[] } }>(RESTAURANT_TICKETS, {
          id: world.restaurant.id,
          state: 'PICKED_UP',
        });
        assert.deepEqual(
          restaurant.tickets.map((t) => t.id),
          [ticket.id],
        );
      } finally {
        await rider.done();
      }
    });
  });

  if (options.happyPathOnly) return;

  describe('compensations', () => {
    it('reviseOrder while the account is disabled → saga COMPENSATED, old quantities; cancelOrder still reverses', { timeout: JOURNEY_TIMEOUT }, async () => {
      const ctx = get();
      const { client } = ctx;
      const world = await newWorld(client);
      const approved = await approvedOrder(world);
      await client.data(DISABLE_ACCOUNT, { id: world.consumerId });
      const { reviseOrder } = await client.data<{ reviseOrder: Order }>(REVISE_ORDER, { id: approved.id, lineItems: [{ menuItemId: 'item1', quantity: 1 }] });
      assert.equal(reviseOrder.state, 'REVISION_PENDING');
      await sagasEnded(client, approved.id, 2);
      const undone = await orderEverywhere(client, approved.id);
      assert.equal(undone.state, 'APPROVED');
      assert.equal(undone.orderTotal, DEMO_TOTAL);
      assert.deepEqual(undone.lineItems, DEMO_LINES);
      assertSaga(
        undone.sagas[1],
        'REVISE_ORDER',
        'COMPENSATED',
        [
          '1 SAGA_STARTED',
          '2 STEP_STARTED beginReviseOrder (order)',
          '3 STEP_SUCCEEDED beginReviseOrder (order)',
          '4 STEP_STARTED beginReviseTicket (kitchen)',
          '5 STEP_SUCCEEDED beginReviseTicket (kitchen)',
          '6 STEP_STARTED reviseAuthorization (accounting)',
          '7 STEP_FAILED reviseAuthorization (accounting) account disabled',
          '8 COMPENSATION_STARTED undoReviseTicket (kitchen)',
          '9 COMPENSATION_SUCCEEDED undoReviseTicket (kitchen)',
          '10 COMPENSATION_STARTED undoReviseOrder (order)',
          '11 COMPENSATION_SUCCEEDED undoReviseOrder (order)',
          '12 SAGA_COMPENSATED',
        ],
        13,
      );
      assert.equal(undone.ticket?.state, 'AWAITING_ACCEPTANCE');
      assert.deepEqual(
        undone.ticket?.lineItems.map((l) => [l.menuItemId, l.quantity]),
        [
          ['item1', 2],
          ['item3', 1],
        ],
      );
      assert.deepEqual(undone.consumer?.account, {
        id: world.consumerId,
        enabled: false,
        authorizations: [{ orderId: approved.id, amount: DEMO_TOTAL, state: 'AUTHORIZED' }],
      });
      await historyShows(client, world.consumerId, { [approved.id]: 'APPROVED' });

      // DOMAIN §1.3: a disabled account never blocks a reversal.
      await client.data(CANCEL_ORDER, { id: approved.id });
      const cancelled = await sagasEnded(client, approved.id, 3);
      assert.equal(cancelled.state, 'CANCELLED');
      assert.equal(cancelled.sagas[2].state, 'COMPLETED');
      assert.deepEqual(
        (await accountOf(ctx, world.consumerId)).authorizations.map((a) => a.state),
        ['REVERSED'],
      );
    });

    it('cancelOrder once the kitchen is preparing → saga COMPENSATED, the order stays APPROVED', { timeout: JOURNEY_TIMEOUT }, async () => {
      const ctx = get();
      const { client } = ctx;
      const world = await newWorld(client);
      const rider = await newCourier(client);
      try {
        const approved = await approvedOrder(world);
        const { ticket } = await orderEverywhere(client, approved.id);
        assert.ok(ticket);
        await deliveryIn(ctx, approved.id, 'PENDING');
        await client.data(ACCEPT_TICKET, { id: ticket.id, readyBy: new Date(Date.now() + 20 * MINUTE).toISOString() });
        await client.data(START_PREPARING, { id: ticket.id });
        const { cancelOrder } = await client.data<{ cancelOrder: Order }>(CANCEL_ORDER, { id: approved.id });
        assert.equal(cancelOrder.state, 'CANCEL_PENDING');
        await sagasEnded(client, approved.id, 2);
        const kept = await orderEverywhere(client, approved.id);
        assert.equal(kept.state, 'APPROVED');
        assertSaga(
          kept.sagas[1],
          'CANCEL_ORDER',
          'COMPENSATED',
          [
            '1 SAGA_STARTED',
            '2 STEP_STARTED beginCancelOrder (order)',
            '3 STEP_SUCCEEDED beginCancelOrder (order)',
            '4 STEP_STARTED beginCancelTicket (kitchen)',
            '5 STEP_FAILED beginCancelTicket (kitchen) ticket state does not allow action',
            '6 COMPENSATION_STARTED undoCancelOrder (order)',
            '7 COMPENSATION_SUCCEEDED undoCancelOrder (order)',
            '8 SAGA_COMPENSATED',
          ],
          13,
        );
        assert.equal(kept.ticket?.state, 'PREPARING');
        assert.deepEqual(kept.consumer?.account?.authorizations, [{ orderId: approved.id, amount: DEMO_TOTAL, state: 'AUTHORIZED' }]);
        assert.equal(kept.delivery?.status, 'SCHEDULED');
        await historyShows(client, world.consumerId, { [approved.id]: 'APPROVED' });
      } finally {
        await rider.done();
      }
    });
  });

  describe('search and catalogue', () => {
    it('order history: keywords, states, since, and pagination with first/after', { timeout: JOURNEY_TIMEOUT }, async () => {
      const { client } = get();
      const world: World = await newWorld(client);
      // Placed one after another, so createdAt orders them a < b < c.
      const a = await placeDemoOrder(world); // Chicken Vindaloo × 2, Garlic Naan
      const b = await placeDemoOrder(world, [{ menuItemId: 'item2', quantity: 1 }]); // Chicken Tikka Masala
      const c = await placeDemoOrder(world, [{ menuItemId: 'item3', quantity: 2 }]); // Garlic Naan × 2
      await Promise.all([a, b, c].map((o) => sagasEnded(client, o.id)));
      await client.data(CANCEL_ORDER, { id: b.id });
      await sagasEnded(client, b.id, 2);
      const all = await historyShows(client, world.consumerId, { [a.id]: 'APPROVED', [b.id]: 'CANCELLED', [c.id]: 'APPROVED' });
      assert.deepEqual(
        all.edges.map((e) => e.node.orderId),
        [c.id, b.id, a.id],
        'newest first',
      );
      const created = Object.fromEntries(all.edges.map((e) => [e.node.orderId, e.node.createdAt]));

      const ids = async (filter: Record<string, unknown>, first?: number, after?: string) =>
        (await history(client, world.consumerId, filter, first, after)).edges.map((e) => e.node.orderId);
      assert.deepEqual(await ids({ keywords: ['naan'] }), [c.id, a.id], '"naan" finds the orders with Garlic Naan');
      assert.deepEqual(await ids({ keywords: ['NAAN'] }), [c.id, a.id], 'case-insensitive');
      assert.deepEqual(await ids({ keywords: ['chick'] }), [], '"chick" is not a whole word');
      assert.deepEqual(await ids({ keywords: ['chicken'] }), [b.id, a.id]);
      assert.deepEqual(await ids({ keywords: ['chicken', 'naan'] }), [a.id], 'every keyword must match');
      assert.deepEqual(await ids({ keywords: ['tikka-masala'] }), [b.id], 'a keyword splits into words');
      assert.deepEqual(await ids({ keywords: ['Ajanta'] }), [c.id, b.id, a.id], 'the restaurant name matches');
      assert.deepEqual(await ids({ keywords: ['vindaloo', 'tikka'] }), []);
      assert.deepEqual(await ids({ states: ['CANCELLED'] }), [b.id]);
      assert.deepEqual(await ids({ states: ['APPROVED'] }), [c.id, a.id]);
      assert.deepEqual(await ids({ states: ['APPROVED', 'CANCELLED'] }), [c.id, b.id, a.id]);
      assert.deepEqual(await ids({ states: [] }), [c.id, b.id, a.id], 'empty states = all');
      assert.deepEqual(await ids({ states: ['REJECTED'] }), []);
      assert.deepEqual(await ids({ since: created[a.id] }), [c.id, b.id], 'since is strict');
      assert.deepEqual(await ids({ since: created[b.id] }), [c.id]);
      assert.deepEqual(await ids({ since: new Date(Date.parse(created[a.id]) - 1).toISOString() }), [c.id, b.id, a.id]);
      assert.deepEqual(await ids({ since: created[a.id], keywords: ['naan'], states: ['APPROVED'] }), [c.id]);

      // Pages of one: c, b, a, then nothing.
      const first = await history(client, world.consumerId, undefined, 1);
      assert.deepEqual(
        first.edges.map((e) => e.node.orderId),
        [c.id],
      );
      assert.deepEqual(first.pageInfo, { hasNextPage: true, endCursor: first.edges[0].cursor });
      const second = await history(client, world.consumerId, undefined, 1, first.pageInfo.endCursor!);
      assert.deepEqual(
        second.edges.map((e) => e.node.orderId),
        [b.id],
      );
      assert.equal(second.pageInfo.hasNextPage, true);
      const third = await history(client, world.consumerId, undefined, 1, second.pageInfo.endCursor!);
      assert.deepEqual(
        third.edges.map((e) => e.node.orderId),
        [a.id],
      );
      assert.deepEqual(third.pageInfo, { hasNextPage: false, endCursor: third.edges[0].cursor });
      const past = await history(client, world.consumerId, undefined, 1, third.pageInfo.endCursor!);
      assert.deepEqual(past, { edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
      // Pages of two, and a filtered walk.
      const two = await history(client, world.consumerId, undefined, 2);
      assert.deepEqual([two.edges.map((e) => e.node.orderId), two.pageInfo.hasNextPage], [[c.id, b.id], true]);
      const rest = await history(client, world.consumerId, undefined, 2, two.pageInfo.endCursor!);
      assert.deepEqual([rest.edges.map((e) => e.node.orderId), rest.pageInfo.hasNextPage], [[a.id], false]);
      const naan = await history(client, world.consumerId, { keywords: ['naan'] }, 1);
      assert.deepEqual([naan.edges.map((e) => e.node.orderId), naan.pageInfo.hasNextPage], [[c.id], true]);
      const naanRest = await history(client, world.consumerId, { keywords: ['naan'] }, 1, naan.pageInfo.endCursor!);
      assert.deepEqual([naanRest.edges.map((e) => e.node.orderId), naanRest.pageInfo.hasNextPage], [[a.id], false]);
      // Consumer.orders answers like orderHistory.
      const { consumer } = await client.data<{ consumer: { orders: Connection<HistoryEntry> } }>(CONSUMER_ORDERS, {
        id: world.consumerId,
        filter: { keywords: ['naan'] },
        first: 1,
        after: naan.pageInfo.endCursor,
      });
      assert.deepEqual(consumer.orders, naanRest);
      // Another consumer's history, or nobody's, is empty.
      for (const consumerId of [randomUUID(), 'not-a-uuid']) {
        assert.deepEqual(await history(client, consumerId), { edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
      }
    });

    it('restaurants: keyset pages by name, then id', { timeout: JOURNEY_TIMEOUT }, async () => {
      const { client } = get();
      const prefix = `Paging ${randomUUID().slice(0, 8)}`;
      const created: Restaurant[] = [];
      for (const suffix of ['c', 'a', 'B']) created.push(await createRestaurant(client, { ...AJANTA, name: `${prefix} ${suffix}` }));
      const seen: { id: string; name: string }[] = [];
      let after: string | undefined;
      for (let page = 0; ; page++) {
        assert.ok(page < 100, 'the walk ends');
        const { restaurants } = await client.data<{ restaurants: Connection<{ id: string; name: string }> }>(RESTAURANTS, { first: 2, after });
        assert.ok(restaurants.edges.length <= 2);
        assert.equal(restaurants.pageInfo.endCursor, restaurants.edges.at(-1)?.cursor ?? null);
        seen.push(...restaurants.edges.map((e) => e.node));
        if (!restaurants.pageInfo.hasNextPage) break;
        assert.equal(restaurants.edges.length, 2, 'a page before the last is full');
        after = restaurants.pageInfo.endCursor!;
      }
      assert.equal(new Set(seen.map((r) => r.id)).size, seen.length, 'no restaurant twice');
      const sorted = [...seen].sort((x, y) => {
        const [a, b] = [x.name.toLowerCase(), y.name.toLowerCase()];
        return a < b ? -1 : a > b ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
      });
      assert.deepEqual(seen, sorted, 'by lower-cased name, then id');
      const mine = seen.filter((r) => r.name.startsWith(prefix)).map((r) => r.name);
      assert.deepEqual(mine, [`${prefix} a`, `${prefix} B`, `${prefix} c`]);
      for (const r of created) assert.ok(seen.some((s) => s.id === r.id));
      const { restaurants: firstPage } = await client.data<{ restaurants: Connection<{ id: string }> }>(RESTAURANTS, {});
      assert.equal(firstPage.edges.length, Math.min(20, seen.length), 'first defaults to 20');
    });

    it('a menu revision (item3 at 449): the placed order keeps 399, the next order pays 449', { timeout: JOURNEY_TIMEOUT }, async () => {
      const { client } = get();
      const world = await newWorld(client);
      const before = await approvedOrder(world);
      const menu = AJANTA.menu.map((item) => (item.id === 'item3' ? { ...item, price: 449 } : item));
      const { reviseMenu } = await client.data<{ reviseMenu: Restaurant }>(REVISE_MENU, { id: world.restaurant.id, menu });
      assert.deepEqual(reviseMenu, { ...world.restaurant, menu });
      assert.deepEqual((await client.data<{ restaurant: Restaurant }>(RESTAURANT, { id: world.restaurant.id })).restaurant.menu, menu);

      // The order service's replica takes the new price a moment later: a client sees it on its next order.
      let attempts = 0;
      const next = await eventually(
        async () => {
          attempts += 1;
          const placed = await placeDemoOrder(world);
          return placed.lineItems.find((l) => l.menuItemId === 'item3')?.price === 449 ? placed : null;
        },
        'an order at the new price',
        10_000,
        250,
      );
      assert.ok(attempts <= 10, `the replica caught up after ${attempts} orders`);
      assert.equal(next.orderTotal, 2 * 1299 + 449);
      const approvedNext = await sagasEnded(client, next.id);
      assert.equal(approvedNext.state, 'APPROVED');

      const kept = await orderEverywhere(client, before.id);
      assert.deepEqual(kept.lineItems, DEMO_LINES, 'the placed order keeps its prices');
      assert.equal(kept.orderTotal, DEMO_TOTAL);
      assert.deepEqual(
        kept.ticket?.lineItems.map((l) => l.name),
        ['Chicken Vindaloo', 'Garlic Naan'],
      );
      const page = await historyShows(client, world.consumerId, { [before.id]: 'APPROVED', [next.id]: 'APPROVED' });
      const totals = Object.fromEntries(page.edges.map((e) => [e.node.orderId, e.node.orderTotal]));
      assert.equal(totals[before.id], DEMO_TOTAL);
      assert.equal(totals[next.id], 3047);
    });
  });
}
