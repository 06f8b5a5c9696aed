import { requireConsumer } from '../domain/index.js';
import { requireConsumerId } from './consumer-id.js';
import { type ConsumerView, consumerView } from './consumer-view.js';
import type { MutationOptions } from './mutation-options.js';
import type { ConsumerApplicationDeps } from './ports.js';

export interface RemoveConsumerAddressInput {
  consumerId: string;
  addressId: string;
}

/** DOMAIN §1.2 `removeConsumerAddress`: AddressRemoved. */
export const removeConsumerAddress =
  ({ transactions }: ConsumerApplicationDeps) =>
  async (input: RemoveConsumerAddressInput, options: MutationOptions = {}): Promise<ConsumerView> => {
    const consumerId = requireConsumerId(input.consumerId);
    const { addressId } = input;
    return transactions.run('removeConsumerAddress', options.idempotencyKey, { consumerId, addressId }, async ({ consumers }) => {
      const consumer = await consumers.handle(consumerId, { type: 'RemoveConsumerAddress', data: { consumerId, addressId } });
      return consumerView(requireConsumer(consumer));
    });
  };
