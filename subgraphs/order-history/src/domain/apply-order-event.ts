import type { MenuItemQuantity } from '@ftgo/schema';
import type { HistoryLineItem, OrderHistoryEntry, OrderState } from './history-entry.js';
import { toInstant } from './instant.js';
import { keywordsOf } from './keywords.js';
import type { OrderHistoryEvent } from './order-history-event.js';

/** What to do with one Order event (DOMAIN §0 folding). */
export type FoldOutcome =
  /** v = last + 1: store `entry` (insert when it was null), then acknowledge. */
  | { kind: 'APPLIED'; entry: OrderHistoryEntry }
  /** v ≤ last: a duplicate or replay; acknowledge without change. */
  | { kind: 'IGNORED' }
  /** v > last + 1 (or no row and v > 1): an earlier event is missing; leave the message unacknowledged. */
  | { kind: 'NOT_YET'; expectedVersion: number };

/** DOMAIN §5 effects table: the state each event leads to. */
const STATE_AFTER: Record<Exclude<OrderHistoryEvent['type'], 'OrderCreated' | 'Unrecognised'>, OrderState> = {
  OrderApproved: 'APPROVED',
  OrderRejected: 'REJECTED',
  OrderCancelled: 'CANCELLED',
  OrderCancelling: 'CANCEL_PENDING',
  OrderProposedRevision: 'REVISION_PENDING',
  OrderCancellingUndone: 'APPROVED',
  OrderRevisingUndone: 'APPROVED',
  OrderRevised: 'APPROVED',
};

/**
 * Folds one event of the Order stream into the history entry. `lastVersion` is the version of the
 * last applied event of this order (0 when there is no row). Every applied event sets `version`
 * and `updatedAt = occurredAt` (DOMAIN §5).
 */
export function applyOrderEvent(entry: OrderHistoryEntry | null, lastVersion: number, event: OrderHistoryEvent): FoldOutcome {
  if (event.version <= lastVersion) return { kind: 'IGNORED' };
  if (event.version > lastVersion + 1) return { kind: 'NOT_YET', expectedVersion: lastVersion + 1 };
  const stamp = { version: event.version, updatedAt: toInstant(event.payload.occurredAt) };
  if (event.type === 'OrderCreated') {
    if (entry !== null) throw new Error(`OrderCreated v${event.version} for order ${entry.orderId}, which already has an entry`);
    return { kind: 'APPLIED', entry: { ...created(event.payload), ...stamp } };
  }
  if (entry === null) throw new Error(`${event.type} v${event.version} folded before OrderCreated`);
  if (event.type === 'Unrecognised') return { kind: 'APPLIED', entry: { ...entry, ...stamp } };
  const next: OrderHistoryEntry = { ...entry, state: STATE_AFTER[event.type], ...stamp };
  if (event.type === 'OrderRevised') {
    // DOMAIN §5: listed quantities replaced, orderTotal = newOrderTotal, keywords kept.
    next.lineItems = withQuantities(entry.lineItems, event.payload.revisedQuantities);
    next.orderTotal = event.payload.newOrderTotal;
  }
  return { kind: 'APPLIED', entry: next };
}

type Created = Extract<OrderHistoryEvent, { type: 'OrderCreated' }>['payload'];

/** OrderCreated: insert, APPROVAL_PENDING, keywords, createdAt from the event (never projection time). */
function created(payload: Created): Omit<OrderHistoryEntry, 'version' | 'updatedAt'> {
  const lineItems = payload.lineItems.map((item) => ({ ...item }));
  return {
    orderId: payload.orderId,
    consumerId: payload.consumerId,
    restaurantId: payload.restaurantId,
    restaurantName: payload.restaurantName,
    lineItems,
    orderTotal: payload.orderTotal,
    state: 'APPROVAL_PENDING',
    keywords: keywordsOf(
      payload.restaurantName,
      lineItems.map((item) => item.name),
    ),
    createdAt: toInstant(payload.createdAt),
  };
}

function withQuantities(lineItems: readonly HistoryLineItem[], revised: readonly MenuItemQuantity[]): HistoryLineItem[] {
  const quantities = new Map(revised.map((r) => [r.menuItemId, r.quantity]));
  return lineItems.map((item) => ({ ...item, quantity: quantities.get(item.menuItemId) ?? item.quantity }));
}
