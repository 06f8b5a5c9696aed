import type { Restaurant, RestaurantChange, RestaurantCursor } from '../domain/index.js';

export interface Clock {
  now(): Date;
}

/** New restaurant ids: UUID v4 (DOMAIN §0). */
export interface IdGenerator {
  newId(): string;
}

/** The restaurants a mutation works on, inside its transaction. */
export interface RestaurantRepository {
  /** The restaurant, locked until the transaction ends; null when unknown or not a restaurant id. */
  findForUpdate(id: string): Promise<Restaurant | null>;
  /**
   * Stores the row (insert at version 1, else update from version - 1) and appends the change's
   * event to the outbox with aggregate version = row version, in the same transaction.
   */
  save(change: RestaurantChange): Promise<void>;
}

/** Reads outside any mutation. */
export interface RestaurantReads {
  /** Null when unknown or not a restaurant id. */
  byId(id: string): Promise<Restaurant | null>;
  /** The known ones among `ids`, in any order. */
  byIds(ids: readonly string[]): Promise<Restaurant[]>;
  /** Up to `limit` restaurants strictly after `after`, by lower-cased name, then id (DOMAIN §1.4). */
  page(after: RestaurantCursor | null, limit: number): Promise<Restaurant[]>;
}

/**
 * Runs a mutation in one transaction. With an idempotency key it runs at most once per
 * (operation, key): a repeat gets the stored response, another request under the key is CONFLICT.
 */
export interface Mutations {
  run<T>(operation: string, idempotencyKey: string | undefined, request: unknown, work: (restaurants: RestaurantRepository) => Promise<T>): Promise<T>;
}
