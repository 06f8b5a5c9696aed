import { type Database, type MessageHandler, onEvent } from '@ftgo/infra';
import { consumer } from '@ftgo/schema';
import type { AccountingApplication } from '../application/index.js';
import type { PgTransactions } from './pg-transactions.js';

export interface ConsumerEventsDeps {
  db: Database;
  schema: string;
  transactions: PgTransactions;
  app: AccountingApplication;
}

/** Inbox key of the subscription `accounting.consumer-events`. */
export const CONSUMER_EVENTS = 'accounting.consumer-events';

/**
 * Consumer events (DOMAIN §2.2): ConsumerRegistered creates the account; the other consumer events do not
 * concern accounting. A single-event reaction: the inbox and the account-exists guard make a repeat harmless.
 */
export function consumerEventsHandler({ db, schema, transactions, app }: ConsumerEventsDeps): MessageHandler {
  return onEvent({ db, schema, consumer: CONSUMER_EVENTS }, async ({ tx, envelope, ids, context }) => {
    if (!consumer.ConsumerRegistered.is(envelope)) return;
    const { consumerId, name } = envelope.payload;
    await app.messages.createAccount(transactions.within({ tx, ids, context }), { accountId: consumerId, name });
  });
}
