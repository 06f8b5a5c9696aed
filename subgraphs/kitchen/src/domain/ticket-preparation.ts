import { BadUserInput } from '@ftgo/schema';
import { type ExistingTicket, ticketRef } from './ticket.js';
import type { TicketCommandData } from './ticket-command.js';
import type { TicketAccepted, TicketPickedUp, TicketPreparationStarted, TicketReadyForPickup } from './ticket-event.js';
import { requireStatus } from './ticket-refusals.js';

/** `acceptTicket(id, readyBy)`: AWAITING_ACCEPTANCE → ACCEPTED, acceptedAt = now (DOMAIN §1.6). */
export function acceptTicket({ readyBy, now }: TicketCommandData<'AcceptTicket'>, ticket: ExistingTicket): TicketAccepted[] {
  // Instants are compared as times, not as strings: '…Z' and '…+00:00' spell the same instant.
  if (Date.parse(readyBy) < Date.parse(now)) throw new BadUserInput('readyBy is in the past'); // BAD_USER_INPUT first (§0)
  requireStatus(ticket, 'AWAITING_ACCEPTANCE');
  return [{ type: 'TicketAccepted', data: { ...ticketRef(ticket), restaurantId: ticket.restaurantId, acceptedAt: now, readyBy } }];
}

/** `startPreparingTicket(id)`: ACCEPTED → PREPARING, preparingAt = now. */
export function startPreparingTicket({ now }: TicketCommandData<'StartPreparingTicket'>, ticket: ExistingTicket): TicketPreparationStarted[] {
  requireStatus(ticket, 'ACCEPTED');
  return [{ type: 'TicketPreparationStarted', data: { ...ticketRef(ticket), preparingAt: now } }];
}

/** `markTicketReadyForPickup(id)`: PREPARING → READY_FOR_PICKUP, readyForPickupAt = now. */
export function markTicketReadyForPickup({ now }: TicketCommandData<'MarkTicketReadyForPickup'>, ticket: ExistingTicket): TicketReadyForPickup[] {
  requireStatus(ticket, 'PREPARING');
  return [{ type: 'TicketReadyForPickup', data: { ...ticketRef(ticket), readyForPickupAt: now } }];
}

/** delivery.DeliveryPickedUp: READY_FOR_PICKUP → PICKED_UP, pickedUpAt from the event. */
export function pickUpTicket({ pickedUpAt }: TicketCommandData<'PickUpTicket'>, ticket: ExistingTicket): TicketPickedUp[] {
  if (ticket.status === 'PICKED_UP') return []; // DOMAIN §1.6: ignored for a PICKED_UP ticket
  requireStatus(ticket, 'READY_FOR_PICKUP');
  return [{ type: 'TicketPickedUp', data: { ...ticketRef(ticket), pickedUpAt } }];
}
