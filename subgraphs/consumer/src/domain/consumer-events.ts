import type { consumer, EventData } from '@ftgo/schema';

/** Consumer events as the decider emits them (DOMAIN §2.2); the event store stamps `occurredAt`. */
export type ConsumerRegistered = { type: 'ConsumerRegistered'; data: EventData<typeof consumer.ConsumerRegistered> };
export type ConsumerUpdated = { type: 'ConsumerUpdated'; data: EventData<typeof consumer.ConsumerUpdated> };
export type AddressAdded = { type: 'AddressAdded'; data: EventData<typeof consumer.AddressAdded> };
export type AddressUpdated = { type: 'AddressUpdated'; data: EventData<typeof consumer.AddressUpdated> };
export type AddressRemoved = { type: 'AddressRemoved'; data: EventData<typeof consumer.AddressRemoved> };

export type ConsumerEvent = ConsumerRegistered | ConsumerUpdated | AddressAdded | AddressUpdated | AddressRemoved;
