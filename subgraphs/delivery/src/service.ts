import { fileURLToPath } from 'node:url';
import type { HandlerContext, MessageHandler, Platform, ServiceModule, Subscription, SubscriptionSpec } from '@ftgo/infra';
import type { DeliveryHandlerDeps } from './adapters/event-reactions.js';
import { orderEventsHandler, orderEventsSubscription } from './adapters/order-events.handler.js';
import { PgUnitOfWork } from './adapters/pg-unit-of-work.js';
import { restaurantEventsHandler, restaurantEventsSubscription } from './adapters/restaurant-events.handler.js';
import { systemClock } from './adapters/system-clock.js';
import { ticketEventsHandler, ticketEventsSubscription } from './adapters/ticket-events.handler.js';
import { createDeliveryApplication, type DeliveryApplication } from './application/index.js';

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

function wire(platform: Platform) {
  const schema = platform.schema('delivery');
  const uow = new PgUnitOfWork(platform.db, schema, platform.messages('delivery'));
  const app = createDeliveryApplication({ uow, clock: systemClock });
  const handlerDeps: DeliveryHandlerDeps = {
    db: platform.db,
    schema,
    logger: platform.logger.child({ service: 'delivery' }),
    application: ({ tx, ids, context }: HandlerContext) => createDeliveryApplication({ uow: uow.within(tx, ids, context), clock: systemClock }),
  };
  return { app, handlerDeps };
}

function subscriptions(platform: Platform, handlerDeps: DeliveryHandlerDeps): { spec: SubscriptionSpec; handler: MessageHandler }[] {
  const naming = platform.config.naming;
  return [
    { spec: restaurantEventsSubscription(naming), handler: restaurantEventsHandler(handlerDeps) },
    { spec: orderEventsSubscription(naming), handler: orderEventsHandler(handlerDeps) },
    { spec: ticketEventsSubscription(naming), handler: ticketEventsHandler(handlerDeps) },
  ];
}

/** The inbound subscriptions with their handlers (exported so tests can deliver one message twice to a handler). */
export const deliverySubscriptions = (platform: Platform) => subscriptions(platform, wire(platform).handlerDeps);

/** Composition root of the delivery service: migrations, relay, subscriptions, application. */
export const deliveryService: ServiceModule<DeliveryApplication> = {
  name: 'delivery',
  async start(platform) {
    await platform.migrate('delivery', { prefix: 'delivery', dir: MIGRATIONS });
    const relay = platform.startRelay('delivery');
    const { app, handlerDeps } = wire(platform);
    const subscribed: Subscription[] = [];
    for (const { spec, handler } of subscriptions(platform, handlerDeps)) subscribed.push(await platform.bus.subscribe(spec, handler));
    return {
      name: 'delivery',
      app,
      async stop() {
        await Promise.all(subscribed.map((s) => s.close()));
        await relay.stop();
      },
    };
  },
};
