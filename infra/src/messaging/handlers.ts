import { DomainError, type Envelope, type Outcome, type ReplyType, saga } from '@ftgo/schema';
import type { Database, Transaction } from '../postgres/database.js';
import { Inbox } from './inbox.js';
import { causedBy, type IdSource, idempotentIds, type MessageContext, type MessageFactory } from './message-factory.js';
import { Outbox } from './outbox.js';
import type { Delivery, MessageHandler } from './port.js';

/** What a handler works with: its transaction, the message, and how to stamp what it produces. */
export interface HandlerContext<P = unknown> {
  tx: Transaction;
  envelope: Envelope<P>;
  delivery: Delivery<P>;
  /** Ids derived from the message id, so a redelivery produces the same message ids. */
  ids: IdSource;
  /** Correlation and causation for messages produced here. */
  context: MessageContext;
}

export interface HandlerDeps {
  db: Database;
  /** The handling service's schema (its inbox). */
  schema: string;
  /** Inbox key, `<service>.<subscription>`. */
  consumer: string;
}

/**
 * An event reaction in one transaction that first claims the message in the inbox: a duplicate is
 * skipped, a throw rolls back the claim too, so the message comes back.
 */
export function onEvent(deps: HandlerDeps, react: (ctx: HandlerContext) => Promise<void>): MessageHandler {
  const inbox = new Inbox(deps.schema);
  return async (delivery) => {
    const { envelope } = delivery;
    await deps.db.transaction(async (tx) => {
      if (!(await inbox.claim(tx, deps.consumer, envelope.id))) return;
      await react({ tx, envelope, delivery, ids: idempotentIds(envelope.id), context: causedBy(envelope) });
    });
  };
}

export interface Reply {
  type: ReplyType<unknown>;
  outcome: Outcome;
  payload: unknown;
}

export const success = (type: ReplyType<unknown> = saga.Success, payload: unknown = {}): Reply => ({ type, outcome: 'SUCCESS', payload });
export const failure = (reason: string, type: ReplyType<unknown> = saga.Failure): Reply => ({ type, outcome: 'FAILURE', payload: { reason } });

/**
 * A saga participant's command handler (STYLE.md §4): inbox claim, run the command, write the reply
 * to the outbox, all in one transaction. A business rejection (DomainError) rolls back the command's
 * own writes and replies FAILURE at once; anything else is transient and throws for redelivery,
 * except on the last allowed delivery, where it becomes a FAILURE with the error text, so no saga
 * waits forever (DOMAIN §0).
 */
export function onCommand(
  deps: HandlerDeps & { messages: MessageFactory },
  execute: (ctx: HandlerContext) => Promise<Reply>,
  rejected: (error: DomainError) => Reply = (error) => failure(error.message),
): MessageHandler {
  const inbox = new Inbox(deps.schema);
  const outbox = new Outbox(deps.schema);
  return async (delivery) => {
    const { envelope } = delivery;
    await deps.db.transaction(async (tx) => {
      if (!(await inbox.claim(tx, deps.consumer, envelope.id))) return; // its reply committed the first time
      const ids = idempotentIds(envelope.id);
      let reply: Reply;
      await tx.query('SAVEPOINT command');
      try {
        reply = await execute({ tx, envelope, delivery, ids, context: causedBy(envelope) });
        await tx.query('RELEASE SAVEPOINT command');
      } catch (error) {
        const lastAttempt = delivery.attempt >= delivery.maxAttempts;
        if (!(error instanceof DomainError) && !lastAttempt) throw error;
        await tx.query('ROLLBACK TO SAVEPOINT command');
        reply = error instanceof DomainError ? rejected(error) : failure(error instanceof Error ? error.message : String(error));
      }
      await outbox.append(tx, [deps.messages.reply(envelope, reply.type, reply.outcome, reply.payload, ids)]);
    });
  };
}
