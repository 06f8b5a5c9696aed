import type { Address } from '@ftgo/schema';
import type { ConsumerEvent } from './consumer-events.js';

/** One labelled address of a consumer (API `ConsumerAddress`). */
export interface ConsumerAddress {
  addressId: string;
  address: Address;
}

/**
 * The Consumer aggregate (DOMAIN §1.2). No state machine: a stream is either empty or registered.
 * `addresses` keeps insertion order; an update keeps the position.
 */
export type Consumer =
  | { status: 'NEW' }
  | {
      status: 'REGISTERED';
      consumerId: string;
      name: string;
      addresses: readonly ConsumerAddress[];
    };

export type RegisteredConsumer = Extract<Consumer, { status: 'REGISTERED' }>;

export const initialState = (): Consumer => ({ status: 'NEW' });

export function evolve(consumer: Consumer, event: ConsumerEvent): Consumer {
  if (consumer.status === 'NEW') {
    if (event.type !== 'ConsumerRegistered') return consumer;
    return { status: 'REGISTERED', consumerId: event.data.consumerId, name: event.data.name, addresses: [] };
  }
  switch (event.type) {
    case 'ConsumerRegistered':
      return consumer;
    case 'ConsumerUpdated':
      return { ...consumer, name: event.data.name };
    case 'AddressAdded':
      return { ...consumer, addresses: [...consumer.addresses, { addressId: event.data.addressId, address: event.data.address }] };
    case 'AddressUpdated': {
      const { addressId, address } = event.data;
      return { ...consumer, addresses: consumer.addresses.map((entry) => (entry.addressId === addressId ? { addressId, address } : entry)) };
    }
    case 'AddressRemoved':
      return { ...consumer, addresses: consumer.addresses.filter((entry) => entry.addressId !== event.data.addressId) };
    default:
      // An event type this version does not know (a later version wrote it): folding ignores it.
      return consumer;
  }
}
