import type { DomainEvent, delivery } from '@ftgo/schema';

// Event data of contracts/delivery.ts without occurredAt, which the outbox stamps.
export type DeliveryCreatedEvent = DomainEvent<typeof delivery.DeliveryCreated, 'DeliveryCreated'>;
export type DeliveryScheduledEvent = DomainEvent<typeof delivery.DeliveryScheduled, 'DeliveryScheduled'>;
export type DeliveryPickedUpEvent = DomainEvent<typeof delivery.DeliveryPickedUp, 'DeliveryPickedUp'>;
export type DeliveryDeliveredEvent = DomainEvent<typeof delivery.DeliveryDelivered, 'DeliveryDelivered'>;
export type DeliveryCancelledEvent = DomainEvent<typeof delivery.DeliveryCancelled, 'DeliveryCancelled'>;

export type DeliveryEvent = DeliveryCreatedEvent | DeliveryScheduledEvent | DeliveryPickedUpEvent | DeliveryDeliveredEvent | DeliveryCancelledEvent;
