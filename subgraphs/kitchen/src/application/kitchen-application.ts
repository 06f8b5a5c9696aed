import { type AcceptTicketInput, acceptTicket } from './accept-ticket.js';
import { beginCancelTicket } from './begin-cancel-ticket.js';
import { beginReviseTicket } from './begin-revise-ticket.js';
import { cancelCreateTicket } from './cancel-create-ticket.js';
import { confirmCancelTicket } from './confirm-cancel-ticket.js';
import { confirmCreateTicket } from './confirm-create-ticket.js';
import { confirmReviseTicket } from './confirm-revise-ticket.js';
import { type CreateTicketInput, createTicket } from './create-ticket.js';
import { findTicket, findTickets } from './find-ticket.js';
import { findTicketByOrder, findTicketsByOrders } from './find-tickets-by-orders.js';
import {
  type ListRestaurantsTicketsInput,
  type ListRestaurantTicketsInput,
  listRestaurantTickets,
  listTicketsOfRestaurants,
} from './list-restaurant-tickets.js';
import { type MarkTicketReadyForPickupInput, markTicketReadyForPickup } from './mark-ticket-ready-for-pickup.js';
import { pickUpTicket } from './pick-up-ticket.js';
import type { Clock, IdGenerator, KitchenUnit, TicketReader, Transactions } from './ports.js';
import { type ReplicateRestaurantInput, replicateRestaurant } from './replicate-restaurant.js';
import { type StartPreparingTicketInput, startPreparingTicket } from './start-preparing-ticket.js';
import type { TicketView } from './ticket-view.js';
import { undoCancelTicket } from './undo-cancel-ticket.js';
import { undoReviseTicket } from './undo-revise-ticket.js';

export interface KitchenDeps {
  transactions: Transactions;
  reader: TicketReader;
  clock: Clock;
  ids: IdGenerator;
}

/** The kitchen's use cases (DOMAIN §1.6). Refusals throw DomainErrors with the DOMAIN's exact messages. */
export interface KitchenApplication {
  /** Mutations: each in its own transaction, once per idempotency key; unknown or malformed id → NOT_FOUND `ticket not found`. */
  commands: {
    acceptTicket(input: AcceptTicketInput): Promise<TicketView>;
    startPreparingTicket(input: StartPreparingTicketInput): Promise<TicketView>;
    markTicketReadyForPickup(input: MarkTicketReadyForPickupInput): Promise<TicketView>;
  };
  /** Reads: an unknown or malformed id is absent (null), never an error. */
  queries: {
    ticket(id: string): Promise<TicketView | null>;
    /** In the order of `ids` (DataLoader). */
    ticketsByIds(ids: readonly string[]): Promise<(TicketView | null)[]>;
    ticketByOrder(orderId: string): Promise<TicketView | null>;
    /** In the order of `orderIds` (DataLoader). */
    ticketsByOrders(orderIds: readonly string[]): Promise<(TicketView | null)[]>;
    /** Oldest first. */
    ticketsByRestaurant(input: ListRestaurantTicketsInput): Promise<TicketView[]>;
    /** Each restaurant's tickets, in the order of `restaurantIds` (DataLoader); oldest first. */
    ticketsByRestaurants(input: ListRestaurantsTicketsInput): Promise<TicketView[][]>;
  };
  /** Use cases of inbound messages, run in the message handler's transaction (inbox claim, reply). */
  inbound: {
    createTicket(unit: KitchenUnit, input: CreateTicketInput): Promise<{ ticketId: string }>;
    confirmCreateTicket: typeof confirmCreateTicket;
    cancelCreateTicket: typeof cancelCreateTicket;
    beginCancelTicket: typeof beginCancelTicket;
    undoCancelTicket: typeof undoCancelTicket;
    confirmCancelTicket: typeof confirmCancelTicket;
    beginReviseTicket: typeof beginReviseTicket;
    undoReviseTicket: typeof undoReviseTicket;
    confirmReviseTicket: typeof confirmReviseTicket;
    pickUpTicket: typeof pickUpTicket;
    replicateRestaurant(unit: KitchenUnit, input: ReplicateRestaurantInput): Promise<boolean>;
  };
}

export function createKitchenApplication(deps: KitchenDeps): KitchenApplication {
  return {
    commands: {
      acceptTicket: acceptTicket(deps),
      startPreparingTicket: startPreparingTicket(deps),
      markTicketReadyForPickup: markTicketReadyForPickup(deps),
    },
    queries: {
      ticket: findTicket(deps),
      ticketsByIds: findTickets(deps),
      ticketByOrder: findTicketByOrder(deps),
      ticketsByOrders: findTicketsByOrders(deps),
      ticketsByRestaurant: listRestaurantTickets(deps),
      ticketsByRestaurants: listTicketsOfRestaurants(deps),
    },
    inbound: {
      createTicket: createTicket(deps),
      confirmCreateTicket,
      cancelCreateTicket,
      beginCancelTicket,
      undoCancelTicket,
      confirmCancelTicket,
      beginReviseTicket,
      undoReviseTicket,
      confirmReviseTicket,
      pickUpTicket,
      replicateRestaurant,
    },
  };
}
