import { type AddConsumerAddressInput, addConsumerAddress } from './add-consumer-address.js';
import type { ConsumerView } from './consumer-view.js';
import { getConsumer } from './get-consumer.js';
import type { MutationOptions } from './mutation-options.js';
import type { ConsumerApplicationDeps, UnitOfWork } from './ports.js';
import { type RegisterConsumerInput, registerConsumer } from './register-consumer.js';
import { type RemoveConsumerAddressInput, removeConsumerAddress } from './remove-consumer-address.js';
import { type UpdateConsumerInput, updateConsumer } from './update-consumer.js';
import { type UpdateConsumerAddressInput, updateConsumerAddress } from './update-consumer-address.js';
import { type ValidateOrderByConsumerInput, validateOrderByConsumer } from './validate-order-by-consumer.js';

/**
 * The consumer service's use cases (DOMAIN §1.2). Commands run in their own transaction and return the
 * consumer after it; they throw DomainErrors (BAD_USER_INPUT, NOT_FOUND, CONFLICT) with the DOMAIN's texts.
 */
export interface ConsumerApplication {
  commands: {
    registerConsumer(input: RegisterConsumerInput, options?: MutationOptions): Promise<ConsumerView>;
    updateConsumer(input: UpdateConsumerInput, options?: MutationOptions): Promise<ConsumerView>;
    addConsumerAddress(input: AddConsumerAddressInput, options?: MutationOptions): Promise<ConsumerView>;
    updateConsumerAddress(input: UpdateConsumerAddressInput, options?: MutationOptions): Promise<ConsumerView>;
    removeConsumerAddress(input: RemoveConsumerAddressInput, options?: MutationOptions): Promise<ConsumerView>;
  };
  queries: {
    /** `null` for an unknown or malformed id. */
    consumer(id: string): Promise<ConsumerView | null>;
  };
  /** Driven by inbound messages, in the handler's unit of work (inbox claim and reply in the same transaction). */
  messages: {
    validateOrderByConsumer(uow: UnitOfWork, input: ValidateOrderByConsumerInput): Promise<void>;
  };
}

export function createConsumerApplication(deps: ConsumerApplicationDeps): ConsumerApplication {
  return {
    commands: {
      registerConsumer: registerConsumer(deps),
      updateConsumer: updateConsumer(deps),
      addConsumerAddress: addConsumerAddress(deps),
      updateConsumerAddress: updateConsumerAddress(deps),
      removeConsumerAddress: removeConsumerAddress(deps),
    },
    queries: { consumer: getConsumer(deps) },
    messages: { validateOrderByConsumer: validateOrderByConsumer() },
  };
}
