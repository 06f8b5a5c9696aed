import { withRevisedQuantities } from './line-items.js';
import { type ExistingTicket, isRevertible, type SettledState, type Ticket, type TicketFields } from './ticket.js';
import type { TicketCreated, TicketEvent } from './ticket-event.js';

/**
 * Applies a recorded event. Events are facts, so evolve never throws; one that cannot apply to the state
 * (a second TicketCreated, an undo outside a pending state) leaves the ticket as it is.
 */
export function evolve(ticket: Ticket, event: TicketEvent): Ticket {
  if (event.type === 'TicketCreated') return ticket.status === 'NEW' ? created(event.data) : ticket;
  if (ticket.status === 'NEW') return ticket;
  switch (event.type) {
    case 'TicketCreateConfirmed':
      return settle(ticket, 'AWAITING_ACCEPTANCE');
    case 'TicketCreateCancelled':
      return settle(ticket, 'CANCELLED');
    case 'TicketAccepted':
      return settle(ticket, 'ACCEPTED', { acceptedAt: event.data.acceptedAt, readyBy: event.data.readyBy });
    case 'TicketPreparationStarted':
      return settle(ticket, 'PREPARING', { preparingAt: event.data.preparingAt });
    case 'TicketReadyForPickup':
      return settle(ticket, 'READY_FOR_PICKUP', { readyForPickupAt: event.data.readyForPickupAt });
    case 'TicketPickedUp':
      return settle(ticket, 'PICKED_UP', { pickedUpAt: event.data.pickedUpAt });
    case 'TicketCancelling': {
      const { previousState } = event.data;
      return isRevertible(previousState) ? { ...fields(ticket), status: 'CANCEL_PENDING', previousState, pendingRevision: null } : ticket;
    }
    case 'TicketRevising': {
      const { previousState, revisedQuantities } = event.data;
      return isRevertible(previousState) ? { ...fields(ticket), status: 'REVISION_PENDING', previousState, pendingRevision: revisedQuantities } : ticket;
    }
    case 'TicketCancelUndone':
    case 'TicketReviseUndone':
      return isRevertible(event.data.restoredState) ? settle(ticket, event.data.restoredState) : ticket;
    case 'TicketCancelled':
      return settle(ticket, 'CANCELLED');
    case 'TicketRevised': {
      const { restoredState, revisedQuantities } = event.data;
      return isRevertible(restoredState) ? settle(ticket, restoredState, { lineItems: withRevisedQuantities(ticket.lineItems, revisedQuantities) }) : ticket;
    }
  }
}

const created = ({ ticketId, orderId, restaurantId, lineItems, occurredAt }: TicketCreated['data']): Ticket => ({
  status: 'CREATE_PENDING',
  ticketId,
  orderId,
  restaurantId,
  lineItems,
  readyBy: null,
  acceptedAt: null,
  preparingAt: null,
  readyForPickupAt: null,
  pickedUpAt: null,
  createdAt: occurredAt,
  previousState: null,
  pendingRevision: null,
});

/** A non-pending state: previousState and pendingRevision are dropped (DOMAIN §1.6: kept only while pending). */
const settle = (ticket: ExistingTicket, status: SettledState, changes: Partial<TicketFields> = {}): Ticket => ({
  ...fields(ticket),
  ...changes,
  status,
  previousState: null,
  pendingRevision: null,
});

const fields = ({
  ticketId,
  orderId,
  restaurantId,
  lineItems,
  readyBy,
  acceptedAt,
  preparingAt,
  readyForPickupAt,
  pickedUpAt,
  createdAt,
}: ExistingTicket): TicketFields => ({
  ticketId,
  orderId,
  restaurantId,
  lineItems,
  readyBy,
  acceptedAt,
  preparingAt,
  readyForPickupAt,
  pickedUpAt,
  createdAt,
});
