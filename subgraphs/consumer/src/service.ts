import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { AggregateStore, type MessageHandler, type Platform, type ServiceModule } from '@ftgo/infra';
import { consumer } from '@ftgo/schema';
import { consumerCommandsHandler } from './adapters/consumer-commands.handler.js';
import { PgConsumerReader } from './adapters/pg-consumer-repository.js';
import { PgTransactions } from './adapters/pg-transactions.js';
import { type ConsumerApplication, createConsumerApplication } from './application/index.js';
import { consumerDecider } from './domain/index.js';

export interface ConsumerParts {
  app: ConsumerApplication;
  /** One handler per subscription (tests call them directly, e.g. to deliver a message twice). */
  handlers: { commands: MessageHandler };
}

/** Builds the application and its handlers on `platform` (the consumer schema must be migrated). */
export function composeConsumer(platform: Platform): ConsumerParts {
  const { db } = platform;
  const schema = platform.schema('consumer');
  const messages = platform.messages('consumer');
  const store = new AggregateStore(db, schema, consumer.AGGREGATE, consumerDecider, messages);
  const transactions = new PgTransactions(db, schema, store);
  const app = createConsumerApplication({ consumers: new PgConsumerReader(store), transactions, ids: { newId: () => randomUUID() } });
  return { app, handlers: { commands: consumerCommandsHandler({ db, schema, messages, transactions, app }) } };
}

/** The consumer service's composition root (DESIGN): wiring only, the same in both run modes. */
export const consumerService: ServiceModule<ConsumerApplication> = {
  name: 'consumer',
  async start(platform) {
    // dist/src/service.js → subgraphs/consumer/migrations
    await platform.migrate('consumer', { prefix: 'consumer', dir: fileURLToPath(new URL('../../migrations', import.meta.url)) });
    const { app, handlers } = composeConsumer(platform);
    const relay = platform.startRelay('consumer');
    const commands = await platform.bus.subscribe(
      { service: 'consumer', name: 'commands', subject: platform.config.naming.commands('consumer'), ordered: false },
      handlers.commands,
    );
    return {
      name: 'consumer',
      app,
      async stop() {
        await commands.close();
        await relay.stop();
      },
    };
  },
};
