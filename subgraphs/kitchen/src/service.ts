import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { MessageHandler, Platform, ServiceModule, Subscription, SubscriptionSpec } from '@ftgo/infra';
import { deliveryEventsHandler, deliveryEventsSubscription } from './adapters/delivery-events.handler.js';
import { kitchenCommandsHandler, kitchenCommandsSubscription } from './adapters/kitchen-commands.handler.js';
import { PgKitchenUnits } from './adapters/pg-kitchen-units.js';
import { PgTicketReader } from './adapters/pg-ticket-reader.js';
import { ticketStore } from './adapters/pg-ticket-repository.js';
import { PgTransactions } from './adapters/pg-transactions.js';
import { restaurantEventsHandler, restaurantEventsSubscription } from './adapters/restaurant-events.handler.js';
import { createKitchenApplication, type KitchenApplication } from './application/kitchen-application.js';

/** dist/src/service.js → subgraphs/kitchen/migrations */
const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface KitchenComposition {
  app: KitchenApplication;
  /** What the kitchen subscribes to, each with its handler. */
  subscriptions: { commands: Subscribed; restaurantEvents: Subscribed; deliveryEvents: Subscribed };
}

interface Subscribed {
  spec: SubscriptionSpec;
  handler: MessageHandler;
}

/** Wires adapters into the application on `platform`; subscribes nothing (tests call the handlers directly). */
export function composeKitchen(platform: Platform): KitchenComposition {
  const { db } = platform;
  const { naming } = platform.config;
  const schema = platform.schema('kitchen');
  const messages = platform.messages('kitchen');
  const tickets = ticketStore(db, schema, messages);
  const units = new PgKitchenUnits(tickets, schema);
  const app = createKitchenApplication({
    transactions: new PgTransactions(db, schema, units),
    reader: new PgTicketReader(tickets, db, schema),
    clock: { now: () => new Date() },
    ids: { newId: randomUUID },
  });
  const deps = { db, schema, messages, units, app };
  return {
    app,
    subscriptions: {
      commands: { spec: kitchenCommandsSubscription(naming), handler: kitchenCommandsHandler(deps, naming) },
      restaurantEvents: { spec: restaurantEventsSubscription(naming), handler: restaurantEventsHandler(deps, naming) },
      deliveryEvents: { spec: deliveryEventsSubscription(naming), handler: deliveryEventsHandler(deps, naming) },
    },
  };
}

/** The kitchen (DOMAIN §1.6): migrations, the Ticket relay, its three subscriptions, its application. */
export const kitchenService: ServiceModule<KitchenApplication> = {
  name: 'kitchen',
  async start(platform) {
    await platform.migrate('kitchen', { prefix: 'kitchen', dir: MIGRATIONS });
    const { app, subscriptions } = composeKitchen(platform);
    const relay = platform.startRelay('kitchen');
    const subscribed: Subscription[] = [];
    for (const { spec, handler } of Object.values(subscriptions)) subscribed.push(await platform.bus.subscribe(spec, handler));
    return {
      name: 'kitchen',
      app,
      async stop() {
        for (const subscription of subscribed) await subscription.close();
        await relay.stop();
      },
    };
  },
};
