import type { DomainEvent, order } from '@ftgo/schema';

/** What the decider emits: the contract payload without `occurredAt`, which the event store stamps. */
export type OrderCreated = DomainEvent<typeof order.OrderCreated, 'OrderCreated'>;
export type OrderApproved = DomainEvent<typeof order.OrderApproved, 'OrderApproved'>;
export type OrderRejected = DomainEvent<typeof order.OrderRejected, 'OrderRejected'>;
export type OrderCancelling = DomainEvent<typeof order.OrderCancelling, 'OrderCancelling'>;
export type OrderCancellingUndone = DomainEvent<typeof order.OrderCancellingUndone, 'OrderCancellingUndone'>;
export type OrderCancelled = DomainEvent<typeof order.OrderCancelled, 'OrderCancelled'>;
export type OrderProposedRevision = DomainEvent<typeof order.OrderProposedRevision, 'OrderProposedRevision'>;
export type OrderRevisingUndone = DomainEvent<typeof order.OrderRevisingUndone, 'OrderRevisingUndone'>;
export type OrderRevised = DomainEvent<typeof order.OrderRevised, 'OrderRevised'>;

export type OrderEvent =
  | OrderCreated
  | OrderApproved
  | OrderRejected
  | OrderCancelling
  | OrderCancellingUndone
  | OrderCancelled
  | OrderProposedRevision
  | OrderRevisingUndone
  | OrderRevised;

export type OrderEventType = OrderEvent['type'];
