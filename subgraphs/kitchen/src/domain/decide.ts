import { cancelCreateTicket, confirmCreateTicket, createTicket } from './create-ticket.js';
import type { Ticket } from './ticket.js';
import { beginCancelTicket, confirmCancelTicket, undoCancelTicket } from './ticket-cancellation.js';
import type { TicketCommand } from './ticket-command.js';
import type { TicketEvent } from './ticket-event.js';
import { acceptTicket, markTicketReadyForPickup, pickUpTicket, startPreparingTicket } from './ticket-preparation.js';
import { requireExisting } from './ticket-refusals.js';
import { beginReviseTicket, confirmReviseTicket, undoReviseTicket } from './ticket-revision.js';

/** What a command does to a ticket, by the DOMAIN §1.6 table; a refusal throws a DomainError and decides nothing. */
export function decide(command: TicketCommand, ticket: Ticket): TicketEvent[] {
  if (command.type === 'CreateTicket') return createTicket(command.data, ticket);
  requireExisting(ticket); // every other command needs the ticket
  switch (command.type) {
    case 'ConfirmCreateTicket':
      return confirmCreateTicket(ticket);
    case 'CancelCreateTicket':
      return cancelCreateTicket(ticket);
    case 'AcceptTicket':
      return acceptTicket(command.data, ticket);
    case 'StartPreparingTicket':
      return startPreparingTicket(command.data, ticket);
    case 'MarkTicketReadyForPickup':
      return markTicketReadyForPickup(command.data, ticket);
    case 'PickUpTicket':
      return pickUpTicket(command.data, ticket);
    case 'BeginCancelTicket':
      return beginCancelTicket(ticket);
    case 'UndoCancelTicket':
      return undoCancelTicket(ticket);
    case 'ConfirmCancelTicket':
      return confirmCancelTicket(ticket);
    case 'BeginReviseTicket':
      return beginReviseTicket(command.data, ticket);
    case 'UndoReviseTicket':
      return undoReviseTicket(ticket);
    case 'ConfirmReviseTicket':
      return confirmReviseTicket(command.data, ticket);
    default:
      return assertNever(command);
  }
}

function assertNever(command: never): never {
  throw new Error(`unknown ticket command ${JSON.stringify(command)}`);
}
