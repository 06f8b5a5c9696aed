import { fileURLToPath } from 'node:url';
import { AggregateStore, type MessageHandler, type Platform, type ServiceModule } from '@ftgo/infra';
import { accounting, consumer } from '@ftgo/schema';
import { accountingCommandsHandler } from './adapters/accounting-commands.handler.js';
import { consumerEventsHandler } from './adapters/consumer-events.handler.js';
import { PgAccountReader } from './adapters/pg-account-repository.js';
import { PgTransactions } from './adapters/pg-transactions.js';
import { type AccountingApplication, createAccountingApplication } from './application/index.js';
import { accountDecider } from './domain/index.js';

export interface AccountingParts {
  app: AccountingApplication;
  /** One handler per subscription (tests call them directly, e.g. to deliver a message twice). */
  handlers: { consumerEvents: MessageHandler; commands: MessageHandler };
}

/** Builds the application and its handlers on `platform` (the accounting schema must be migrated). */
export function composeAccounting(platform: Platform): AccountingParts {
  const { db } = platform;
  const schema = platform.schema('accounting');
  const messages = platform.messages('accounting');
  const store = new AggregateStore(db, schema, accounting.AGGREGATE, accountDecider, messages);
  const transactions = new PgTransactions(db, schema, store);
  const app = createAccountingApplication({ accounts: new PgAccountReader(store), transactions, clock: { now: () => new Date() } });
  return {
    app,
    handlers: {
      consumerEvents: consumerEventsHandler({ db, schema, transactions, app }),
      commands: accountingCommandsHandler({ db, schema, messages, transactions, app }),
    },
  };
}

/** The accounting service's composition root (DESIGN): wiring only, the same in both run modes. */
export const accountingService: ServiceModule<AccountingApplication> = {
  name: 'accounting',
  async start(platform) {
    // dist/src/service.js → subgraphs/accounting/migrations
    await platform.migrate('accounting', { prefix: 'accounting', dir: fileURLToPath(new URL('../../migrations', import.meta.url)) });
    const { naming } = platform.config;
    const { app, handlers } = composeAccounting(platform);
    const relay = platform.startRelay('accounting');
    const subscriptions = [
      await platform.bus.subscribe(
        { service: 'accounting', name: 'consumer-events', subject: naming.eventFilter('consumer', consumer.AGGREGATE), ordered: true },
        handlers.consumerEvents,
      ),
      await platform.bus.subscribe({ service: 'accounting', name: 'commands', subject: naming.commands('accounting'), ordered: false }, handlers.commands),
    ];
    return {
      name: 'accounting',
      app,
      async stop() {
        for (const subscription of subscriptions) await subscription.close();
        await relay.stop();
      },
    };
  },
};
