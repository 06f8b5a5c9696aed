import { command, event, reply } from '../message.js';
import type { Instant, MenuItemQuantity, Occurred } from './common.js';

const SERVICE = 'kitchen';
export const AGGREGATE = 'Ticket';

export type TicketState =
  | 'CREATE_PENDING'
  | 'AWAITING_ACCEPTANCE'
  | 'ACCEPTED'
  | 'PREPARING'
  | 'READY_FOR_PICKUP'
  | 'PICKED_UP'
  | 'CANCEL_PENDING'
  | 'CANCELLED'
  | 'REVISION_PENDING';

export interface TicketLineItem {
  menuItemId: string;
  name: string;
  quantity: number;
}

interface TicketRef {
  ticketId: string;
  orderId: string;
}

export const TicketCreated = event<TicketRef & { restaurantId: string; lineItems: TicketLineItem[] } & Occurred>(SERVICE, AGGREGATE, 'TicketCreated');
export const TicketCreateConfirmed = event<TicketRef & Occurred>(SERVICE, AGGREGATE, 'TicketCreateConfirmed');
export const TicketCreateCancelled = event<TicketRef & Occurred>(SERVICE, AGGREGATE, 'TicketCreateCancelled');
export const TicketAccepted = event<TicketRef & { restaurantId: string; acceptedAt: Instant; readyBy: Instant } & Occurred>(
  SERVICE,
  AGGREGATE,
  'TicketAccepted',
);
export const TicketPreparationStarted = event<TicketRef & { preparingAt: Instant } & Occurred>(SERVICE, AGGREGATE, 'TicketPreparationStarted');
export const TicketReadyForPickup = event<TicketRef & { readyForPickupAt: Instant } & Occurred>(SERVICE, AGGREGATE, 'TicketReadyForPickup');
export const TicketPickedUp = event<TicketRef & { pickedUpAt: Instant } & Occurred>(SERVICE, AGGREGATE, 'TicketPickedUp');
export const TicketCancelling = event<TicketRef & { previousState: TicketState } & Occurred>(SERVICE, AGGREGATE, 'TicketCancelling');
export const TicketCancelUndone = event<TicketRef & { restoredState: TicketState } & Occurred>(SERVICE, AGGREGATE, 'TicketCancelUndone');
export const TicketCancelled = event<TicketRef & Occurred>(SERVICE, AGGREGATE, 'TicketCancelled');
export const TicketRevising = event<TicketRef & { previousState: TicketState; revisedQuantities: MenuItemQuantity[] } & Occurred>(
  SERVICE,
  AGGREGATE,
  'TicketRevising',
);
export const TicketReviseUndone = event<TicketRef & { restoredState: TicketState } & Occurred>(SERVICE, AGGREGATE, 'TicketReviseUndone');
export const TicketRevised = event<TicketRef & { revisedQuantities: MenuItemQuantity[]; restoredState: TicketState } & Occurred>(
  SERVICE,
  AGGREGATE,
  'TicketRevised',
);

export const CreateTicket = command<{ orderId: string; restaurantId: string; lineItems: TicketLineItem[] }>(SERVICE, 'CreateTicket');
export const ConfirmCreateTicket = command<{ ticketId: string }>(SERVICE, 'ConfirmCreateTicket');
export const CancelCreateTicket = command<{ ticketId: string }>(SERVICE, 'CancelCreateTicket');
export const BeginCancelTicket = command<{ ticketId: string; restaurantId: string }>(SERVICE, 'BeginCancelTicket');
export const UndoCancelTicket = command<{ ticketId: string }>(SERVICE, 'UndoCancelTicket');
export const ConfirmCancelTicket = command<{ ticketId: string }>(SERVICE, 'ConfirmCancelTicket');
export const BeginReviseTicket = command<{ ticketId: string; revisedQuantities: MenuItemQuantity[] }>(SERVICE, 'BeginReviseTicket');
export const UndoReviseTicket = command<{ ticketId: string }>(SERVICE, 'UndoReviseTicket');
export const ConfirmReviseTicket = command<{ ticketId: string; revisedQuantities: MenuItemQuantity[] }>(SERVICE, 'ConfirmReviseTicket');

export const CreateTicketReply = reply<{ ticketId: string }>(SERVICE, 'CreateTicketReply');
