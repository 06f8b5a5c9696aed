import type { Address } from '@ftgo/schema';
import type { RegisteredConsumer } from '../domain/index.js';

/** API `ConsumerAddress`: the caller's label as `id`. */
export interface ConsumerAddressView {
  id: string;
  address: { street1: string; street2: string | null; city: string; state: string; zip: string };
}

/** API `Consumer` (the consumer subgraph's fields); JSON-safe, so an idempotent replay returns the same shape. */
export interface ConsumerView {
  id: string;
  name: string;
  /** Insertion order; an update keeps the position (DOMAIN §1.2). */
  addresses: ConsumerAddressView[];
}

const addressView = (address: Address): ConsumerAddressView['address'] => ({
  street1: address.street1,
  street2: address.street2 ?? null,
  city: address.city,
  state: address.state,
  zip: address.zip,
});

export const consumerView = (consumer: RegisteredConsumer): ConsumerView => ({
  id: consumer.consumerId,
  name: consumer.name,
  addresses: consumer.addresses.map((entry) => ({ id: entry.addressId, address: addressView(entry.address) })),
});
