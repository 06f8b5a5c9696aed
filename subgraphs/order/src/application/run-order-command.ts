import type { LocalOrderCommand } from '@ftgo/sagas';
import type { OrderCommand, OrderEventType } from '../domain/index.js';
import type { HandledOrder, OrderMetrics, OrderOutcome, Work } from './ports.js';

/** DOMAIN §3.1 counters: `placed` counts committed orders, the others the state changes that end a saga's work. */
const COUNTED: Partial<Record<OrderEventType, OrderOutcome>> = {
  OrderCreated: 'placed',
  OrderApproved: 'approved',
  OrderRejected: 'rejected',
  OrderCancelled: 'cancelled',
  OrderRevised: 'revised',
};

/** Runs one Order command through the event store in the work's transaction and counts its events after commit. */
export async function runOrderCommand(work: Work, metrics: OrderMetrics, command: OrderCommand | LocalOrderCommand): Promise<HandledOrder> {
  // A saga's local command has the decider's `{ type, data }` shape (sagas/README).
  const handled = await work.orders.handle(command.data.orderId, command as OrderCommand);
  for (const event of handled.events) {
    const outcome = COUNTED[event.type];
    if (outcome) work.afterCommit(() => metrics.order(outcome));
  }
  return handled;
}
