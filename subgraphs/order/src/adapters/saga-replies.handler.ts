import type { MessageHandler, SubscriptionSpec } from '@ftgo/infra';
import type { Naming } from '@ftgo/schema';
import { type OrderHandlerDeps, reactionHandler } from './reaction-handler.js';

/** Every saga type's replies (`ftgo.sagas.<type>.replies`), handled in parallel: a saga has one command in flight. */
export const sagaRepliesSubscription = (naming: Naming): SubscriptionSpec => ({
  service: 'order',
  name: 'saga-replies',
  subject: `${naming.root}.sagas.*.replies`,
  ordered: false,
});

/** DOMAIN §3.1: a participant's reply, applied to the awaited step of its saga or ignored and counted. */
export function sagaRepliesHandler(deps: OrderHandlerDeps, spec: SubscriptionSpec): MessageHandler {
  return reactionHandler(deps, spec, (work, { envelope }) => deps.app.reactions.applySagaReply(work, envelope));
}
