import type { MessageHandler, SubscriptionSpec } from '@ftgo/infra';
import { type Naming, order } from '@ftgo/schema';
import { type OrderHandlerDeps, reactionHandler } from './reaction-handler.js';

export const sagaStartSubscription = (naming: Naming): SubscriptionSpec => ({
  service: 'order',
  name: 'saga-start',
  subject: naming.eventFilter('order', order.AGGREGATE),
  ordered: true,
});

/** DOMAIN §3.2: `order.OrderCreated` starts the CreateOrder saga (the mutation never does); other Order events pass. */
export function sagaStartHandler(deps: OrderHandlerDeps, spec: SubscriptionSpec): MessageHandler {
  return reactionHandler(deps, spec, async (work, { envelope }) => {
    if (!order.OrderCreated.is(envelope)) return;
    await deps.app.reactions.startCreateOrderSaga(work, envelope.payload);
  });
}
