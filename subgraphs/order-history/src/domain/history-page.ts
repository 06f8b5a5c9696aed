import { encodeHistoryCursor } from './cursor.js';
import type { OrderHistoryEntry } from './history-entry.js';

export interface Edge<T> {
  cursor: string;
  node: T;
}
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * DOMAIN §5 page from the matching rows in order, fetched with `LIMIT first + 1`: the extra row
 * only tells that another matching entry exists; `endCursor` = last edge's cursor or null.
 */
export function historyPage<T extends Pick<OrderHistoryEntry, 'createdAt' | 'orderId'>>(rows: readonly T[], first: number): Connection<T> {
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeHistoryCursor(node), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
