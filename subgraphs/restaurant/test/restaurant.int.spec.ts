import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';
import { ident } from '@ftgo/infra';
import { eventually, messagingKinds, testPlatform } from '@ftgo/infra/testing';
import { restaurant as contracts, DomainError, type Envelope, type ErrorCode, type MenuItem } from '@ftgo/schema';
import { type CreateRestaurantInput, compareRestaurants, decodeRestaurantCursor, encodeRestaurantCursor, restaurantService } from '../src/index.js';

const address = { street1: '1 Main Street', city: 'Oakland', state: 'CA', zip: '94611' };
const menu: MenuItem[] = [
  { id: 'item1', name: 'Chicken Vindaloo', price: 1299 },
  { id: 'item2', name: 'Chicken Tikka Masala', price: 1499 },
  { id: 'item3', name: 'Garlic Naan', price: 399 },
];
const ajanta: CreateRestaurantInput = { name: 'Ajanta', address, menu };

async function start(t: TestContext, messaging: 'local' | 'nats' = 'local') {
  const platform = await testPlatform(t, messaging, { services: ['restaurant'] });
  const service = await restaurantService.start(platform);
  t.after(() => service.stop());
  const schema = ident(platform.schema('restaurant'));
  const outbox = async () =>
    (await platform.db.query(`SELECT type, subject, aggregate_type, aggregate_id, aggregate_version, payload FROM ${schema}.outbox ORDER BY seq`)).rows;
  const rows = async () =>
    (await platform.db.query(`SELECT id, name, address, menu, version, created_at, updated_at FROM ${schema}.restaurants ORDER BY id`)).rows;
  return { platform, app: service.app, outbox, rows };
}

async function rejects(work: Promise<unknown>, code: ErrorCode, message: string): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.message, message);
    return true;
  });
}

describe('restaurant service (DOMAIN §1.4)', () => {
  it('createRestaurant stores version 1 and writes RestaurantCreated v1 with the full state', async (t) => {
    const { app, outbox, rows, platform } = await start(t);
    const view = await app.commands.createRestaurant({
      name: ' Ajanta ',
      address: { ...address, street2: ' Suite 2 ' },
      menu: [{ id: ' item1 ', name: ' Chicken Vindaloo ', price: 1299 }, ...menu.slice(1)],
    });
    assert.match(view.id, /^[0-9a-f-]{36}$/);
    const expectedAddress = { ...address, street2: 'Suite 2' };
    assert.deepEqual(view, { id: view.id, name: 'Ajanta', address: expectedAddress, menu });
    assert.deepEqual(await app.queries.restaurant(view.id), view);

    const [row] = await rows();
    assert.equal(row.version, 1);
    assert.deepEqual(row.menu, menu);
    assert.deepEqual(row.created_at, row.updated_at);

    const messages = await outbox();
    assert.equal(messages.length, 1);
    assert.deepEqual(messages[0], {
      type: contracts.RestaurantCreated.type,
      subject: platform.config.naming.eventSubject('restaurant', 'Restaurant', view.id),
      aggregate_type: 'Restaurant',
      aggregate_id: view.id,
      aggregate_version: 1,
      payload: { restaurantId: view.id, name: 'Ajanta', address: expectedAddress, menu, occurredAt: (row.created_at as Date).toISOString() },
    });
  });

  it('createRestaurant refuses each rule with its message, in the spec order, and writes nothing', async (t) => {
    const { app, outbox, rows } = await start(t);
    const cases: [Partial<CreateRestaurantInput>, string][] = [
      [{ name: '  ' }, 'restaurant name must not be blank'],
      [{ name: ' ', menu: [] }, 'restaurant name must not be blank'],
      [{ address: { ...address, street1: ' ' } }, 'street1 is required'],
      [{ address: { ...address, city: '' } }, 'city is required'],
      [{ address: { ...address, state: '' } }, 'state is required'],
      [{ address: { ...address, zip: ' ' }, menu: [] }, 'zip is required'],
      [{ menu: [] }, 'a menu must have at least one item'],
      [{ menu: [menu[0], { ...menu[1], id: 'item1' }] }, 'menu item ids must be unique'],
      [{ menu: [menu[0], { ...menu[1], name: ' ' }] }, 'menu item name must not be blank'],
      [{ menu: [{ ...menu[0], price: 0 }] }, 'menu item price must be greater than zero'],
      [{ menu: [{ ...menu[0], price: -5 }] }, 'menu item price must be greater than zero'],
    ];
    for (const [change, message] of cases) {
      await rejects(app.commands.createRestaurant({ ...ajanta, ...change }), 'BAD_USER_INPUT', message);
    }
    assert.deepEqual(await rows(), []);
    assert.deepEqual(await outbox(), []);
  });

  it('reviseMenu replaces the whole menu, bumps the version and writes RestaurantMenuRevised with the full state', async (t) => {
    const { app, outbox, rows } = await start(t);
    const created = await app.commands.createRestaurant(ajanta);
    const newMenu = [
      { id: 'item3', name: 'Garlic Naan', price: 449 },
      { id: 'item4', name: ' Dal ', price: 599 },
    ];
    const revised = await app.commands.reviseMenu({ id: created.id, menu: newMenu });
    const expectedMenu = [newMenu[0], { id: 'item4', name: 'Dal', price: 599 }];
    assert.deepEqual(revised, { ...created, menu: expectedMenu });
    const third = await app.commands.reviseMenu({ id: created.id.toUpperCase(), menu });
    assert.deepEqual(third, { ...created, menu });

    const [row] = await rows();
    assert.equal(row.version, 3);
    assert.ok((row.updated_at as Date) >= (row.created_at as Date));
    const messages = await outbox();
    assert.deepEqual(
      messages.map((m) => [m.type, m.aggregate_id, m.aggregate_version]),
      [
        [contracts.RestaurantCreated.type, created.id, 1],
        [contracts.RestaurantMenuRevised.type, created.id, 2],
        [contracts.RestaurantMenuRevised.type, created.id, 3],
      ],
    );
    const { occurredAt, ...state } = messages[1].payload as Record<string, unknown>;
    assert.deepEqual(state, { restaurantId: created.id, name: 'Ajanta', address: { ...address, street2: null }, menu: expectedMenu });
    assert.equal(typeof occurredAt, 'string');
    assert.equal((messages[2].payload as { occurredAt: string }).occurredAt, (row.updated_at as Date).toISOString());
  });

  it('reviseMenu: an unknown or malformed id is NOT_FOUND, before the menu rules; a bad menu changes nothing', async (t) => {
    const { app, outbox, rows } = await start(t);
    await rejects(app.commands.reviseMenu({ id: randomUUID(), menu }), 'NOT_FOUND', 'restaurant not found');
    await rejects(app.commands.reviseMenu({ id: 'not-a-uuid', menu }), 'NOT_FOUND', 'restaurant not found');
    await rejects(app.commands.reviseMenu({ id: randomUUID(), menu: [] }), 'NOT_FOUND', 'restaurant not found');

    const created = await app.commands.createRestaurant(ajanta);
    const before = { rows: await rows(), outbox: await outbox() };
    await rejects(app.commands.reviseMenu({ id: created.id, menu: [] }), 'BAD_USER_INPUT', 'a menu must have at least one item');
    await rejects(app.commands.reviseMenu({ id: created.id, menu: [menu[0], menu[0]] }), 'BAD_USER_INPUT', 'menu item ids must be unique');
    await rejects(app.commands.reviseMenu({ id: created.id, menu: [{ ...menu[0], name: '' }] }), 'BAD_USER_INPUT', 'menu item name must not be blank');
    await rejects(app.commands.reviseMenu({ id: created.id, menu: [{ ...menu[0], price: 0 }] }), 'BAD_USER_INPUT', 'menu item price must be greater than zero');
    assert.deepEqual({ rows: await rows(), outbox: await outbox() }, before);
  });

  it('concurrent revisions of one restaurant get consecutive versions, without gaps', async (t) => {
    const { app, outbox, rows } = await start(t);
    const created = await app.commands.createRestaurant(ajanta);
    await Promise.all([1, 2, 3, 4, 5].map((n) => app.commands.reviseMenu({ id: created.id, menu: [{ ...menu[0], price: 1000 + n }] })));
    assert.equal((await rows())[0].version, 6);
    assert.deepEqual(
      (await outbox()).map((m) => m.aggregate_version),
      [1, 2, 3, 4, 5, 6],
    );
  });

  it('an idempotency key makes a retried mutation return the first response and write nothing more', async (t) => {
    const { app, outbox, rows } = await start(t);
    const key = randomUUID();
    const first = await app.commands.createRestaurant({ ...ajanta, idempotencyKey: key });
    const again = await app.commands.createRestaurant({ ...ajanta, idempotencyKey: key });
    assert.deepEqual(again, first);
    assert.equal((await rows()).length, 1);
    await rejects(
      app.commands.createRestaurant({ ...ajanta, name: 'Other', idempotencyKey: key }),
      'CONFLICT',
      'idempotency key was used with a different request',
    );

    const reviseKey = randomUUID();
    const revised = await app.commands.reviseMenu({ id: first.id, menu: [menu[2]], idempotencyKey: reviseKey });
    assert.deepEqual(await app.commands.reviseMenu({ id: first.id, menu: [menu[2]], idempotencyKey: reviseKey }), revised);
    assert.equal((await rows())[0].version, 2);
    assert.deepEqual(
      (await outbox()).map((m) => m.aggregate_version),
      [1, 2],
    );
    // The same key for another operation is a different command.
    const other = await app.commands.reviseMenu({ id: first.id, menu, idempotencyKey: key });
    assert.deepEqual(other.menu, menu);
    assert.equal((await rows())[0].version, 3);
  });

  it('restaurant(id) answers null for an unknown or malformed id; restaurantsByIds keeps the order', async (t) => {
    const { app } = await start(t);
    assert.equal(await app.queries.restaurant(randomUUID()), null);
    assert.equal(await app.queries.restaurant('item1'), null);
    assert.equal(await app.queries.restaurant(''), null);
    const a = await app.commands.createRestaurant(ajanta);
    const b = await app.commands.createRestaurant({ ...ajanta, name: 'Bombay' });
    assert.deepEqual(await app.queries.restaurantsByIds([b.id, 'nope', a.id, randomUUID()]), [b, null, a, null]);
    assert.deepEqual(await app.queries.restaurantsByIds([]), []);
  });

  it('restaurants(first, after) pages by lower-cased name, then id, across pages', async (t) => {
    const { app } = await start(t);
    const names = ['banana', 'Apple', 'apple', 'Banana', 'cherry', 'Äpfel', 'zebra', 'Apple', 'b'];
    const created = [];
    for (const name of names) created.push(await app.commands.createRestaurant({ ...ajanta, name }));
    const expected = [...created].sort(compareRestaurants).map((r) => r.id);
    // Name first, ties by id; 'Äpfel' after every ASCII name as code points go.
    assert.deepEqual(
      [...created].sort(compareRestaurants).map((r) => r.name.toLowerCase()),
      ['apple', 'apple', 'apple', 'b', 'banana', 'banana', 'cherry', 'zebra', 'äpfel'],
    );

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await app.queries.restaurants({ first: 2, after });
      pages++;
      seen.push(...page.edges.map((e) => e.node.id));
      for (const edge of page.edges) assert.deepEqual(decodeRestaurantCursor(edge.cursor), { name: edge.node.name, id: edge.node.id });
      assert.equal(page.pageInfo.endCursor, page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    assert.deepEqual(seen, expected);
    assert.equal(pages, 5);

    const all = await app.queries.restaurants({});
    assert.equal(all.edges.length, 9);
    assert.equal(all.pageInfo.hasNextPage, false);
    const exact = await app.queries.restaurants({ first: 9 });
    assert.equal(exact.pageInfo.hasNextPage, false);
    const last = await app.queries.restaurants({ first: 50, after: exact.pageInfo.endCursor });
    assert.deepEqual(last, { edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    // A cursor made from a name that differs in case only lands at the same place.
    const fourth = created.find((r) => r.id === expected[3])!;
    const shouted = encodeRestaurantCursor({ name: fourth.name.toUpperCase(), id: fourth.id });
    assert.deepEqual(
      (await app.queries.restaurants({ first: 50, after: shouted })).edges.map((e) => e.node.id),
      expected.slice(4),
    );
  });

  it('restaurants: first must be 1–50 (checked before the cursor) and a malformed cursor is invalid', async (t) => {
    const { app } = await start(t);
    for (const first of [0, -1, 51, 2.5]) {
      await rejects(app.queries.restaurants({ first, after: '*' }), 'BAD_USER_INPUT', 'first must be between 1 and 50');
    }
    const forged = encodeRestaurantCursor({ name: 'a', id: 'not-a-uuid' });
    for (const after of ['*', '', 'eyJuYW1lIjoxfQ', forged]) {
      await rejects(app.queries.restaurants({ first: 5, after }), 'BAD_USER_INPUT', 'invalid cursor');
    }
    assert.deepEqual(await app.queries.restaurants({ first: null, after: null }), { edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  for (const messaging of messagingKinds()) {
    it(`the relay publishes RestaurantCreated and RestaurantMenuRevised on ${messaging}`, async (t) => {
      const { app, platform } = await start(t, messaging);
      const received: Envelope[] = [];
      const live = await platform.bus.live(platform.config.naming.eventFilter('restaurant', 'Restaurant'), (e) => received.push(e));
      t.after(() => live.close());
      const created = await app.commands.createRestaurant(ajanta);
      await app.commands.reviseMenu({ id: created.id, menu: [menu[0]] });
      await eventually(() => received.length >= 2, 10_000, 'published restaurant events');
      assert.deepEqual(
        received.map((e) => [e.type, e.aggregateId, e.aggregateVersion]),
        [
          [contracts.RestaurantCreated.type, created.id, 1],
          [contracts.RestaurantMenuRevised.type, created.id, 2],
        ],
      );
      assert.deepEqual((received[1].payload as { menu: MenuItem[] }).menu, [menu[0]]);
    });
  }
});
