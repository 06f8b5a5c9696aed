import { type Database, type MessageHandler, onEvent, type SubscriptionSpec, type Transaction } from '@ftgo/infra';
import type { Naming } from '@ftgo/schema';
import type { ProjectOrderEventInput } from '../application/index.js';
import { fromEnvelope } from '../domain/index.js';

/** The live projection's subscription. */
export const ORDERS_SUBSCRIPTION = 'orders';

/** Every Order event, per-aggregate order (DOMAIN §2.1: `ftgo.order.events.Order`). */
export const orderEventsSubscription = (naming: Naming, name: string = ORDERS_SUBSCRIPTION): SubscriptionSpec => ({
  service: 'order-history',
  name,
  subject: naming.eventFilter('order', 'Order'),
  ordered: true,
});

export interface OrderEventsHandlerDeps {
  db: Database;
  /** The order-history schema (its inbox). */
  schema: string;
  /** Inbox key, `order-history.<subscription>`. */
  consumer: string;
  /** The application's `projectOrderEvent`, bound to the handler's transaction. */
  project: (tx: Transaction, input: ProjectOrderEventInput) => Promise<unknown>;
}

/**
 * Folds each Order event into the history in the inbox's transaction. A duplicate delivery is
 * skipped by the inbox, a re-published event by the version rule; an event ahead of the
 * projection throws Transient and comes back (DOMAIN §0).
 */
export const orderEventsHandler = (deps: OrderEventsHandlerDeps): MessageHandler =>
  onEvent(deps, ({ tx, envelope }) => deps.project(tx, { orderId: envelope.aggregateId, event: fromEnvelope(envelope) }).then(() => {}));
