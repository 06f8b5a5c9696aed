import { BadUserInput } from '@ftgo/schema';
import { type Connection, decodeRestaurantCursor, pageSize, restaurantPage } from '../domain/index.js';
import type { RestaurantReads } from './ports.js';
import { isRestaurantId } from './restaurant-id.js';
import { type RestaurantView, toRestaurantView } from './restaurant-view.js';

export interface ListRestaurantsInput {
  first?: number | null;
  after?: string | null;
}

/**
 * DOMAIN §1.4 `restaurants(first, after)`: by lower-cased name, then id, keyset cursor; `first`
 * 1–50 (default 20) is checked before the cursor. A cursor whose id is no restaurant id was not
 * made here: `invalid cursor`.
 */
export const listRestaurants =
  (deps: { reads: RestaurantReads }) =>
  async ({ first, after }: ListRestaurantsInput = {}): Promise<Connection<RestaurantView>> => {
    const size = pageSize(first);
    const cursor = after === null || after === undefined ? null : decodeRestaurantCursor(after);
    if (cursor && !isRestaurantId(cursor.id)) throw new BadUserInput('invalid cursor');
    const rows = await deps.reads.page(cursor, size + 1);
    const page = restaurantPage(rows, size);
    return { edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toRestaurantView(node) })), pageInfo: page.pageInfo };
  };
