// type-graphql reads decorator metadata at import time: the polyfill comes before any decorated class (@ftgo/infra/graphql's included).
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';
import { ident } from '@ftgo/infra';
import { printSubgraphSchema, type RequestHeaders, subgraphContext } from '@ftgo/infra/graphql';
import { testPlatform } from '@ftgo/infra/testing';
import { graphql } from 'graphql';
import { type RestaurantApplication, type RestaurantView, restaurantSchema, restaurantService } from '../src/index.js';

const address = { street1: '1 Main Street', street2: null, city: 'Oakland', state: 'CA', zip: '94611' };
const menu = [
  { id: 'item1', name: 'Chicken Vindaloo', price: 1299 },
  { id: 'item2', name: 'Garlic Naan', price: 399 },
];
const ajanta = { name: 'Ajanta', address, menu };

interface Result {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
}

const RESTAURANT = 'id name address { street1 street2 city state zip } menu { id name price }';
const RESTAURANT_QUERY = `query ($id: ID!) { restaurant(id: $id) { ${RESTAURANT} } }`;
const RESTAURANTS = `query ($first: Int, $after: String) {
  restaurants(first: $first, after: $after) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } }
}`;
const RESTAURANTS_DEFAULT = '{ restaurants { edges { node { name } } pageInfo { hasNextPage endCursor } } }';
const CREATE = `mutation ($input: CreateRestaurantInput!) { createRestaurant(input: $input) { ${RESTAURANT} } }`;
const REVISE = `mutation ($id: ID!, $menu: [MenuItemInput!]!) { reviseMenu(id: $id, menu: $menu) { ${RESTAURANT} } }`;
const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Restaurant { id name menu { id } } }
}`;

/** The restaurant service on a fresh platform, and its subgraph schema over an application that counts batched reads. */
async function start(t: TestContext) {
  const platform = await testPlatform(t, 'local', { services: ['restaurant'] });
  const service = await restaurantService.start(platform);
  t.after(() => service.stop());
  const batches: string[][] = [];
  const app: RestaurantApplication = {
    ...service.app,
    queries: {
      ...service.app.queries,
      restaurantsByIds: (ids) => {
        batches.push([...ids]);
        return service.app.queries.restaurantsByIds(ids);
      },
    },
  };
  const schema = await restaurantSchema(app);
  /** One operation with the headers the gateway forwards; plain JSON back. */
  const run = async (source: string, variableValues?: Record<string, unknown>, headers?: RequestHeaders): Promise<Result> =>
    JSON.parse(JSON.stringify(await graphql({ schema, source, variableValues, contextValue: subgraphContext(headers) })));
  /** A rejected operation: its code and exact message, no data. */
  const fails = async (source: string, variableValues: Record<string, unknown>, code: string, message: string) => {
    const result = await run(source, variableValues);
    assert.equal(result.data, null);
    assert.equal(result.errors?.length, 1);
    assert.equal(result.errors?.[0].message, message);
    assert.equal(result.errors?.[0].extensions?.code, code);
  };
  const create = async (input: unknown = ajanta): Promise<RestaurantView> => {
    const result = await run(CREATE, { input });
    assert.equal(result.errors, undefined);
    return result.data?.createRestaurant as RestaurantView;
  };
  const table = `${ident(platform.schema('restaurant'))}.restaurants`;
  const rows = async () => (await platform.db.query(`SELECT id, version FROM ${table} ORDER BY id`)).rows;
  return { platform, app: service.app, batches, run, fails, create, rows, table };
}

describe('restaurant subgraph schema', () => {
  it('prints a Federation 2 subgraph with Restaurant keyed by id and the shared value types', async () => {
    const sdl = printSubgraphSchema(await restaurantSchema({} as RestaurantApplication));
    assert.match(sdl, /@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    assert.match(sdl, /type Restaurant\s+@key\(fields: "id"\)/);
    assert.match(sdl, /type Address\s+@shareable/);
    assert.match(sdl, /type PageInfo\s+@shareable/);
    assert.match(sdl, /restaurant\(id: ID!\): Restaurant\n/);
    assert.match(sdl, /restaurants\((after: String, first: Int = 20|first: Int = 20, after: String)\): RestaurantConnection!/);
    assert.match(sdl, /createRestaurant\(input: CreateRestaurantInput!\): Restaurant!/);
    assert.match(sdl, /reviseMenu\((menu: \[MenuItemInput!\]!, id: ID!|id: ID!, menu: \[MenuItemInput!\]!)\): Restaurant!/);
    assert.match(sdl, /type RestaurantEdge \{\s*cursor: String!\s+node: Restaurant!\s*\}/);
  });
});

describe('Query.restaurant and createRestaurant', () => {
  it('creates a restaurant and reads it back', async (t) => {
    const { run, create } = await start(t);
    const created = await create({ name: ' Ajanta ', address: { ...address, street2: ' Suite 2 ' }, menu });
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    const expected = { id: created.id, name: 'Ajanta', address: { ...address, street2: 'Suite 2' }, menu };
    assert.deepStrictEqual(created, expected);
    assert.deepStrictEqual(await run(RESTAURANT_QUERY, { id: created.id }), { data: { restaurant: expected } });
  });

  it('restaurant is null for an unknown or malformed id', async (t) => {
    const { run } = await start(t);
    for (const id of [randomUUID(), 'not-a-uuid', '']) assert.deepStrictEqual(await run(RESTAURANT_QUERY, { id }), { data: { restaurant: null } });
  });

  it('createRestaurant surfaces the domain rules as BAD_USER_INPUT with their exact messages and writes nothing', async (t) => {
    const { fails, rows } = await start(t);
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '  ' }, 'restaurant name must not be blank'],
      [{ address: { ...address, street1: ' ' } }, 'street1 is required'],
      [{ menu: [] }, 'a menu must have at least one item'],
      [{ menu: [menu[0], { ...menu[1], id: 'item1' }] }, 'menu item ids must be unique'],
      [{ menu: [{ ...menu[0], price: 0 }] }, 'menu item price must be greater than zero'],
    ];
    for (const [change, message] of cases) await fails(CREATE, { input: { ...ajanta, ...change } }, 'BAD_USER_INPUT', message);
    assert.deepStrictEqual(await rows(), []);
  });

  it('honours the idempotency-key header: the same key gets the same response and has one effect', async (t) => {
    const { run, rows } = await start(t);
    const headers = { 'idempotency-key': randomUUID() };
    const first = await run(CREATE, { input: ajanta }, headers);
    assert.equal(first.errors, undefined);
    assert.deepStrictEqual(await run(CREATE, { input: ajanta }, headers), first);
    assert.equal((await rows()).length, 1);
    const other = await run(CREATE, { input: { ...ajanta, name: 'Other' } }, headers);
    assert.equal(other.errors?.[0].extensions?.code, 'CONFLICT');
    assert.equal(other.errors?.[0].message, 'idempotency key was used with a different request');

    const created = first.data?.createRestaurant as RestaurantView;
    const { id } = created;
    const reviseHeaders = { 'idempotency-key': randomUUID() };
    const revised = await run(REVISE, { id, menu: [menu[1]] }, reviseHeaders);
    assert.deepStrictEqual(await run(REVISE, { id, menu: [menu[1]] }, reviseHeaders), revised);
    assert.deepStrictEqual(await rows(), [{ id, version: 2 }]);
  });
});

describe('reviseMenu', () => {
  it('replaces the whole menu and returns the restaurant after it', async (t) => {
    const { run, create, rows } = await start(t);
    const { id } = await create();
    const next = [{ id: 'item3', name: ' Mango Lassi ', price: 450 }];
    const result = await run(REVISE, { id, menu: next });
    assert.deepStrictEqual(result, { data: { reviseMenu: { id, name: 'Ajanta', address, menu: [{ id: 'item3', name: 'Mango Lassi', price: 450 }] } } });
    assert.deepStrictEqual(await run(RESTAURANT_QUERY, { id }), { data: { restaurant: result.data?.reviseMenu } });
    assert.deepStrictEqual(await rows(), [{ id, version: 2 }]);
  });

  it('is NOT_FOUND for an unknown or malformed id, BAD_USER_INPUT for a bad menu, changing nothing', async (t) => {
    const { fails, create, rows } = await start(t);
    const { id } = await create();
    for (const unknown of [randomUUID(), 'not-a-uuid']) await fails(REVISE, { id: unknown, menu }, 'NOT_FOUND', 'restaurant not found');
    await fails(REVISE, { id, menu: [] }, 'BAD_USER_INPUT', 'a menu must have at least one item');
    await fails(REVISE, { id, menu: [{ ...menu[0], name: ' ' }] }, 'BAD_USER_INPUT', 'menu item name must not be blank');
    assert.deepStrictEqual(await rows(), [{ id, version: 1 }]);
  });
});

describe('Query.restaurants', () => {
  it('pages by lower-cased name, then id; first defaults to 20', async (t) => {
    const { run, create } = await start(t);
    const names = Array.from({ length: 22 }, (_, i) => `${i % 2 ? 'b' : 'B'}istro ${String(i).padStart(2, '0')}`);
    for (const name of names) await create({ ...ajanta, name });
    const sorted = [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));

    const byDefault = await run(RESTAURANTS_DEFAULT);
    const page = byDefault.data?.restaurants as { edges: { node: { name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    assert.deepStrictEqual(
      page.edges.map((e) => e.node.name),
      sorted.slice(0, 20),
    );
    assert.equal(page.pageInfo.hasNextPage, true);
    assert.deepStrictEqual(await run(RESTAURANTS, { first: null }), await run(RESTAURANTS, {}));

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: Result = await run(RESTAURANTS, { first: 5, after });
      assert.equal(result.errors, undefined);
      const connection = result.data?.restaurants as {
        edges: { cursor: string; node: { name: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
      const { edges, pageInfo } = connection;
      seen.push(...edges.map((e) => e.node.name));
      assert.equal(pageInfo.endCursor, edges.at(-1)?.cursor ?? null);
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    assert.deepStrictEqual(seen, sorted);
  });

  it('an empty directory is an empty connection', async (t) => {
    const { run } = await start(t);
    assert.deepStrictEqual(await run(RESTAURANTS, {}), { data: { restaurants: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } });
  });

  it('refuses first outside 1–50 and a cursor it did not make, with BAD_USER_INPUT', async (t) => {
    const { fails } = await start(t);
    for (const first of [0, -1, 51]) await fails(RESTAURANTS, { first }, 'BAD_USER_INPUT', 'first must be between 1 and 50');
    for (const after of ['not a cursor!', Buffer.from('{"name":"x","id":"nope"}').toString('base64url')]) {
      await fails(RESTAURANTS, { after }, 'BAD_USER_INPUT', 'invalid cursor');
    }
  });
});

describe('entities (_entities)', () => {
  it('resolves 50 Restaurant representations with one batched application call and one SQL statement', async (t) => {
    const { platform, run, create, batches, table } = await start(t);
    const known = [await create(), await create({ ...ajanta, name: 'Bombay Bistro' })];
    const ids = [...known.map((r) => r.id), ...Array.from({ length: 47 }, () => randomUUID()), 'not-a-uuid'];
    assert.equal(ids.length, 50);

    const statements: string[] = [];
    const db = platform.db;
    const query = db.query.bind(db);
    db.query = ((sql: string, params?: unknown[]) => {
      if (sql.includes(table)) statements.push(sql);
      return query(sql, params);
    }) as typeof db.query;
    let result: Result;
    try {
      result = await run(ENTITIES, { representations: ids.map((id) => ({ __typename: 'Restaurant', id })) });
    } finally {
      db.query = query;
    }

    assert.equal(result.errors, undefined);
    assert.deepStrictEqual(batches, [ids]);
    assert.equal(statements.length, 1);
    assert.deepStrictEqual(
      result.data?._entities,
      ids.map((id, i) => (i < known.length ? { id, name: known[i].name, menu: [{ id: 'item1' }, { id: 'item2' }] } : null)),
    );
  });
});
