import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyOrderEvent, type FoldOutcome, fromEnvelope, type OrderHistoryEntry, type OrderHistoryEvent } from '../src/domain/index.js';

const orderId = '0b7c8f2e-4a1d-4c3b-9e8f-1a2b3c4d5e6f';
const address = { street1: '123 Main St.', street2: 'Apt 4', city: 'Oakland', state: 'CA', zip: '94612' };
const at = (minute: number) => `2025-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

const orderCreated: OrderHistoryEvent = {
  type: 'OrderCreated',
  version: 1,
  payload: {
    orderId,
    consumerId: 'consumer-1',
    restaurantId: 'restaurant-1',
    restaurantName: 'Ajanta',
    lineItems: [
      { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 2 },
      { menuItemId: 'item3', name: 'Garlic Naan', price: 399, quantity: 1 },
    ],
    orderTotal: 2997,
    deliverAt: '2025-01-01T11:00:00.000Z',
    deliverTo: address,
    createdAt: '2025-01-01T09:59:59.123Z',
    occurredAt: at(0),
  },
};
const simple = (
  type: Exclude<OrderHistoryEvent['type'], 'OrderCreated' | 'OrderRejected' | 'OrderApproved' | 'OrderRevised' | 'OrderProposedRevision'>,
  version: number,
) => ({ type, version, payload: { orderId, occurredAt: at(version) } }) as OrderHistoryEvent;
const approved = (version = 2): OrderHistoryEvent => ({ type: 'OrderApproved', version, payload: { orderId, ticketId: 't-1', occurredAt: at(version) } });
const revision = { orderId, currentOrderTotal: 2997, newOrderTotal: 1698, revisedQuantities: [{ menuItemId: 'item1', quantity: 1 }] };

const applied = (outcome: FoldOutcome): OrderHistoryEntry => {
  assert.equal(outcome.kind, 'APPLIED');
  return (outcome as Extract<FoldOutcome, { kind: 'APPLIED' }>).entry;
};
const fold = (events: OrderHistoryEvent[]): OrderHistoryEntry =>
  events.reduce<OrderHistoryEntry | null>((entry, e) => applied(applyOrderEvent(entry, entry?.version ?? 0, e)), null) as OrderHistoryEntry;

describe('applyOrderEvent: version rule (DOMAIN §0)', () => {
  const created = fold([orderCreated]);

  it('applies v = last + 1', () => assert.equal(applied(applyOrderEvent(created, 1, approved(2))).version, 2));

  it('ignores v ≤ last (duplicates and replays)', () => {
    assert.deepEqual(applyOrderEvent(created, 1, orderCreated), { kind: 'IGNORED' });
    const later = fold([orderCreated, approved(2)]);
    assert.deepEqual(applyOrderEvent(later, 2, approved(2)), { kind: 'IGNORED' });
    assert.deepEqual(applyOrderEvent(later, 2, orderCreated), { kind: 'IGNORED' });
  });

  it('answers NOT_YET for v > last + 1, so the message stays unacknowledged', () => {
    assert.deepEqual(applyOrderEvent(created, 1, simple('OrderCancelling', 3)), { kind: 'NOT_YET', expectedVersion: 2 });
  });

  it('answers NOT_YET when there is no row and v > 1', () => {
    assert.deepEqual(applyOrderEvent(null, 0, approved(2)), { kind: 'NOT_YET', expectedVersion: 1 });
  });

  it('treats an event at the next version on a missing entry, or a second OrderCreated, as a bug', () => {
    assert.throws(() => applyOrderEvent(null, 1, approved(2)), /before OrderCreated/);
    assert.throws(() => applyOrderEvent(created, 1, { ...orderCreated, version: 2 } as OrderHistoryEvent), /already has an entry/);
  });
});

describe('applyOrderEvent: effects (DOMAIN §5)', () => {
  it('OrderCreated inserts APPROVAL_PENDING with keywords and createdAt from the event', () => {
    assert.deepEqual(fold([orderCreated]), {
      orderId,
      consumerId: 'consumer-1',
      restaurantId: 'restaurant-1',
      restaurantName: 'Ajanta',
      lineItems: [
        { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 2 },
        { menuItemId: 'item3', name: 'Garlic Naan', price: 399, quantity: 1 },
      ],
      orderTotal: 2997,
      state: 'APPROVAL_PENDING',
      keywords: ['ajanta', 'chicken', 'vindaloo', 'garlic', 'naan'],
      createdAt: '2025-01-01T09:59:59.123Z',
      updatedAt: at(0),
      version: 1,
    });
  });

  it('normalises createdAt and updatedAt to UTC milliseconds', () => {
    const e = fold([
      {
        ...orderCreated,
        payload: { ...orderCreated.payload, createdAt: '2025-01-01T11:59:59.1+02:00', occurredAt: '2025-01-01T12:00:00+02:00' },
      } as OrderHistoryEvent,
    ]);
    assert.equal(e.createdAt, '2025-01-01T09:59:59.100Z');
    assert.equal(e.updatedAt, '2025-01-01T10:00:00.000Z');
  });

  const transitions: [string, OrderHistoryEvent[], string][] = [
    ['OrderApproved → APPROVED', [approved()], 'APPROVED'],
    ['OrderRejected → REJECTED', [{ type: 'OrderRejected', version: 2, payload: { orderId, reason: 'account disabled', occurredAt: at(2) } }], 'REJECTED'],
    ['OrderCancelling → CANCEL_PENDING', [approved(), simple('OrderCancelling', 3)], 'CANCEL_PENDING'],
    ['OrderCancellingUndone → APPROVED', [approved(), simple('OrderCancelling', 3), simple('OrderCancellingUndone', 4)], 'APPROVED'],
    ['OrderCancelled → CANCELLED', [approved(), simple('OrderCancelling', 3), simple('OrderCancelled', 4)], 'CANCELLED'],
    [
      'OrderProposedRevision → REVISION_PENDING',
      [approved(), { type: 'OrderProposedRevision', version: 3, payload: { ...revision, occurredAt: at(3) } }],
      'REVISION_PENDING',
    ],
    [
      'OrderRevisingUndone → APPROVED',
      [approved(), { type: 'OrderProposedRevision', version: 3, payload: { ...revision, occurredAt: at(3) } }, simple('OrderRevisingUndone', 4)],
      'APPROVED',
    ],
  ];
  for (const [name, events, state] of transitions) {
    it(`${name}, with version and updatedAt of the event`, () => {
      const entry = fold([orderCreated, ...events]);
      assert.equal(entry.state, state);
      assert.equal(entry.version, events.length + 1);
      assert.equal(entry.updatedAt, at(events.length + 1));
      assert.equal(entry.createdAt, '2025-01-01T09:59:59.123Z');
      assert.equal(entry.orderTotal, 2997);
    });
  }

  it('OrderProposedRevision keeps quantities and total until OrderRevised', () => {
    const entry = fold([orderCreated, approved(), { type: 'OrderProposedRevision', version: 3, payload: { ...revision, occurredAt: at(3) } }]);
    assert.equal(entry.lineItems[0].quantity, 2);
    assert.equal(entry.orderTotal, 2997);
  });

  it('OrderRevised → APPROVED, replaces listed quantities, orderTotal = newOrderTotal, keeps keywords', () => {
    const entry = fold([
      orderCreated,
      approved(),
      { type: 'OrderProposedRevision', version: 3, payload: { ...revision, occurredAt: at(3) } },
      { type: 'OrderRevised', version: 4, payload: { ...revision, occurredAt: at(4) } },
    ]);
    assert.equal(entry.state, 'APPROVED');
    assert.deepEqual(entry.lineItems, [
      { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 1 },
      { menuItemId: 'item3', name: 'Garlic Naan', price: 399, quantity: 1 },
    ]);
    assert.equal(entry.orderTotal, 1698);
    assert.deepEqual(entry.keywords, ['ajanta', 'chicken', 'vindaloo', 'garlic', 'naan']);
    assert.equal(entry.version, 4);
    assert.equal(entry.updatedAt, at(4));
  });

  it('an unrecognised event type takes its version and updatedAt only', () => {
    const before = fold([orderCreated]);
    const entry = applied(applyOrderEvent(before, 1, { type: 'Unrecognised', version: 2, payload: { occurredAt: at(9) } }));
    assert.deepEqual(entry, { ...before, version: 2, updatedAt: at(9) });
  });

  it('does not mutate the entry it folds', () => {
    const before = fold([orderCreated, approved()]);
    const copy = structuredClone(before);
    applyOrderEvent(before, 2, { type: 'OrderRevised', version: 3, payload: { ...revision, occurredAt: at(3) } });
    assert.deepEqual(before, copy);
  });
});

describe('fromEnvelope', () => {
  it('maps `order.<Name>` envelopes to events with their aggregate version', () => {
    const e = fromEnvelope({ type: 'order.OrderApproved', aggregateVersion: 2, payload: { orderId, ticketId: 't', occurredAt: at(2) } });
    assert.deepEqual(e, { type: 'OrderApproved', version: 2, payload: { orderId, ticketId: 't', occurredAt: at(2) } });
    assert.equal(fromEnvelope({ type: 'order.OrderCreated', aggregateVersion: 1, payload: orderCreated.payload }).type, 'OrderCreated');
  });
  it('marks other types Unrecognised', () => {
    assert.equal(fromEnvelope({ type: 'order.SomethingNew', aggregateVersion: 5, payload: { occurredAt: at(5) } }).type, 'Unrecognised');
  });
  it('refuses an envelope without an aggregate version', () => {
    assert.throws(() => fromEnvelope({ type: 'order.OrderApproved', aggregateVersion: null, payload: {} }), TypeError);
  });
});
