import { type ExistingTicket, ticketRef } from './ticket.js';
import type { TicketCancelled, TicketCancelling, TicketCancelUndone } from './ticket-event.js';
import { requireStatus } from './ticket-refusals.js';

/**
 * CancelOrder saga step beginCancelTicket (DOMAIN §3.3): AWAITING_ACCEPTANCE, ACCEPTED → CANCEL_PENDING.
 * A ticket in preparation or later refuses, so the saga compensates.
 */
export function beginCancelTicket(ticket: ExistingTicket): TicketCancelling[] {
  requireStatus(ticket, 'AWAITING_ACCEPTANCE', 'ACCEPTED');
  return [{ type: 'TicketCancelling', data: { ...ticketRef(ticket), previousState: ticket.status } }];
}

/** Compensation undoCancelTicket: CANCEL_PENDING → the state it was begun from. */
export function undoCancelTicket(ticket: ExistingTicket): TicketCancelUndone[] {
  requireStatus(ticket, 'CANCEL_PENDING');
  return [{ type: 'TicketCancelUndone', data: { ...ticketRef(ticket), restoredState: ticket.previousState } }];
}

/** Step confirmCancelTicket: CANCEL_PENDING → CANCELLED (terminal). */
export function confirmCancelTicket(ticket: ExistingTicket): TicketCancelled[] {
  requireStatus(ticket, 'CANCEL_PENDING');
  return [{ type: 'TicketCancelled', data: ticketRef(ticket) }];
}
