import { quantities, requireTicketLines } from './line-items.js';
import { type ExistingTicket, ticketRef } from './ticket.js';
import type { TicketCommandData } from './ticket-command.js';
import type { TicketRevised, TicketReviseUndone, TicketRevising } from './ticket-event.js';
import { requireStatus } from './ticket-refusals.js';

/** ReviseOrder saga step beginReviseTicket (DOMAIN §3.4): AWAITING_ACCEPTANCE, ACCEPTED → REVISION_PENDING. */
export function beginReviseTicket({ revisedQuantities }: TicketCommandData<'BeginReviseTicket'>, ticket: ExistingTicket): TicketRevising[] {
  requireTicketLines(revisedQuantities, ticket.lineItems); // BAD_USER_INPUT before FAILED_PRECONDITION (§0)
  requireStatus(ticket, 'AWAITING_ACCEPTANCE', 'ACCEPTED');
  return [{ type: 'TicketRevising', data: { ...ticketRef(ticket), previousState: ticket.status, revisedQuantities: quantities(revisedQuantities) } }];
}

/** Compensation undoReviseTicket: back to the previous state; the quantities were never replaced. */
export function undoReviseTicket(ticket: ExistingTicket): TicketReviseUndone[] {
  requireStatus(ticket, 'REVISION_PENDING');
  return [{ type: 'TicketReviseUndone', data: { ...ticketRef(ticket), restoredState: ticket.previousState } }];
}

/** Step confirmReviseTicket: back to the previous state with the quantities replaced. */
export function confirmReviseTicket({ revisedQuantities }: TicketCommandData<'ConfirmReviseTicket'>, ticket: ExistingTicket): TicketRevised[] {
  requireTicketLines(revisedQuantities, ticket.lineItems); // a confirmation cannot add a line either
  requireStatus(ticket, 'REVISION_PENDING');
  return [{ type: 'TicketRevised', data: { ...ticketRef(ticket), revisedQuantities: quantities(revisedQuantities), restoredState: ticket.previousState } }];
}
