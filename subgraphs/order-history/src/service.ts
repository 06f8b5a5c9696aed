import { fileURLToPath } from 'node:url';
import { consumerName, type MessageHandler, type Queryable, type ServiceModule } from '@ftgo/infra';
import { ORDERS_SUBSCRIPTION, orderEventsHandler, orderEventsSubscription } from './adapters/order-events.handler.js';
import { PgOrderHistory } from './adapters/pg-order-history.js';
import { PgProjectionRebuilds } from './adapters/pg-projection-rebuilds.js';
import { BusProjectionReplays } from './adapters/projection-replays.js';
import { createOrderHistoryApplication, type OrderHistoryApplication } from './application/index.js';

/** At start-up, finished rebuilds of the last week are checked for leftovers (the inbox keeps claims a week too). */
const FORGET_SWEEP_MS = 7 * 24 * 3600 * 1000;

/**
 * Composition root of order history (DOMAIN §5): the `orders` projection folds every Order event;
 * it publishes nothing, so it has no relay. Unfinished rebuilds resume here; finished ones are forgotten.
 */
export const orderHistoryService: ServiceModule<OrderHistoryApplication> = {
  name: 'order-history',
  async start(platform) {
    await platform.migrate('order-history', { prefix: 'order-history', dir: fileURLToPath(new URL('../../migrations', import.meta.url)) });
    const schema = platform.schema('order-history');
    const naming = platform.config.naming;
    const clock = { now: () => new Date() };
    const rebuilds = new PgProjectionRebuilds(platform.db, schema);
    const handlerFor = (consumer: string): MessageHandler =>
      orderEventsHandler({ db: platform.db, schema, consumer, project: (tx, input) => appIn(tx).commands.projectOrderEvent(input) });
    const replays = new BusProjectionReplays({ bus: platform.bus, naming, rebuilds, handlerFor, clock, logger: platform.logger });
    const appIn = (q: Queryable): OrderHistoryApplication => {
      const history = new PgOrderHistory(q, schema);
      return createOrderHistoryApplication({ entries: history, search: history, rebuilds, replays, clock });
    };

    // Publishes nothing, but the relay is also the schema's housekeeper: it purges the inbox after 7 days.
    platform.startRelay('order-history');
    const live = orderEventsSubscription(naming, ORDERS_SUBSCRIPTION);
    const subscription = await platform.bus.subscribe(live, handlerFor(consumerName(live)));
    for (const name of await rebuilds.unfinished()) await replays.replay(name);
    await replays.forgetFinished(new Date(Date.now() - FORGET_SWEEP_MS));
    return {
      name: 'order-history',
      app: appIn(platform.db),
      stop: async () => {
        await replays.close();
        await subscription.close();
      },
    };
  },
};
