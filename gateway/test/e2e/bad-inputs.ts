import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { sleep } from './client.js';
import { JOURNEY_TIMEOUT, type JourneyContext } from './context.js';
import {
  ACCEPT_TICKET,
  ACCOUNT,
  ADD_ADDRESS,
  CANCEL_ORDER,
  CONSUMER,
  CONSUMER_ORDERS,
  COURIER,
  CREATE_ORDER,
  CREATE_RESTAURANT,
  DELIVERY,
  DISABLE_ACCOUNT,
  DROP_OFF,
  ENABLE_ACCOUNT,
  ORDER,
  ORDER_HISTORY,
  PICK_UP,
  READY_FOR_PICKUP,
  REGISTER_CONSUMER,
  REMOVE_ADDRESS,
  RESTAURANT,
  RESTAURANTS,
  REVISE_MENU,
  REVISE_ORDER,
  SAGA,
  START_PREPARING,
  TICKET,
  UPDATE_ADDRESS,
  UPDATE_CONSUMER,
} from './operations.js';
import type { Account, Connection, Consumer, Delivery, Order, Restaurant, Ticket } from './types.js';
import {
  AJANTA,
  approvedOrder,
  DEMO_LINE_ITEMS,
  HOME,
  history,
  newConsumer,
  newWorld,
  order,
  orderEverywhere,
  placeDemoOrder,
  sagasEnded,
  type World,
} from './world.js';

const MINUTE = 60_000;
const ADDRESS_NOT_FOUND = 'an address with that identifier does not exist';
const future = () => new Date(Date.now() + 20 * MINUTE).toISOString();
const past = () => new Date(Date.now() - MINUTE).toISOString();
/** Ids nothing has: a well-formed unknown one and a malformed one. */
const unknownIds = () => [randomUUID(), 'not-a-uuid'];

interface Fixture {
  world: World;
  /** APPROVED, ticket AWAITING_ACCEPTANCE, delivery PENDING. */
  approved: Order;
  ticketId: string;
  /** REJECTED (account disabled): its ticket CANCELLED, its delivery CANCELLED. */
  rejected: Order;
  rejectedTicketId: string;
}

async function readConsumer(ctx: JourneyContext, id: string): Promise<Consumer> {
  const { consumer } = await ctx.client.data<{ consumer: Consumer | null }>(CONSUMER, { id });
  assert.ok(consumer);
  return consumer;
}

/** What a refused command must leave alone: a read before and after, equal. */
async function unchanged<T>(read: () => Promise<T>, refuse: () => Promise<unknown>): Promise<void> {
  const before = await read();
  await refuse();
  assert.deepEqual(await read(), before, 'a rejected command changes nothing');
}

export function registerBadInputs(get: () => JourneyContext): void {
  describe('bad inputs: contract errors through the gateway, and nothing changes', () => {
    let fixture: Fixture;
    before(async () => {
      const { client } = get();
      const world = await newWorld(client);
      const other = await newConsumer(client, 'Disabled Dan');
      await client.data(DISABLE_ACCOUNT, { id: other });
      const [approved, rejected] = await Promise.all([
        approvedOrder(world),
        placeDemoOrder({ ...world, consumerId: other }).then((o) => sagasEnded(client, o.id)),
      ]);
      assert.equal(rejected.state, 'REJECTED');
      const [a, r] = await Promise.all([orderEverywhere(client, approved.id), orderEverywhere(client, rejected.id)]);
      assert.ok(a.ticket && r.ticket);
      fixture = { world, approved, ticketId: a.ticket.id, rejected, rejectedTicketId: r.ticket.id };
    });

    it('a document that does not parse, or does not validate', async () => {
      const { client } = get();
      const parse = await client.request('{ consumer(id: "x") { id ', {});
      assert.equal(parse.status, 400);
      assert.equal(parse.errors?.[0]?.extensions?.code, 'GRAPHQL_PARSE_FAILED');
      assert.match(parse.errors[0].message, /^Syntax Error/);
      const unknownField = await client.request('{ consumer(id: "x") { id nickname } }', {});
      assert.equal(unknownField.status, 400);
      assert.equal(unknownField.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
      assert.match(unknownField.errors[0].message, /^Cannot query field "nickname" on type "Consumer"\./);
      const unknownArgument = await client.request('{ restaurants(last: 2) { pageInfo { hasNextPage } } }', {});
      assert.equal(unknownArgument.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
      const missingArgument = await client.request('{ order { id } }', {});
      assert.equal(missingArgument.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
      for (const answer of [parse, unknownField, unknownArgument, missingArgument]) assert.equal(answer.data, undefined, 'no execution');
    });

    it('queries by an unknown or malformed id answer null', async () => {
      const { client } = get();
      const queries: [string, string][] = [
        ['consumer', CONSUMER],
        ['account', ACCOUNT],
        ['restaurant', RESTAURANT],
        ['order', ORDER],
        ['saga', SAGA],
        ['ticket', TICKET],
        ['delivery', DELIVERY],
        ['courier', COURIER],
      ];
      for (const [field, query] of queries) {
        for (const id of [...unknownIds(), '']) {
          const answer = await client.request<Record<string, unknown>>(query, { id });
          assert.equal(answer.errors, undefined, `${field}(id: "${id}"): ${JSON.stringify(answer.errors)}`);
          assert.deepEqual(answer.data, { [field]: null }, `${field}(id: "${id}")`);
        }
      }
    });

    it('consumer rules: names, address labels and addresses', { timeout: JOURNEY_TIMEOUT }, async () => {
      const ctx = get();
      const { client } = ctx;
      const id = fixture.world.consumerId;
      const read = () => readConsumer(ctx, id);
      await client.fails(REGISTER_CONSUMER, { name: '   ' }, 'BAD_USER_INPUT', 'cannot register a consumer without a name');
      await client.fails(REGISTER_CONSUMER, { name: '' }, 'BAD_USER_INPUT', 'cannot register a consumer without a name');
      await unchanged(read, () => client.fails(UPDATE_CONSUMER, { id, name: ' \t ' }, 'BAD_USER_INPUT', 'consumer name must not be blank'));
      for (const unknown of unknownIds()) {
        await client.fails(UPDATE_CONSUMER, { id: unknown, name: 'Ben' }, 'NOT_FOUND', 'consumer not found');
        await client.fails(UPDATE_CONSUMER, { id: unknown, name: ' ' }, 'NOT_FOUND', 'consumer not found');
        await client.fails(ADD_ADDRESS, { consumerId: unknown, addressId: 'Work', address: HOME }, 'NOT_FOUND', 'consumer not found');
        await client.fails(UPDATE_ADDRESS, { consumerId: unknown, addressId: 'Home', address: HOME }, 'NOT_FOUND', 'consumer not found');
        await client.fails(REMOVE_ADDRESS, { consumerId: unknown, addressId: 'Home' }, 'NOT_FOUND', 'consumer not found');
      }
      await unchanged(read, async () => {
        await client.fails(ADD_ADDRESS, { consumerId: id, addressId: '  ', address: HOME }, 'BAD_USER_INPUT', 'address id must not be blank');
        await client.fails(ADD_ADDRESS, { consumerId: id, addressId: 'Home', address: HOME }, 'CONFLICT', 'address with that identifier already exists');
        for (const field of ['street1', 'city', 'state', 'zip'] as const) {
          await client.fails(ADD_ADDRESS, { consumerId: id, addressId: 'Work', address: { ...HOME, [field]: '  ' } }, 'BAD_USER_INPUT', `${field} is required`);
          await client.fails(
            UPDATE_ADDRESS,
            { consumerId: id, addressId: 'Home', address: { ...HOME, [field]: '' } },
            'BAD_USER_INPUT',
            `${field} is required`,
          );
        }
        // DOMAIN §1.2 words this twice: its table says "address with that identifier does not exist", its prose (one
        // unknown label, as createOrder's table) "an address with that identifier does not exist". The services use the latter.
        await client.fails(UPDATE_ADDRESS, { consumerId: id, addressId: 'Work', address: HOME }, 'NOT_FOUND', ADDRESS_NOT_FOUND);
        await client.fails(REMOVE_ADDRESS, { consumerId: id, addressId: 'Work' }, 'NOT_FOUND', ADDRESS_NOT_FOUND);
      });
    });

    it('accounting: unknown accounts, disable when disabled, enable when enabled', { timeout: JOURNEY_TIMEOUT }, async () => {
      const ctx = get();
      const { client } = ctx;
      const id = await newConsumer(client, 'Toggle Tess');
      const read = async () => (await client.data<{ account: Account | null }>(ACCOUNT, { id })).account;
      for (const unknown of unknownIds()) {
        await client.fails(DISABLE_ACCOUNT, { id: unknown }, 'NOT_FOUND', 'account not found');
        await client.fails(ENABLE_ACCOUNT, { id: unknown }, 'NOT_FOUND', 'account not found');
      }
      await unchanged(read, () => client.fails(ENABLE_ACCOUNT, { id }, 'FAILED_PRECONDITION', 'account is enabled'));
      await client.data(DISABLE_ACCOUNT, { id });
      await unchanged(read, () => client.fails(DISABLE_ACCOUNT, { id }, 'FAILED_PRECONDITION', 'account is disabled'));
      assert.equal((await read())?.enabled, false);
      await client.data(ENABLE_ACCOUNT, { id });
      assert.equal((await read())?.enabled, true);
    });

    it('restaurant and menu rules', { timeout: JOURNEY_TIMEOUT }, async () => {
      const ctx = get();
      const { client } = ctx;
      const name = `Refused ${randomUUID().slice(0, 8)}`;
      const valid = { ...AJANTA, name };
      const menuCases: [{ id: string; name: string; price: number }[], string][] = [
        [[], 'a menu must have at least one item'],
        [[AJANTA.menu[0], { ...AJANTA.menu[1], id: 'item1' }], 'menu item ids must be unique'],
        [[{ id: '  ', name: 'Dal', price: 100 }], 'menu item id must not be blank'],
        [[{ id: 'item1', name: '  ', price: 100 }], 'menu item name must not be blank'],
        [[{ id: 'item1', name: 'Dal', price: 0 }], 'menu item price must be greater than zero'],
        [[{ id: 'item1', name: 'Dal', price: -5 }], 'menu item price must be greater than zero'],
      ];
      await client.fails(CREATE_RESTAURANT, { input: { ...valid, name: '  ' } }, 'BAD_USER_INPUT', 'restaurant name must not be blank');
      for (const field of ['street1', 'city', 'state', 'zip'] as const) {
        await client.fails(CREATE_RESTAURANT, { input: { ...valid, address: { ...valid.address, [field]: ' ' } } }, 'BAD_USER_INPUT', `${field} is required`);
      }
      for (const [menu, message] of menuCases) await client.fails(CREATE_RESTAURANT, { input: { ...valid, menu } }, 'BAD_USER_INPUT', message);
      // None of them was created.
      const names: string[] = [];
      for (let after: string | undefined, more = true; more; ) {
        const { restaurants } = await client.data<{ restaurants: Connection<{ name: string }> }>(RESTAURANTS, { first: 50, after });
        names.push(...restaurants.edges.map((e) => e.node.name));
        more = restaurants.pageInfo.hasNextPage;
        after = restaurants.pageInfo.endCursor ?? undefined;
      }
      assert.ok(!names.includes(name), 'a refused createRestaurant created nothing');

      const id = fixture.world.restaurant.id;
      const read = async () => (await client.data<{ restaurant: Restaurant | null }>(RESTAURANT, { id })).restaurant;
      await unchanged(read, async () => {
        for (const [menu, message] of menuCases) await client.fails(REVISE_MENU, { id, menu }, 'BAD_USER_INPUT', message);
      });
      for (const unknown of unknownIds()) {
        await client.fails(REVISE_MENU, { id: unknown, menu: AJANTA.menu }, 'NOT_FOUND', 'restaurant not found');
        await client.fails(REVISE_MENU, { id: unknown, menu: [] }, 'NOT_FOUND', 'restaurant not found');
      }
      await client.fails(RESTAURANTS, { first: 0 }, 'BAD_USER_INPUT', 'first must be between 1 and 50');
      await client.fails(RESTAURANTS, { first: 51 }, 'BAD_USER_INPUT', 'first must be between 1 and 50');
      await client.fails(RESTAURANTS, { after: 'not a cursor' }, 'BAD_USER_INPUT', 'invalid cursor');
    });

    it('createOrder: every check of the table, in order, and no order is placed', { timeout: JOURNEY_TIMEOUT }, async () => {
      const { client } = get();
      const { world } = fixture;
      const base = { consumerId: world.consumerId, restaurantId: world.restaurant.id, lineItems: DEMO_LINE_ITEMS, deliverToAddressId: 'Home' };
      const countBefore = (await history(client, world.consumerId, undefined, 50)).edges.length;
      const refused: [Record<string, unknown>, string, string][] = [
        [{ lineItems: [] }, 'BAD_USER_INPUT', 'an order must have at least one line item'],
        [{ lineItems: [], restaurantId: randomUUID() }, 'BAD_USER_INPUT', 'an order must have at least one line item'],
        [{ lineItems: [{ menuItemId: 'item1', quantity: 0 }] }, 'BAD_USER_INPUT', 'quantity must be at least 1'],
        [{ lineItems: [{ menuItemId: 'item1', quantity: -1 }] }, 'BAD_USER_INPUT', 'quantity must be at least 1'],
        [
          {
            lineItems: [
              { menuItemId: 'item1', quantity: 1 },
              { menuItemId: 'item1', quantity: 2 },
            ],
          },
          'BAD_USER_INPUT',
          'duplicate menu item in line items',
        ],
        [{ deliverToAddressId: undefined }, 'BAD_USER_INPUT', 'exactly one of deliverTo and deliverToAddressId is required'],
        [{ deliverTo: HOME }, 'BAD_USER_INPUT', 'exactly one of deliverTo and deliverToAddressId is required'],
        [{ deliverAt: past() }, 'BAD_USER_INPUT', 'deliverAt is in the past'],
        [{ deliverAt: past(), restaurantId: randomUUID() }, 'BAD_USER_INPUT', 'deliverAt is in the past'],
        [{ restaurantId: randomUUID() }, 'NOT_FOUND', 'restaurant not found'],
        [{ restaurantId: 'not-a-uuid' }, 'NOT_FOUND', 'restaurant not found'],
        [{ lineItems: [{ menuItemId: 'item9', quantity: 1 }] }, 'NOT_FOUND', 'item9: menu item not found'],
        [{ consumerId: randomUUID() }, 'NOT_FOUND', 'consumer not found'],
        [{ consumerId: 'not-a-uuid' }, 'NOT_FOUND', 'consumer not found'],
        [{ deliverToAddressId: 'Work' }, 'NOT_FOUND', 'an address with that identifier does not exist'],
      ];
      for (const [change, code, message] of refused) await client.fails(CREATE_ORDER, { input: { ...base, ...change } }, code, message);
      // A refused createOrder places nothing: no history entry turns up, even a moment later.
      await sleep(500);
      assert.equal((await history(client, world.consumerId, undefined, 50)).edges.length, countBefore);
    });

    it('reviseOrder: each refusal of the list, and the order stays as it was', { timeout: JOURNEY_TIMEOUT }, async () => {
      const { client } = get();
      const { approved, rejected } = fixture;
      const id = approved.id;
      const read = () => order(client, id);
      for (const unknown of unknownIds()) {
        await client.fails(REVISE_ORDER, { id: unknown, lineItems: [{ menuItemId: 'item1', quantity: 1 }] }, 'NOT_FOUND', 'order not found');
        await client.fails(REVISE_ORDER, { id: unknown, lineItems: [] }, 'NOT_FOUND', 'order not found');
      }
      await unchanged(read, async () => {
        const refused: [{ menuItemId: string; quantity: number }[], string][] = [
          [[], 'a revision must change at least one line item'],
          [[{ menuItemId: 'item1', quantity: -1 }], 'quantity must not be negative'],
          [
            [
              { menuItemId: 'item1', quantity: 1 },
              { menuItemId: 'item1', quantity: 1 },
            ],
            'duplicate menu item in line items',
          ],
          [[{ menuItemId: 'item2', quantity: 1 }], 'item2: line item not found'],
          [[{ menuItemId: 'item1', quantity: 2 }], 'revision does not change the order'],
          [
            [
              { menuItemId: 'item1', quantity: 2 },
              { menuItemId: 'item3', quantity: 1 },
            ],
            'revision does not change the order',
          ],
          [
            [
              { menuItemId: 'item1', quantity: 0 },
              { menuItemId: 'item3', quantity: 0 },
            ],
            'order total does not meet the minimum',
          ],
        ];
        for (const [lineItems, message] of refused) await client.fails(REVISE_ORDER, { id, lineItems }, 'BAD_USER_INPUT', message);
      });
      await unchanged(
        () => order(client, rejected.id),
        () =>
          client.fails(
            REVISE_ORDER,
            { id: rejected.id, lineItems: [{ menuItemId: 'item1', quantity: 1 }] },
            'FAILED_PRECONDITION',
            'order state does not allow action',
          ),
      );
    });

    it('cancelOrder: unknown, and not APPROVED', { timeout: JOURNEY_TIMEOUT }, async () => {
      const { client } = get();
      for (const unknown of unknownIds()) await client.fails(CANCEL_ORDER, { id: unknown }, 'NOT_FOUND', 'order not found');
      await unchanged(
        () => order(client, fixture.rejected.id),
        () => client.fails(CANCEL_ORDER, { id: fixture.rejected.id }, 'FAILED_PRECONDITION', 'order state does not allow action'),
      );
    });

    it('kitchen: unknown tickets, readyBy in the past, steps out of order', { timeout: JOURNEY_TIMEOUT }, async () => {
      const { client } = get();
      const read = (id: string) => async () => (await client.data<{ ticket: Ticket | null }>(TICKET, { id })).ticket;
      for (const unknown of unknownIds()) {
        await client.fails(ACCEPT_TICKET, { id: unknown, readyBy: future() }, 'NOT_FOUND', 'ticket not found');
        await client.fails(ACCEPT_TICKET, { id: unknown, readyBy: past() }, 'NOT_FOUND', 'ticket not found');
        await client.fails(START_PREPARING, { id: unknown }, 'NOT_FOUND', 'ticket not found');
        await client.fails(READY_FOR_PICKUP, { id: unknown }, 'NOT_FOUND', 'ticket not found');
      }
      await unchanged(read(fixture.ticketId), async () => {
        await client.fails(ACCEPT_TICKET, { id: fixture.ticketId, readyBy: past() }, 'BAD_USER_INPUT', 'readyBy is in the past');
        await client.fails(START_PREPARING, { id: fixture.ticketId }, 'FAILED_PRECONDITION', 'ticket state does not allow action');
        await client.fails(READY_FOR_PICKUP, { id: fixture.ticketId }, 'FAILED_PRECONDITION', 'ticket state does not allow action');
      });
      assert.equal((await read(fixture.ticketId)())?.state, 'AWAITING_ACCEPTANCE');
      await unchanged(read(fixture.rejectedTicketId), async () => {
        await client.fails(ACCEPT_TICKET, { id: fixture.rejectedTicketId, readyBy: future() }, 'FAILED_PRECONDITION', 'ticket state does not allow action');
        await client.fails(START_PREPARING, { id: fixture.rejectedTicketId }, 'FAILED_PRECONDITION', 'ticket state does not allow action');
      });
    });

    it('delivery: unknown deliveries, pick-up and drop-off in the wrong status', { timeout: JOURNEY_TIMEOUT }, async () => {
      const { client } = get();
      const read = (id: string) => async () => (await client.data<{ delivery: Delivery | null }>(DELIVERY, { id })).delivery;
      for (const unknown of unknownIds()) {
        await client.fails(PICK_UP, { id: unknown }, 'NOT_FOUND', 'delivery not found');
        await client.fails(DROP_OFF, { id: unknown }, 'NOT_FOUND', 'delivery not found');
      }
      assert.equal((await read(fixture.approved.id)())?.status, 'PENDING');
      await unchanged(read(fixture.approved.id), async () => {
        await client.fails(PICK_UP, { id: fixture.approved.id }, 'FAILED_PRECONDITION', 'delivery state does not allow action');
        await client.fails(DROP_OFF, { id: fixture.approved.id }, 'FAILED_PRECONDITION', 'delivery state does not allow action');
      });
      assert.equal((await read(fixture.rejected.id)())?.status, 'CANCELLED');
      await unchanged(read(fixture.rejected.id), async () => {
        await client.fails(PICK_UP, { id: fixture.rejected.id }, 'FAILED_PRECONDITION', 'delivery state does not allow action');
        await client.fails(DROP_OFF, { id: fixture.rejected.id }, 'FAILED_PRECONDITION', 'delivery state does not allow action');
      });
    });

    it("a malformed DateTime is the client's error (BAD_USER_INPUT or GRAPHQL_VALIDATION_FAILED), never INTERNAL_SERVER_ERROR", async () => {
      const { client } = get();
      const { ticketId, world } = fixture;
      const clientCodes = /^(BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED)$/;
      const read = async () => (await client.data<{ ticket: Ticket | null }>(TICKET, { id: ticketId })).ticket;
      await unchanged(read, () => client.fails(ACCEPT_TICKET, { id: ticketId, readyBy: 'tomorrow' }, clientCodes, /tomorrow/));
      const order = {
        consumerId: world.consumerId,
        restaurantId: world.restaurant.id,
        lineItems: DEMO_LINE_ITEMS,
        deliverToAddressId: 'Home',
        deliverAt: 'soon',
      };
      await client.fails(CREATE_ORDER, { input: order }, clientCodes, /soon/);
      await client.fails(ORDER_HISTORY, { consumerId: world.consumerId, filter: { since: 'yesterday' } }, clientCodes, /yesterday/);
      await client.fails(
        `{ orderHistory(consumerId: "${world.consumerId}", filter: { since: "yesterday" }) { edges { cursor } } }`,
        {},
        clientCodes,
        /yesterday/,
      );
    });

    it('order history: first out of range, a malformed cursor, a keyword without letters or digits', async () => {
      const { client } = get();
      const consumerId = fixture.world.consumerId;
      for (const first of [0, 51, -1]) {
        await client.fails(ORDER_HISTORY, { consumerId, first }, 'BAD_USER_INPUT', 'first must be between 1 and 50');
      }
      for (const after of ['not a cursor', 'eyJ4IjoxfQ']) {
        await client.fails(ORDER_HISTORY, { consumerId, after }, 'BAD_USER_INPUT', 'invalid cursor');
      }
      for (const keyword of ['--', '  ', '!?']) {
        await client.fails(ORDER_HISTORY, { consumerId, filter: { keywords: ['naan', keyword] } }, 'BAD_USER_INPUT', 'keyword must contain a letter or digit');
      }
      // The same rules through Consumer.orders (non-null: the consumer becomes null beside the error).
      const error = await client.fails(CONSUMER_ORDERS, { id: consumerId, first: 51 }, 'BAD_USER_INPUT', 'first must be between 1 and 50');
      assert.deepEqual(error.path, ['consumer', 'orders']);
      await client.fails(CONSUMER_ORDERS, { id: consumerId, after: 'not a cursor' }, 'BAD_USER_INPUT', 'invalid cursor');
    });
  });
}

/** Registered last, in a world of its own. */
export function registerKnownBugs(get: () => JourneyContext): void {
  describe('totals the contract cannot carry', () => {
    it('createOrder whose total exceeds GraphQL Int is refused BAD_USER_INPUT and places nothing', async () => {
      const { client } = get();
      const world = await newWorld(client);
      await approvedOrder(world);
      const countBefore = (await history(client, world.consumerId, undefined, 50)).edges.length;
      const input = {
        consumerId: world.consumerId,
        restaurantId: world.restaurant.id,
        lineItems: [{ menuItemId: 'item1', quantity: 2_000_000 }],
        deliverToAddressId: 'Home',
      };
      await client.fails(CREATE_ORDER, { input }, 'BAD_USER_INPUT', 'order total exceeds the maximum');
      await sleep(500);
      assert.equal((await history(client, world.consumerId, undefined, 50)).edges.length, countBefore);
    });
  });
}
