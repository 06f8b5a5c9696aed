import { validateOrderByConsumer as validate } from '../domain/index.js';
import { requireConsumerId } from './consumer-id.js';
import type { UnitOfWork } from './ports.js';

export interface ValidateOrderByConsumerInput {
  consumerId: string;
  orderId: string;
  orderTotal: number;
}

/**
 * Saga command ValidateOrderByConsumer (DOMAIN §1.2, §3.2 `validateConsumer`), in the handler's unit of work:
 * resolves when the consumer exists, else throws NOT_FOUND `consumer not found` (a ConsumerNotFound reply).
 * The consumer registers in its own service before it can order, so an unknown consumer is final, never transient.
 */
export const validateOrderByConsumer =
  () =>
  async (uow: UnitOfWork, input: ValidateOrderByConsumerInput): Promise<void> => {
    const consumerId = requireConsumerId(input.consumerId);
    validate(await uow.consumers.load(consumerId));
  };
