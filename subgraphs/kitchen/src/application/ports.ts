import type { kitchen, MenuItem } from '@ftgo/schema';
import type { ExistingTicket, TicketCommand } from '../domain/index.js';

/** The application's clock (DESIGN: times are a port, never `Date.now()` in the domain). */
export interface Clock {
  now(): Date;
}

/** New ticket ids (DOMAIN §0: UUID v4 from the owning service). */
export interface IdGenerator {
  newId(): string;
}

/**
 * Ticket streams, inside one transaction. `handle` loads, decides, appends the events, writes their outbox
 * messages and the ticket's `tickets_index` row, all in that transaction; a refusal throws the decider's
 * DomainError and writes nothing.
 */
export interface TicketRepository {
  handle(ticketId: string, command: TicketCommand): Promise<ExistingTicket>;
}

/** `tickets_index` lookups inside one transaction. */
export interface TicketIndex {
  /** The ticket of an order (one per order), or null. */
  ticketIdOfOrder(orderId: string): Promise<string | null>;
}

/** The kitchen's copy of a restaurant (DOMAIN §1.1: id, name, menu), at the restaurant's row version. */
export interface RestaurantReplica {
  restaurantId: string;
  name: string;
  menu: MenuItem[];
  version: number;
}

export interface RestaurantReplicas {
  find(restaurantId: string): Promise<RestaurantReplica | null>;
  /** DOMAIN §0, full-state copies: stored when `version` is newer than the stored one; false when ignored. */
  saveIfNewer(replica: RestaurantReplica): Promise<boolean>;
}

/**
 * Everything a use case writes or checks within one transaction. Messages it produces are stamped by the
 * adapter that opened the transaction (message ids from the inbound message or the idempotency key).
 */
export interface KitchenUnit {
  tickets: TicketRepository;
  ticketIndex: TicketIndex;
  restaurants: RestaurantReplicas;
}

/** Transactions of mutations: once per idempotency key (DESIGN, Idempotency). */
export interface Transactions {
  /**
   * Runs `work` in one transaction. With a key, the first response is stored and every repeat of the same
   * request gets it back (a different request with that key is CONFLICT); the response comes back as JSON.
   */
  run<T>(operation: string, idempotencyKey: string | undefined, request: unknown, work: (unit: KitchenUnit) => Promise<T>): Promise<T>;
}

/** Read side: current tickets, outside any command's transaction. Unknown or malformed ids are simply absent. */
export interface TicketReader {
  /** Current state of each existing ticket, keyed by ticket id. */
  load(ticketIds: readonly string[]): Promise<Map<string, ExistingTicket>>;
  /** Ticket id per order id, for the orders that have a ticket. */
  ticketIdsOfOrders(orderIds: readonly string[]): Promise<Map<string, string>>;
  /** Ticket ids of each restaurant (every id given is a key), optionally in one state, oldest first (then by id). */
  ticketIdsOfRestaurants(restaurantIds: readonly string[], state?: kitchen.TicketState): Promise<Map<string, string[]>>;
}
