import { BadUserInput } from '@ftgo/schema';
import { encodeRestaurantCursor, type RestaurantCursor } from './cursor.js';

/** API.graphql: `restaurants(first: Int = 20, after: String)`. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;

/** DOMAIN §1.4: `first` 1–50. Null or undefined takes the API default. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw new BadUserInput('first must be between 1 and 50');
  return first;
}

/** The sort key of DOMAIN §1.4: lower-cased name, then id. */
export const sortKey = (r: RestaurantCursor): [string, string] => [r.name.toLowerCase(), r.id];

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Restaurants order: by lower-cased name, then id, comparing UTF-16 code units (a SQL adapter
 * gets the same order with `lower(name) COLLATE "C", id`).
 */
export function compareRestaurants(a: RestaurantCursor, b: RestaurantCursor): number {
  const [nameA, idA] = sortKey(a);
  const [nameB, idB] = sortKey(b);
  return compareStrings(nameA, nameB) || compareStrings(idA, idB);
}

/** Keyset condition: strictly after the cursor. */
export const isAfter = (r: RestaurantCursor, cursor: RestaurantCursor): boolean => compareRestaurants(r, cursor) > 0;

export interface Edge<T> {
  cursor: string;
  node: T;
}
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Builds the page from the rows after the cursor in sort order, fetched with `LIMIT first + 1`:
 * the extra row only tells that another page exists.
 */
export function restaurantPage<T extends RestaurantCursor>(rows: readonly T[], first: number): Connection<T> {
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeRestaurantCursor(node), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
