import { type Address, NotFound } from '@ftgo/schema';
import type { Consumer, RegisteredConsumer } from './consumer.js';
import { CONSUMER_MESSAGES } from './messages.js';

/** The registered consumer, else NOT_FOUND `consumer not found` (DOMAIN §0 Reads, §1.2). */
export function requireConsumer(consumer: Consumer): RegisteredConsumer {
  if (consumer.status === 'NEW') throw new NotFound(CONSUMER_MESSAGES.consumerNotFound);
  return consumer;
}

/** The address under `addressId`, or `undefined`. */
export const findAddress = (consumer: RegisteredConsumer, addressId: string): Address | undefined =>
  consumer.addresses.find((entry) => entry.addressId === addressId)?.address;

/** The address under `addressId`, else NOT_FOUND `an address with that identifier does not exist` (DOMAIN §1.2). */
export function requireAddress(consumer: RegisteredConsumer, addressId: string): Address {
  const address = findAddress(consumer, addressId);
  if (!address) throw new NotFound(CONSUMER_MESSAGES.addressNotFound);
  return address;
}
