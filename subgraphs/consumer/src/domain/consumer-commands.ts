import type { AddressInput } from './address.js';

/** The mutations of DOMAIN §1.2; ids come from the application (consumerId: a fresh UUID v4). */
export type RegisterConsumer = { type: 'RegisterConsumer'; data: { consumerId: string; name: string } };
export type UpdateConsumer = { type: 'UpdateConsumer'; data: { consumerId: string; name: string } };
export type AddConsumerAddress = { type: 'AddConsumerAddress'; data: { consumerId: string; addressId: string; address: AddressInput } };
export type UpdateConsumerAddress = { type: 'UpdateConsumerAddress'; data: { consumerId: string; addressId: string; address: AddressInput } };
export type RemoveConsumerAddress = { type: 'RemoveConsumerAddress'; data: { consumerId: string; addressId: string } };

export type ConsumerCommand = RegisterConsumer | UpdateConsumer | AddConsumerAddress | UpdateConsumerAddress | RemoveConsumerAddress;
