import type { ConsumerDirectory } from './ports.js';

/**
 * `Order.consumer` of many orders in one read (a DataLoader batch): whether the consumer replica knows each
 * consumer, in the order asked. An order of a consumer it does not know has `consumer: null` (API.graphql).
 */
export function knownConsumers(consumers: ConsumerDirectory) {
  return async (consumerIds: readonly string[]): Promise<boolean[]> => {
    const known = await consumers.known(consumerIds);
    return consumerIds.map((id) => known.has(id));
  };
}
