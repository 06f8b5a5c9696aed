import type { Instant } from '@ftgo/schema';
import { decodeHistoryCursor, type HistoryCursor } from './cursor.js';
import type { OrderHistoryEntry, OrderState } from './history-entry.js';
import { toInstant } from './instant.js';
import { parseKeywordFilter } from './keywords.js';
import { pageSize } from './page-size.js';

/** API.graphql `OrderHistoryFilter`; `since` is a valid DateTime (the scalar checked it). */
export interface OrderHistoryFilter {
  since?: Instant | null;
  keywords?: readonly string[] | null;
  states?: readonly OrderState[] | null;
}

export interface OrderHistoryArgs {
  consumerId: string;
  filter?: OrderHistoryFilter | null;
  first?: number | null;
  after?: string | null;
}

/** `orderHistory` / `Consumer.orders` arguments, validated and normalised (DOMAIN §5). */
export interface HistoryQuery {
  consumerId: string;
  /** createdAt > since */
  since: Instant | null;
  /** Words every entry must have among its keywords; [] = any. */
  keywords: string[];
  /** null = all states (null or empty in the filter). */
  states: OrderState[] | null;
  first: number;
  /** Entries strictly after this position. */
  after: HistoryCursor | null;
}

/** Validates in argument order: keywords, then `first`, then `after`; each failure is BAD_USER_INPUT. */
export function parseHistoryQuery(args: OrderHistoryArgs): HistoryQuery {
  const filter = args.filter ?? {};
  const keywords = parseKeywordFilter(filter.keywords);
  const first = pageSize(args.first);
  const after = args.after === null || args.after === undefined ? null : decodeHistoryCursor(args.after);
  return {
    consumerId: args.consumerId,
    since: filter.since === null || filter.since === undefined ? null : toInstant(filter.since),
    keywords,
    states: filter.states && filter.states.length > 0 ? [...new Set(filter.states)] : null,
    first,
    after,
  };
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * DOMAIN §5 order: createdAt desc, then orderId desc (a SQL adapter: `ORDER BY created_at DESC,
 * order_id DESC`, keyset `(created_at, order_id) < ($createdAt, $orderId)`).
 */
export function compareEntries(a: HistoryCursor, b: HistoryCursor): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || compareStrings(b.orderId, a.orderId);
}

/** Whether an entry belongs to the query's result (before paging): consumer, since, keywords, states, after. */
export function matchesQuery(entry: OrderHistoryEntry, query: HistoryQuery): boolean {
  if (entry.consumerId !== query.consumerId) return false;
  if (query.since !== null && !(Date.parse(entry.createdAt) > Date.parse(query.since))) return false;
  if (!query.keywords.every((word) => entry.keywords.includes(word))) return false;
  if (query.states !== null && !query.states.includes(entry.state)) return false;
  return query.after === null || compareEntries(entry, query.after) > 0;
}
