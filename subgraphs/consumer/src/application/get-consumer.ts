import { isConsumerId } from './consumer-id.js';
import { type ConsumerView, consumerView } from './consumer-view.js';
import type { ConsumerApplicationDeps } from './ports.js';

/** Query `consumer(id)`: the consumer, or `null` for an unknown or malformed id (DOMAIN §0 Reads). */
export const getConsumer =
  ({ consumers }: ConsumerApplicationDeps) =>
  async (id: string): Promise<ConsumerView | null> => {
    if (!isConsumerId(id)) return null;
    const consumer = await consumers.load(id);
    return consumer.status === 'REGISTERED' ? consumerView(consumer) : null;
  };
