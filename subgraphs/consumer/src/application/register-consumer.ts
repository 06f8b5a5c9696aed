import { requireConsumer } from '../domain/index.js';
import { type ConsumerView, consumerView } from './consumer-view.js';
import type { MutationOptions } from './mutation-options.js';
import type { ConsumerApplicationDeps } from './ports.js';

export interface RegisterConsumerInput {
  name: string;
}

/** DOMAIN §1.2 `registerConsumer`: a new consumer under a fresh UUID v4; ConsumerRegistered. */
export const registerConsumer =
  ({ transactions, ids }: ConsumerApplicationDeps) =>
  (input: RegisterConsumerInput, options: MutationOptions = {}): Promise<ConsumerView> =>
    transactions.run('registerConsumer', options.idempotencyKey, { name: input.name }, async ({ consumers }) => {
      const consumerId = ids.newId();
      const consumer = await consumers.handle(consumerId, { type: 'RegisterConsumer', data: { consumerId, name: input.name } });
      return consumerView(requireConsumer(consumer));
    });
