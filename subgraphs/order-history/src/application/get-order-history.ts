import { type Connection, historyPage, type OrderHistoryEntry, type OrderState, parseHistoryQuery } from '../domain/index.js';
import { type OrderHistoryView, toOrderHistoryView } from './order-history-view.js';
import type { OrderHistorySearch } from './ports.js';

/** The page arguments of `orderHistory` and `Consumer.orders`; `since` as the DateTime scalar gives it. */
export interface OrderHistoryPageArgs {
  filter?: { since?: Date | string | null; keywords?: readonly string[] | null; states?: readonly OrderState[] | null } | null;
  first?: number | null;
  after?: string | null;
}

/** API.graphql `orderHistory(consumerId, filter, first, after)`. */
export interface OrderHistoryInput extends OrderHistoryPageArgs {
  consumerId: string;
}

/**
 * DOMAIN §5, for many consumers with the same arguments in one read (`Consumer.orders` of an entity batch):
 * each consumer's entries (an unknown or malformed consumer has none), filtered by since (strict), keywords
 * (all-match, whole words) and states, createdAt desc then orderId desc, keyset-paged; one connection per
 * consumer id, in the order given. Keywords, then `first`, then `after` are validated (BAD_USER_INPUT).
 */
export const getOrderHistories =
  (deps: { search: OrderHistorySearch }) =>
  async (consumerIds: readonly string[], { filter, first, after }: OrderHistoryPageArgs): Promise<Connection<OrderHistoryView>[]> => {
    const since = filter?.since instanceof Date ? filter.since.toISOString() : filter?.since;
    // The arguments do not depend on the consumer: validated once, for all of them.
    const { consumerId: _, ...query } = parseHistoryQuery({ consumerId: '', filter: filter ? { ...filter, since } : filter, first, after });
    const distinct = [...new Set(consumerIds)];
    const rows = distinct.length > 0 ? await deps.search.search(distinct, query, query.first + 1) : [];
    const byConsumer = new Map<string, OrderHistoryEntry[]>();
    for (const row of rows) byConsumer.set(row.consumerId, [...(byConsumer.get(row.consumerId) ?? []), row]);
    return consumerIds.map((consumerId) => {
      const page = historyPage(byConsumer.get(consumerId) ?? [], query.first);
      return { edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toOrderHistoryView(node) })), pageInfo: page.pageInfo };
    });
  };

/** One consumer's history: `getOrderHistories` for one id. */
export const getOrderHistory =
  (deps: { search: OrderHistorySearch }) =>
  async ({ consumerId, ...args }: OrderHistoryInput): Promise<Connection<OrderHistoryView>> =>
    (await getOrderHistories(deps)([consumerId], args))[0];
