import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { ServiceModule } from '@ftgo/infra';
import { PgMutations } from './adapters/pg-mutations.js';
import { PgRestaurantReads } from './adapters/pg-restaurants.js';
import { createRestaurantApplication, type RestaurantApplication } from './application/index.js';

/** Composition root of the restaurant service: a plain table, its outbox and relay; no subscriptions. */
export const restaurantService: ServiceModule<RestaurantApplication> = {
  name: 'restaurant',
  async start(platform) {
    await platform.migrate('restaurant', { prefix: 'restaurant', dir: fileURLToPath(new URL('../../migrations', import.meta.url)) });
    const schema = platform.schema('restaurant');
    const relay = platform.startRelay('restaurant');
    const app = createRestaurantApplication({
      mutations: new PgMutations(platform.db, schema, platform.messages('restaurant')),
      reads: new PgRestaurantReads(platform.db, schema),
      clock: { now: () => new Date() },
      ids: { newId: () => randomUUID() },
    });
    return { name: 'restaurant', app, stop: () => relay.stop() };
  },
};
