import type { Consumer } from './consumer.js';
import { requireConsumer } from './consumer-lookup.js';

/**
 * Saga command ValidateOrderByConsumer (DOMAIN §1.2, §3.2 step `validateConsumer`): the consumer must exist,
 * else NOT_FOUND `consumer not found`, which the participant answers with a ConsumerNotFound reply
 * carrying the message as `reason`. Emits nothing.
 */
export function validateOrderByConsumer(consumer: Consumer): void {
  requireConsumer(consumer);
}
