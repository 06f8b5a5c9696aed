import type { MessageHandler, SubscriptionSpec } from '@ftgo/infra';
import { consumer, type Envelope, type Naming } from '@ftgo/schema';
import type { ConsumerReplicaChange } from '../domain/index.js';
import { type OrderHandlerDeps, reactionHandler } from './reaction-handler.js';

export const consumerEventsSubscription = (naming: Naming): SubscriptionSpec => ({
  service: 'order',
  name: 'consumer-events',
  subject: naming.eventFilter('consumer', consumer.AGGREGATE),
  ordered: true,
});

/** Every Consumer event as a change of the address-book replica; one the replica does not read still counts as a version. */
function changeOf(envelope: Envelope): ConsumerReplicaChange {
  if (consumer.ConsumerRegistered.is(envelope)) return { type: 'ConsumerRegistered', name: envelope.payload.name };
  if (consumer.ConsumerUpdated.is(envelope)) return { type: 'ConsumerUpdated', name: envelope.payload.name };
  if (consumer.AddressAdded.is(envelope)) return { type: 'AddressAdded', addressId: envelope.payload.addressId, address: envelope.payload.address };
  if (consumer.AddressUpdated.is(envelope)) return { type: 'AddressUpdated', addressId: envelope.payload.addressId, address: envelope.payload.address };
  if (consumer.AddressRemoved.is(envelope)) return { type: 'AddressRemoved', addressId: envelope.payload.addressId };
  return { type: 'Other' };
}

/** DOMAIN §1.5: folds every Consumer event into `consumer_replicas` by the version rule of §0. */
export function consumerEventsHandler(deps: OrderHandlerDeps, spec: SubscriptionSpec): MessageHandler {
  return reactionHandler(deps, spec, async (work, { envelope }) => {
    await deps.app.reactions.applyConsumerEvent(work, envelope.aggregateId, changeOf(envelope), envelope.aggregateVersion ?? 0);
  });
}
