import type { Address } from '@ftgo/schema';
import type { Courier, Delivery, DeliveryEvent } from '../domain/index.js';

/** The time source; never `Date.now()` in the domain. */
export interface Clock {
  now(): Date;
}

export interface LockOption {
  /** Lock the rows for the rest of the transaction (`FOR UPDATE`). */
  lock?: boolean;
}

export interface DeliveryRepository {
  /** Null for an unknown or malformed id (DOMAIN §0: never a database error). */
  find(id: string, options?: LockOption): Promise<Delivery | null>;
  /** The deliveries of `ids` that exist, in any order. */
  findMany(ids: readonly string[]): Promise<Delivery[]>;
  /** PENDING deliveries with readyBy (DOMAIN §4.1), locked. */
  awaitingCourier(): Promise<Delivery[]>;
  /** False when a delivery with that id exists already. */
  insert(delivery: Delivery): Promise<boolean>;
  update(delivery: Delivery): Promise<void>;
}

export interface CourierRepository {
  find(id: string, options?: LockOption): Promise<Courier | null>;
  /** The couriers of `ids` that exist, in any order. */
  findMany(ids: readonly string[]): Promise<Courier[]>;
  /**
   * Serialises courier assignment for the rest of the transaction (DOMAIN §4.1): a delivery that
   * starts awaiting and a courier that becomes available can never miss each other.
   */
  lockAssignment(): Promise<void>;
  /** Couriers with `available = true`, their rows locked, by id. */
  available(): Promise<Courier[]>;
  /** Inserts or replaces the courier. */
  save(courier: Courier): Promise<void>;
}

/** What the delivery service keeps of a restaurant (DOMAIN §1.1). */
export interface RestaurantReplica {
  restaurantId: string;
  name: string;
  address: Address;
}

export interface RestaurantReplicaRepository {
  find(restaurantId: string): Promise<RestaurantReplica | null>;
  /** Full-state copy (DOMAIN §0): stores `restaurant` at `version` when `version` > the stored one; true when applied. */
  applyIfNewer(restaurant: RestaurantReplica, version: number): Promise<boolean>;
}

/** Writes a Delivery event to the outbox in the current transaction; aggregate version = `delivery.version`. */
export interface DeliveryEventPublisher {
  publish(delivery: Delivery, event: DeliveryEvent, occurredAt: Date): Promise<void>;
}

/** Repositories for reads outside a transaction. */
export interface DeliveryReads {
  deliveries: DeliveryRepository;
  couriers: CourierRepository;
}

/** Everything one transaction writes through. */
export interface DeliveryStores extends DeliveryReads {
  restaurants: RestaurantReplicaRepository;
  events: DeliveryEventPublisher;
}

export interface Idempotency {
  /** The caller's Idempotency-Key; none: the work simply runs. */
  key?: string;
  /** What a repeat must equal (compared by value). */
  request: unknown;
}

/**
 * Transactions. `run` does `work` in one transaction with its outbox rows; given a key, a repeat of
 * (operation, key) gets the first (JSON) response without running `work` again (DESIGN, Idempotency).
 * A throw changes nothing.
 */
export interface UnitOfWork {
  run<T>(operation: string, work: (stores: DeliveryStores) => Promise<T>, idempotency?: Idempotency): Promise<T>;
  read<T>(work: (reads: DeliveryReads) => Promise<T>): Promise<T>;
}

export interface DeliveryDeps {
  uow: UnitOfWork;
  clock: Clock;
}
