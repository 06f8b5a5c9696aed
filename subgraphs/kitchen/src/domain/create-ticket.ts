import { requireOnMenu, ticketLines } from './line-items.js';
import { type ExistingTicket, type Ticket, ticketRef } from './ticket.js';
import type { CreateTicketData } from './ticket-command.js';
import type { TicketCreateCancelled, TicketCreateConfirmed, TicketCreated } from './ticket-event.js';
import { requireStatus, ticketAlreadyExists } from './ticket-refusals.js';

/** Saga step createTicket (DOMAIN §3.2): – → CREATE_PENDING. */
export function createTicket(data: CreateTicketData, ticket: Ticket): TicketCreated[] {
  requireOnMenu(data.lineItems, data.menu); // NOT_FOUND before CONFLICT (DOMAIN §0)
  if (ticket.status !== 'NEW') throw ticketAlreadyExists();
  const { ticketId, orderId, restaurantId, now } = data;
  return [{ type: 'TicketCreated', data: { ticketId, orderId, restaurantId, lineItems: ticketLines(data.lineItems), occurredAt: now } }];
}

/** Saga step confirmTicket: CREATE_PENDING → AWAITING_ACCEPTANCE. */
export function confirmCreateTicket(ticket: ExistingTicket): TicketCreateConfirmed[] {
  requireStatus(ticket, 'CREATE_PENDING');
  return [{ type: 'TicketCreateConfirmed', data: ticketRef(ticket) }];
}

/** Compensation cancelTicket: CREATE_PENDING → CANCELLED. */
export function cancelCreateTicket(ticket: ExistingTicket): TicketCreateCancelled[] {
  requireStatus(ticket, 'CREATE_PENDING');
  return [{ type: 'TicketCreateCancelled', data: ticketRef(ticket) }];
}
