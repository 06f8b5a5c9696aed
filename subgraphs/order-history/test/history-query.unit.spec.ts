import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadUserInput } from '@ftgo/schema';
import {
  compareEntries,
  decodeHistoryCursor,
  encodeHistoryCursor,
  historyPage,
  matchesQuery,
  type OrderHistoryArgs,
  type OrderHistoryEntry,
  pageSize,
  parseHistoryQuery,
} from '../src/domain/index.js';

const rejects = (run: () => unknown, message: string) =>
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof BadUserInput, `expected BadUserInput, got ${String(error)}`);
    assert.equal(error.message, message);
    return true;
  });
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const entry = (n: number, createdAt: string, more: Partial<OrderHistoryEntry> = {}): OrderHistoryEntry => ({
  orderId: id(n),
  consumerId: 'consumer-1',
  restaurantId: 'restaurant-1',
  restaurantName: 'Ajanta',
  lineItems: [],
  orderTotal: 100,
  state: 'APPROVED',
  keywords: ['ajanta', 'chicken', 'vindaloo', 'garlic', 'naan'],
  createdAt,
  updatedAt: createdAt,
  version: 2,
  ...more,
});
const query = (args: Partial<OrderHistoryArgs> = {}) => parseHistoryQuery({ consumerId: 'consumer-1', ...args });

describe('pageSize (DOMAIN §5: first 1–50, default 20)', () => {
  it('defaults to 20', () => {
    assert.equal(pageSize(undefined), 20);
    assert.equal(pageSize(null), 20);
  });
  it('accepts 1 to 50', () => {
    assert.equal(pageSize(1), 1);
    assert.equal(pageSize(50), 50);
  });
  for (const first of [0, -5, 51, 2.5]) {
    it(`refuses ${first}`, () => rejects(() => pageSize(first), 'first must be between 1 and 50'));
  }
});

describe('history cursor (DOMAIN §5)', () => {
  it('is base64url of {createdAt, orderId} at full millisecond precision', () => {
    const cursor = encodeHistoryCursor({ createdAt: '2025-01-01T10:00:00.007Z', orderId: id(1) });
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(JSON.parse(Buffer.from(cursor, 'base64url').toString()), { createdAt: '2025-01-01T10:00:00.007Z', orderId: id(1) });
    assert.deepEqual(decodeHistoryCursor(cursor), { createdAt: '2025-01-01T10:00:00.007Z', orderId: id(1) });
  });
  it('normalises createdAt when encoding', () => {
    const cursor = encodeHistoryCursor({ createdAt: '2025-01-01T12:00:00.5+02:00', orderId: id(1) });
    assert.equal(decodeHistoryCursor(cursor).createdAt, '2025-01-01T10:00:00.500Z');
  });
  const malformed: Record<string, string> = {
    empty: '',
    'not base64url': 'ab+/==',
    'not JSON': Buffer.from('{"createdAt"').toString('base64url'),
    'JSON null': encode(null),
    'an array': encode(['2025-01-01T10:00:00.000Z', id(1)]),
    'missing orderId': encode({ createdAt: '2025-01-01T10:00:00.000Z' }),
    'a non-UUID orderId': encode({ createdAt: '2025-01-01T10:00:00.000Z', orderId: 'order-1' }),
    'a createdAt without milliseconds': encode({ createdAt: '2025-01-01T10:00:00Z', orderId: id(1) }),
    'a createdAt that is no date': encode({ createdAt: 'yesterday', orderId: id(1) }),
    'an impossible date': encode({ createdAt: '2025-02-30T10:00:00.000Z', orderId: id(1) }),
    'a numeric createdAt': encode({ createdAt: 1735725600000, orderId: id(1) }),
  };
  for (const [what, cursor] of Object.entries(malformed)) {
    it(`refuses ${what}`, () => rejects(() => decodeHistoryCursor(cursor), 'invalid cursor'));
  }
});

describe('parseHistoryQuery (DOMAIN §5)', () => {
  it('normalises the filter: keywords to words, empty states to all, since to UTC', () => {
    assert.deepEqual(query({ filter: { since: '2025-01-01T12:00:00+02:00', keywords: ['Garlic-Naan'], states: [] }, first: 5 }), {
      consumerId: 'consumer-1',
      since: '2025-01-01T10:00:00.000Z',
      keywords: ['garlic', 'naan'],
      states: null,
      first: 5,
      after: null,
    });
    assert.deepEqual(query(), { consumerId: 'consumer-1', since: null, keywords: [], states: null, first: 20, after: null });
    assert.deepEqual(query({ filter: { states: ['APPROVED', 'APPROVED'] } }).states, ['APPROVED']);
  });
  it('decodes after', () => {
    const after = encodeHistoryCursor({ createdAt: '2025-01-01T10:00:00.000Z', orderId: id(1) });
    assert.deepEqual(query({ after }).after, { createdAt: '2025-01-01T10:00:00.000Z', orderId: id(1) });
  });
  it('reports keyword, then first, then cursor failures', () => {
    rejects(() => query({ filter: { keywords: ['!'] }, first: 0, after: '*' }), 'keyword must contain a letter or digit');
    rejects(() => query({ first: 0, after: '*' }), 'first must be between 1 and 50');
    rejects(() => query({ after: '*' }), 'invalid cursor');
  });
});

describe('matching and order (DOMAIN §5)', () => {
  const a = entry(1, '2025-01-01T10:00:00.001Z');
  const b = entry(2, '2025-01-01T10:00:00.001Z');
  const c = entry(3, '2025-01-01T10:00:00.002Z', { state: 'CANCELLED', keywords: ['pizza', 'place', 'margherita'] });
  const other = entry(4, '2025-01-01T10:00:00.003Z', { consumerId: 'consumer-2' });

  it('orders by createdAt desc, then orderId desc', () => {
    assert.deepEqual(
      [a, c, b].sort(compareEntries).map((e) => e.orderId),
      [id(3), id(2), id(1)],
    );
  });
  it("keeps that consumer's entries only", () => {
    assert.equal(matchesQuery(other, query()), false);
    assert.equal(matchesQuery(a, query()), true);
  });
  it('since: createdAt strictly after', () => {
    assert.equal(matchesQuery(a, query({ filter: { since: '2025-01-01T10:00:00.001Z' } })), false);
    assert.equal(matchesQuery(c, query({ filter: { since: '2025-01-01T10:00:00.001Z' } })), true);
  });
  it('keywords: every word, whole words, case-insensitive (DOMAIN §6: naan finds, chick does not)', () => {
    assert.equal(matchesQuery(a, query({ filter: { keywords: ['NAAN'] } })), true);
    assert.equal(matchesQuery(a, query({ filter: { keywords: ['garlic naan', 'Ajanta'] } })), true);
    assert.equal(matchesQuery(a, query({ filter: { keywords: ['chick'] } })), false);
    assert.equal(matchesQuery(a, query({ filter: { keywords: ['naan', 'pizza'] } })), false);
  });
  it('states: state ∈ states; null or empty = all', () => {
    assert.equal(matchesQuery(c, query({ filter: { states: ['APPROVED'] } })), false);
    assert.equal(matchesQuery(c, query({ filter: { states: ['APPROVED', 'CANCELLED'] } })), true);
    assert.equal(matchesQuery(c, query({ filter: { states: null } })), true);
  });
  it('after: strictly after the cursor in that order, ties broken by orderId', () => {
    const after = encodeHistoryCursor(b);
    assert.equal(matchesQuery(b, query({ after })), false);
    assert.equal(matchesQuery(a, query({ after })), true);
    assert.equal(matchesQuery(c, query({ after })), false);
  });
  it('pages: edges with cursors, endCursor of the last edge, hasNextPage from the extra row', () => {
    const rows = [c, b, a];
    const page = historyPage(rows, 2);
    assert.deepEqual(
      page.edges.map((e) => e.node.orderId),
      [id(3), id(2)],
    );
    assert.equal(page.pageInfo.hasNextPage, true);
    assert.equal(page.pageInfo.endCursor, page.edges[1].cursor);
    assert.deepEqual(decodeHistoryCursor(page.edges[0].cursor), { createdAt: c.createdAt, orderId: c.orderId });
    const q = query({ first: 2, after: page.pageInfo.endCursor });
    const next = historyPage(
      rows.filter((e) => matchesQuery(e, q)),
      q.first,
    );
    assert.deepEqual(
      next.edges.map((e) => e.node.orderId),
      [id(1)],
    );
    assert.equal(next.pageInfo.hasNextPage, false);
    assert.deepEqual(historyPage([], 20).pageInfo, { hasNextPage: false, endCursor: null });
  });
});
