import { type Envelope, order, type PayloadOf } from '@ftgo/schema';

type Of<N extends string, T> = { type: N; version: number; payload: PayloadOf<T> };

/** The Order stream as the projection reads it: name, aggregate version and payload (with occurredAt). */
export type OrderHistoryEvent =
  | Of<'OrderCreated', typeof order.OrderCreated>
  | Of<'OrderApproved', typeof order.OrderApproved>
  | Of<'OrderRejected', typeof order.OrderRejected>
  | Of<'OrderCancelling', typeof order.OrderCancelling>
  | Of<'OrderCancellingUndone', typeof order.OrderCancellingUndone>
  | Of<'OrderCancelled', typeof order.OrderCancelled>
  | Of<'OrderProposedRevision', typeof order.OrderProposedRevision>
  | Of<'OrderRevisingUndone', typeof order.OrderRevisingUndone>
  | Of<'OrderRevised', typeof order.OrderRevised>
  /** Any other type on the stream: it still takes its version (no gaps), with no other effect. */
  | { type: 'Unrecognised'; version: number; payload: { occurredAt: string } };

const KNOWN = [
  order.OrderCreated,
  order.OrderApproved,
  order.OrderRejected,
  order.OrderCancelling,
  order.OrderCancellingUndone,
  order.OrderCancelled,
  order.OrderProposedRevision,
  order.OrderRevisingUndone,
  order.OrderRevised,
];

/** Reads an envelope of `ftgo.order.events.Order` (type `order.<Name>`, aggregateVersion set). */
export function fromEnvelope(envelope: Pick<Envelope, 'type' | 'aggregateVersion' | 'payload'>): OrderHistoryEvent {
  const version = envelope.aggregateVersion;
  if (version === null || !Number.isInteger(version) || version < 1) throw new TypeError(`order event ${envelope.type} without an aggregate version`);
  const known = KNOWN.find((type) => type.is(envelope));
  const name = known ? known.name : 'Unrecognised';
  return { type: name, version, payload: envelope.payload } as OrderHistoryEvent;
}
