import type { DomainEvent, EventData, kitchen, Occurred } from '@ftgo/schema';

/**
 * Decided events carry the contract payload without occurredAt (the outbox stamps it from recorded_at), except
 * TicketCreated: its payload has no time field, yet the ticket keeps createdAt (DOMAIN §1.6), and the event store
 * hands evolve only the stored data. So it stores the command's `now` as occurredAt, as the accounting events do;
 * the published payload's occurredAt is still recorded_at.
 */
export type TicketCreated = { type: 'TicketCreated'; data: EventData<typeof kitchen.TicketCreated> & Occurred };
export type TicketCreateConfirmed = DomainEvent<typeof kitchen.TicketCreateConfirmed, 'TicketCreateConfirmed'>;
export type TicketCreateCancelled = DomainEvent<typeof kitchen.TicketCreateCancelled, 'TicketCreateCancelled'>;
export type TicketAccepted = DomainEvent<typeof kitchen.TicketAccepted, 'TicketAccepted'>;
export type TicketPreparationStarted = DomainEvent<typeof kitchen.TicketPreparationStarted, 'TicketPreparationStarted'>;
export type TicketReadyForPickup = DomainEvent<typeof kitchen.TicketReadyForPickup, 'TicketReadyForPickup'>;
export type TicketPickedUp = DomainEvent<typeof kitchen.TicketPickedUp, 'TicketPickedUp'>;
export type TicketCancelling = DomainEvent<typeof kitchen.TicketCancelling, 'TicketCancelling'>;
export type TicketCancelUndone = DomainEvent<typeof kitchen.TicketCancelUndone, 'TicketCancelUndone'>;
export type TicketCancelled = DomainEvent<typeof kitchen.TicketCancelled, 'TicketCancelled'>;
export type TicketRevising = DomainEvent<typeof kitchen.TicketRevising, 'TicketRevising'>;
export type TicketReviseUndone = DomainEvent<typeof kitchen.TicketReviseUndone, 'TicketReviseUndone'>;
export type TicketRevised = DomainEvent<typeof kitchen.TicketRevised, 'TicketRevised'>;

/** Every event type is the contract's name, so `kitchen[event.type]` is its declared EventType. */
export type TicketEvent =
  | TicketCreated
  | TicketCreateConfirmed
  | TicketCreateCancelled
  | TicketAccepted
  | TicketPreparationStarted
  | TicketReadyForPickup
  | TicketPickedUp
  | TicketCancelling
  | TicketCancelUndone
  | TicketCancelled
  | TicketRevising
  | TicketReviseUndone
  | TicketRevised;

export type TicketEventType = TicketEvent['type'];
