import type { Instant, kitchen, MenuItem, MenuItemQuantity } from '@ftgo/schema';

/**
 * CreateTicket as the application hands it over: the saga command's payload, the id it generated and the
 * menu of the restaurant replica (a missing replica is the application's transient case, DOMAIN §1.6).
 */
export interface CreateTicketData {
  ticketId: string;
  orderId: string;
  restaurantId: string;
  /** Names as ordered: placed orders and tickets keep theirs across menu revisions (DOMAIN §4.2). */
  lineItems: kitchen.TicketLineItem[];
  menu: Pick<MenuItem, 'id'>[];
  /** The application's clock: becomes the ticket's createdAt. */
  now: Instant;
}

interface TicketId {
  ticketId: string;
}
/** `now` is the application's clock; the decider has none. */
interface Now {
  now: Instant;
}

export type TicketCommand =
  | { type: 'CreateTicket'; data: CreateTicketData }
  | { type: 'ConfirmCreateTicket'; data: TicketId }
  | { type: 'CancelCreateTicket'; data: TicketId }
  | { type: 'AcceptTicket'; data: TicketId & Now & { readyBy: Instant } }
  | { type: 'StartPreparingTicket'; data: TicketId & Now }
  | { type: 'MarkTicketReadyForPickup'; data: TicketId & Now }
  /** From delivery.DeliveryPickedUp: the time is the event's, not the clock's. */
  | { type: 'PickUpTicket'; data: TicketId & { pickedUpAt: Instant } }
  | { type: 'BeginCancelTicket'; data: TicketId }
  | { type: 'UndoCancelTicket'; data: TicketId }
  | { type: 'ConfirmCancelTicket'; data: TicketId }
  | { type: 'BeginReviseTicket'; data: TicketId & { revisedQuantities: MenuItemQuantity[] } }
  | { type: 'UndoReviseTicket'; data: TicketId }
  | { type: 'ConfirmReviseTicket'; data: TicketId & { revisedQuantities: MenuItemQuantity[] } };

export type TicketCommandType = TicketCommand['type'];
export type TicketCommandData<T extends TicketCommandType> = Extract<TicketCommand, { type: T }>['data'];
