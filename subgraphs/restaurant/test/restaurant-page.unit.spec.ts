import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadUserInput } from '@ftgo/schema';
import { compareRestaurants, decodeRestaurantCursor, encodeRestaurantCursor, isAfter, pageSize, restaurantPage } from '../src/domain/index.js';

const rejects = (run: () => unknown, message: string) =>
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof BadUserInput, `expected BadUserInput, got ${String(error)}`);
    assert.equal(error.message, message);
    return true;
  });

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('pageSize (DOMAIN §1.4: first 1–50)', () => {
  it('accepts 1 to 50', () => {
    assert.equal(pageSize(1), 1);
    assert.equal(pageSize(50), 50);
  });
  it('defaults to 20 (API.graphql)', () => {
    assert.equal(pageSize(undefined), 20);
    assert.equal(pageSize(null), 20);
  });
  for (const first of [0, -1, 51, 1.5, Number.NaN]) {
    it(`refuses ${first}`, () => rejects(() => pageSize(first), 'first must be between 1 and 50'));
  }
});

describe('restaurant cursor', () => {
  it('round-trips name and id and is base64url', () => {
    const cursor = encodeRestaurantCursor({ name: 'Café Ü/+?', id: 'b0c1' });
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeRestaurantCursor(cursor), { name: 'Café Ü/+?', id: 'b0c1' });
  });
  it('keeps only name and id', () => {
    const cursor = encodeRestaurantCursor({ name: 'A', id: '1', menu: [] } as never);
    assert.deepEqual(JSON.parse(Buffer.from(cursor, 'base64url').toString()), { name: 'A', id: '1' });
  });
  const malformed: Record<string, string> = {
    empty: '',
    'not base64url': 'a+b/c=',
    'not JSON': Buffer.from('{name').toString('base64url'),
    'JSON null': encode(null),
    'JSON array': encode(['A', '1']),
    'JSON string': encode('A'),
    'missing id': encode({ name: 'A' }),
    'empty id': encode({ name: 'A', id: '' }),
    'numeric name': encode({ name: 1, id: '1' }),
  };
  for (const [what, cursor] of Object.entries(malformed)) {
    it(`refuses a cursor that is ${what}`, () => rejects(() => decodeRestaurantCursor(cursor), 'invalid cursor'));
  }
});

describe('restaurants order (DOMAIN §1.4: lower-cased name, then id)', () => {
  const rows = [
    { name: 'banana', id: '2' },
    { name: 'Apple', id: '9' },
    { name: 'apple', id: '3' },
    { name: 'Banana', id: '1' },
    { name: 'cherry', id: '0' },
  ];
  it('sorts case-insensitively by name, ties by id', () => {
    assert.deepEqual(
      [...rows].sort(compareRestaurants).map((r) => r.id),
      ['3', '9', '1', '2', '0'],
    );
  });
  it('pages with a keyset: strictly after the cursor', () => {
    const sorted = [...rows].sort(compareRestaurants);
    const first = restaurantPage(sorted.slice(0, 3), 2);
    assert.deepEqual(
      first.edges.map((e) => e.node.id),
      ['3', '9'],
    );
    assert.equal(first.pageInfo.hasNextPage, true);
    assert.equal(first.pageInfo.endCursor, first.edges[1].cursor);
    const after = decodeRestaurantCursor(first.pageInfo.endCursor as string);
    const rest = sorted.filter((r) => isAfter(r, after));
    assert.deepEqual(
      rest.map((r) => r.id),
      ['1', '2', '0'],
    );
    const last = restaurantPage(rest.slice(0, 4), 3);
    assert.equal(last.pageInfo.hasNextPage, false);
    assert.deepEqual(decodeRestaurantCursor(last.pageInfo.endCursor as string), { name: 'cherry', id: '0' });
  });
  it('gives an empty page a null endCursor', () => {
    assert.deepEqual(restaurantPage([], 20), { edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
  it('is not after itself', () => assert.equal(isAfter({ name: 'A', id: '1' }, { name: 'a', id: '1' }), false));
});
