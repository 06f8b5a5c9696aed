import { type Connection, historyPage, type OrderHistoryArgs, type OrderState, parseHistoryQuery } from '../domain/index.js';
import { type OrderHistoryView, toOrderHistoryView } from './order-history-view.js';
import type { OrderHistorySearch } from './ports.js';

/** API.graphql `orderHistory(consumerId, filter, first, after)` and `Consumer.orders`; `since` as the DateTime scalar gives it. */
export interface OrderHistoryInput {
  consumerId: string;
  filter?: { since?: Date | string | null; keywords?: readonly string[] | null; states?: readonly OrderState[] | null } | null;
  first?: number | null;
  after?: string | null;
}

/**
 * DOMAIN §5: that consumer's entries (an unknown or malformed consumer has none), filtered by
 * since (strict), keywords (all-match, whole words) and states, createdAt desc then orderId desc,
 * keyset-paged. Keywords, then `first`, then `after` are validated (BAD_USER_INPUT).
 */
export const getOrderHistory =
  (deps: { search: OrderHistorySearch }) =>
  async ({ consumerId, filter, first, after }: OrderHistoryInput): Promise<Connection<OrderHistoryView>> => {
    const since = filter?.since instanceof Date ? filter.since.toISOString() : filter?.since;
    const args: OrderHistoryArgs = { consumerId, filter: filter ? { ...filter, since } : filter, first, after };
    const query = parseHistoryQuery(args);
    const page = historyPage(await deps.search.search(query, query.first + 1), query.first);
    return { edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toOrderHistoryView(node) })), pageInfo: page.pageInfo };
  };
