import { Conflict, FailedPrecondition, NotFound } from '@ftgo/schema';
import type { ExistingTicket, Ticket } from './ticket.js';

/** DOMAIN §1.6 messages, exact: saga participants reply FAILURE with them as the reason. */
export const ticketNotFound = (): NotFound => new NotFound('ticket not found');
export const ticketAlreadyExists = (): Conflict => new Conflict('ticket already exists');
export const stateDoesNotAllowAction = (): FailedPrecondition => new FailedPrecondition('ticket state does not allow action');

/** DOMAIN §0: a command on an existing entity first answers NOT_FOUND when it is unknown. */
export function requireExisting(ticket: Ticket): asserts ticket is ExistingTicket {
  if (ticket.status === 'NEW') throw ticketNotFound();
}

/** Any transition not in the §1.6 table is refused. */
export function requireStatus<S extends ExistingTicket['status']>(
  ticket: ExistingTicket,
  ...allowed: S[]
): asserts ticket is Extract<ExistingTicket, { status: S }> {
  if (!allowed.includes(ticket.status as S)) throw stateDoesNotAllowAction();
}
