import { type Database, failure, type MessageFactory, type MessageHandler, onCommand, success } from '@ftgo/infra';
import { consumer, type DomainError } from '@ftgo/schema';
import type { ConsumerApplication } from '../application/index.js';
import { CONSUMER_MESSAGES } from '../domain/index.js';
import type { PgTransactions } from './pg-transactions.js';

export interface ConsumerCommandsDeps {
  db: Database;
  schema: string;
  messages: MessageFactory;
  transactions: PgTransactions;
  app: ConsumerApplication;
}

/** Inbox key of the subscription `consumer.commands`. */
export const CONSUMER_COMMANDS = 'consumer.commands';

/** DOMAIN §2.3: an unknown consumer is answered with ConsumerNotFound, any other rejection with saga.Failure. */
const rejected = (error: DomainError) =>
  error.code === 'NOT_FOUND' && error.message === CONSUMER_MESSAGES.consumerNotFound
    ? failure(error.message, consumer.ConsumerNotFound)
    : failure(error.message);

/** Saga commands on `ftgo.consumer.commands` (DOMAIN §2.3): ValidateOrderByConsumer → saga.Success or ConsumerNotFound. */
export function consumerCommandsHandler({ db, schema, messages, transactions, app }: ConsumerCommandsDeps): MessageHandler {
  return onCommand(
    { db, schema, messages, consumer: CONSUMER_COMMANDS },
    async ({ tx, envelope, ids, context }) => {
      if (consumer.ValidateOrderByConsumer.is(envelope)) {
        await app.messages.validateOrderByConsumer(transactions.within({ tx, ids, context }), envelope.payload);
        return success();
      }
      // Not a command of this participant: retrying cannot help, and the saga must not wait for a reply.
      return failure(`unsupported command ${envelope.type}`);
    },
    rejected,
  );
}
