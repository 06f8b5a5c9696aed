import { command, event, reply } from '../message.js';
import type { Address, Occurred } from './common.js';

const SERVICE = 'consumer';
export const AGGREGATE = 'Consumer';

export const ConsumerRegistered = event<{ consumerId: string; name: string } & Occurred>(SERVICE, AGGREGATE, 'ConsumerRegistered');
export const ConsumerUpdated = event<{ consumerId: string; name: string } & Occurred>(SERVICE, AGGREGATE, 'ConsumerUpdated');
export const AddressAdded = event<{ consumerId: string; addressId: string; address: Address } & Occurred>(SERVICE, AGGREGATE, 'AddressAdded');
export const AddressUpdated = event<{ consumerId: string; addressId: string; address: Address } & Occurred>(SERVICE, AGGREGATE, 'AddressUpdated');
export const AddressRemoved = event<{ consumerId: string; addressId: string } & Occurred>(SERVICE, AGGREGATE, 'AddressRemoved');

export const ValidateOrderByConsumer = command<{ consumerId: string; orderId: string; orderTotal: number }>(SERVICE, 'ValidateOrderByConsumer');
export const ConsumerNotFound = reply<{ reason: string }>(SERVICE, 'ConsumerNotFound');
