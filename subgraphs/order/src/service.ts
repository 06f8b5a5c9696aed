import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { AggregateStore, type MessageHandler, type Platform, type ServiceModule, type SubscriptionSpec } from '@ftgo/infra';
import { order } from '@ftgo/schema';
import { BusLiveFeed } from './adapters/bus-live-feed.js';
import { consumerEventsHandler, consumerEventsSubscription } from './adapters/consumer-events.handler.js';
import { PgConsumerDirectory } from './adapters/pg-consumer-directory.js';
import { PgOrderReader } from './adapters/pg-order-reader.js';
import { PgSagaReader } from './adapters/pg-saga-repository.js';
import { PgUnitOfWork, type PgWorkDeps } from './adapters/pg-work.js';
import { promOrderMetrics } from './adapters/prom-order-metrics.js';
import type { OrderHandlerDeps } from './adapters/reaction-handler.js';
import { restaurantEventsHandler, restaurantEventsSubscription } from './adapters/restaurant-events.handler.js';
import { sagaRepliesHandler, sagaRepliesSubscription } from './adapters/saga-replies.handler.js';
import { sagaStartHandler, sagaStartSubscription } from './adapters/saga-start.handler.js';
import { createOrderApplication, type OrderApplication } from './application/index.js';
import { orderDecider } from './domain/index.js';

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

function persistence(platform: Platform): PgWorkDeps {
  const schema = platform.schema('order');
  const messages = platform.messages('order');
  return { schema, messages, orders: new AggregateStore(platform.db, schema, order.AGGREGATE, orderDecider, messages) };
}

const effectErrorLogger = (platform: Platform) => (error: unknown) => platform.logger.warn({ err: error }, 'after-commit effect failed');

/** The inbound subscriptions with their handlers (also what the integration tests deliver to directly). */
export function orderSubscriptions(platform: Platform, app: OrderApplication): { spec: SubscriptionSpec; handler: MessageHandler }[] {
  const { naming } = platform.config;
  const deps: OrderHandlerDeps = { db: platform.db, work: persistence(platform), app, onEffectError: effectErrorLogger(platform) };
  const restaurants = restaurantEventsSubscription(naming);
  const consumers = consumerEventsSubscription(naming);
  const sagaStart = sagaStartSubscription(naming);
  const sagaReplies = sagaRepliesSubscription(naming);
  return [
    { spec: restaurants, handler: restaurantEventsHandler(deps, restaurants) },
    { spec: consumers, handler: consumerEventsHandler(deps, consumers) },
    { spec: sagaStart, handler: sagaStartHandler(deps, sagaStart) },
    { spec: sagaReplies, handler: sagaRepliesHandler(deps, sagaReplies) },
  ];
}

/** The order service (DOMAIN §1.5) and the saga host (§3): composition only. */
export const orderService: ServiceModule<OrderApplication> = {
  name: 'order',
  async start(platform) {
    await platform.migrate('order', { prefix: 'order', dir: MIGRATIONS });
    const work = persistence(platform);
    const live = new BusLiveFeed(platform.bus, platform.config.naming);
    const app = createOrderApplication({
      unitOfWork: new PgUnitOfWork(platform.db, work, effectErrorLogger(platform)),
      orders: new PgOrderReader(work.orders, platform.db),
      sagas: new PgSagaReader(platform.db, work.schema),
      consumers: new PgConsumerDirectory(platform.db, work.schema),
      live,
      clock: { now: () => new Date() },
      ids: { newId: () => randomUUID() },
      metrics: promOrderMetrics(platform.metrics.registry),
      log: platform.logger.child({ service: 'order' }),
    });
    const relay = platform.startRelay('order');
    const subscriptions = await Promise.all(orderSubscriptions(platform, app).map(({ spec, handler }) => platform.bus.subscribe(spec, handler)));
    return {
      name: 'order',
      app,
      async stop() {
        await live.close();
        await Promise.all(subscriptions.map((s) => s.close()));
        await relay.stop();
      },
    };
  },
};
