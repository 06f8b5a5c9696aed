import { requireConsumer } from '../domain/index.js';
import { requireConsumerId } from './consumer-id.js';
import { type ConsumerView, consumerView } from './consumer-view.js';
import type { MutationOptions } from './mutation-options.js';
import type { ConsumerApplicationDeps } from './ports.js';

export interface UpdateConsumerInput {
  id: string;
  name: string;
}

/** DOMAIN §1.2 `updateConsumer`: renames; ConsumerUpdated. */
export const updateConsumer =
  ({ transactions }: ConsumerApplicationDeps) =>
  async (input: UpdateConsumerInput, options: MutationOptions = {}): Promise<ConsumerView> => {
    const consumerId = requireConsumerId(input.id);
    return transactions.run('updateConsumer', options.idempotencyKey, { id: input.id, name: input.name }, async ({ consumers }) => {
      const consumer = await consumers.handle(consumerId, { type: 'UpdateConsumer', data: { consumerId, name: input.name } });
      return consumerView(requireConsumer(consumer));
    });
  };
