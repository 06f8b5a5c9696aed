import { type AddressInput, requireConsumer } from '../domain/index.js';
import { requireConsumerId } from './consumer-id.js';
import { type ConsumerView, consumerView } from './consumer-view.js';
import type { MutationOptions } from './mutation-options.js';
import type { ConsumerApplicationDeps } from './ports.js';

export interface UpdateConsumerAddressInput {
  consumerId: string;
  addressId: string;
  address: AddressInput;
}

/** DOMAIN §1.2 `updateConsumerAddress`: replaces the address under the label, keeping its position; AddressUpdated. */
export const updateConsumerAddress =
  ({ transactions }: ConsumerApplicationDeps) =>
  async (input: UpdateConsumerAddressInput, options: MutationOptions = {}): Promise<ConsumerView> => {
    const consumerId = requireConsumerId(input.consumerId);
    const { addressId, address } = input;
    return transactions.run('updateConsumerAddress', options.idempotencyKey, { consumerId, addressId, address }, async ({ consumers }) => {
      const consumer = await consumers.handle(consumerId, { type: 'UpdateConsumerAddress', data: { consumerId, addressId, address } });
      return consumerView(requireConsumer(consumer));
    });
  };
