import type { HistoryQuery, OrderHistoryEntry } from '../domain/index.js';

export interface Clock {
  now(): Date;
}

/** `order_history.orders` as the projection writes it, inside the handler's transaction. */
export interface OrderHistoryEntries {
  /** The entry, locked until the transaction ends; null when the order has none yet. */
  lock(orderId: string): Promise<OrderHistoryEntry | null>;
  /** False when another writer inserted the order first (the caller retries). */
  insert(entry: OrderHistoryEntry): Promise<boolean>;
  update(entry: OrderHistoryEntry): Promise<void>;
}

/** Reads of the projection. */
export interface OrderHistorySearch {
  /**
   * For each of `consumerIds`, up to `limit` of its entries matching `query`, in DOMAIN §5 order (createdAt desc,
   * orderId desc) strictly after `query.after`: one list, consumer by consumer in the order given, in one read.
   */
  search(consumerIds: readonly string[], query: Omit<HistoryQuery, 'consumerId'>, limit: number): Promise<OrderHistoryEntry[]>;
}

/** A rebuild of the projection (JSON-safe). */
export interface RebuildView {
  /** The replay's subscription name, `orders-rebuild-<startedAt digits>`; also the rebuild's id. */
  subscription: string;
  startedAt: string;
  /** Null while the replay runs. */
  finishedAt: string | null;
  /** Entries the projection held when the rebuild started. */
  targetOrders: number;
  /** Of those, how many are not yet back at the version they had. */
  remainingOrders: number;
}

export interface ProjectionRebuilds {
  /**
   * In one transaction: records the rebuild with the projection's current versions as its target
   * and empties the projection. CONFLICT `a rebuild is already running` while one is unfinished.
   */
  begin(subscription: string, startedAt: Date): Promise<RebuildView>;
  find(subscription: string): Promise<RebuildView | null>;
}

/** Replays the Order stream from its first event into the projection under a new subscription name. */
export interface ProjectionReplays {
  replay(subscription: string): Promise<void>;
}
