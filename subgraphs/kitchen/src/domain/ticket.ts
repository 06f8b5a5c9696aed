import type { Instant, kitchen, MenuItemQuantity } from '@ftgo/schema';

/** The states a pending cancel or revision can return to (DOMAIN §1.6: begun only from these). */
export type RevertibleState = 'AWAITING_ACCEPTANCE' | 'ACCEPTED';
export type PendingState = 'CANCEL_PENDING' | 'REVISION_PENDING';
export type SettledState = Exclude<kitchen.TicketState, PendingState>;

export const isRevertible = (state: kitchen.TicketState): state is RevertibleState => state === 'AWAITING_ACCEPTANCE' || state === 'ACCEPTED';

/** DOMAIN §1.6 fields of every existing ticket (version is the stream's, not the domain's). */
export interface TicketFields {
  ticketId: string;
  orderId: string;
  restaurantId: string;
  lineItems: kitchen.TicketLineItem[];
  readyBy: Instant | null;
  acceptedAt: Instant | null;
  preparingAt: Instant | null;
  readyForPickupAt: Instant | null;
  pickedUpAt: Instant | null;
  /** TicketCreated's stored occurredAt: the CreateTicket command's `now`. */
  createdAt: Instant;
}

type Settled = {
  [S in SettledState]: TicketFields & { status: S; previousState: null; pendingRevision: null };
}[SettledState];
type CancelPending = TicketFields & { status: 'CANCEL_PENDING'; previousState: RevertibleState; pendingRevision: null };
/** Quantities stay the old ones until TicketRevised (DOMAIN §3.4: an undo restores nothing but the state). */
type RevisionPending = TicketFields & { status: 'REVISION_PENDING'; previousState: RevertibleState; pendingRevision: MenuItemQuantity[] };

/** The Ticket aggregate's state: 'NEW' before TicketCreated, then one variant per TicketState. */
export type Ticket = { status: 'NEW' } | Settled | CancelPending | RevisionPending;
export type ExistingTicket = Exclude<Ticket, { status: 'NEW' }>;
export type TicketStatus = Ticket['status'];

export const initialState = (): Ticket => ({ status: 'NEW' });

/** The ids every ticket event carries. */
export const ticketRef = (ticket: TicketFields): { ticketId: string; orderId: string } => ({ ticketId: ticket.ticketId, orderId: ticket.orderId });
