import type { Database, HandlerContext, Logger } from '@ftgo/infra';
import { FailedPrecondition, NotFound, Transient } from '@ftgo/schema';
import type { DeliveryApplication } from '../application/index.js';

/** What the inbound handlers stand on. */
export interface DeliveryHandlerDeps {
  db: Database;
  /** The delivery schema (its inbox). */
  schema: string;
  logger: Logger;
  /** The application bound to the handler's transaction, ids and message context. */
  application: (ctx: HandlerContext) => DeliveryApplication;
}

/**
 * DOMAIN §1.7: a missing delivery on an event is transient (the order's OrderCreated may not be
 * handled yet), so the message comes back later instead of being acknowledged.
 */
export async function withExistingDelivery<T>(orderId: string, react: () => Promise<T>): Promise<T> {
  try {
    return await react();
  } catch (error) {
    if (error instanceof NotFound) throw new Transient(`delivery ${orderId} not found yet`);
    throw error;
  }
}

/**
 * OrderRejected and TicketCancelled (DOMAIN §1.7). A delivery already picked up or delivered cannot
 * be cancelled; neither trigger can follow a pick-up, so that refusal is logged and the event
 * acknowledged (redelivering a business refusal would only end in a dead letter).
 */
export async function cancelOnEvent(deps: DeliveryHandlerDeps, ctx: HandlerContext, orderId: string): Promise<void> {
  try {
    await withExistingDelivery(orderId, () => deps.application(ctx).commands.cancelDelivery({ orderId }));
  } catch (error) {
    if (!(error instanceof FailedPrecondition)) throw error;
    deps.logger.warn({ orderId, messageId: ctx.envelope.id, type: ctx.envelope.type, reason: error.message }, 'cancel trigger ignored');
  }
}
