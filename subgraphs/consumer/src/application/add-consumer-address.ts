import { type AddressInput, requireConsumer } from '../domain/index.js';
import { requireConsumerId } from './consumer-id.js';
import { type ConsumerView, consumerView } from './consumer-view.js';
import type { MutationOptions } from './mutation-options.js';
import type { ConsumerApplicationDeps } from './ports.js';

export interface AddConsumerAddressInput {
  consumerId: string;
  /** The caller's label, e.g. `Home`. */
  addressId: string;
  address: AddressInput;
}

/** DOMAIN §1.2 `addConsumerAddress`: a new labelled address at the end; AddressAdded. */
export const addConsumerAddress =
  ({ transactions }: ConsumerApplicationDeps) =>
  async (input: AddConsumerAddressInput, options: MutationOptions = {}): Promise<ConsumerView> => {
    const consumerId = requireConsumerId(input.consumerId);
    const { addressId, address } = input;
    return transactions.run('addConsumerAddress', options.idempotencyKey, { consumerId, addressId, address }, async ({ consumers }) => {
      const consumer = await consumers.handle(consumerId, { type: 'AddConsumerAddress', data: { consumerId, addressId, address } });
      return consumerView(requireConsumer(consumer));
    });
  };
