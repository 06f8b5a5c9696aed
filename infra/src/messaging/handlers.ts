import { DomainError, type Envelope, type Outcome, type ReplyType, saga } from '@ftgo/schema';
import { ConcurrencyError } from '../es/event-store.js';
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

const CONFLICT_RETRIES = 10;
/** Postgres' own "try again": serialization failure, deadlock. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

const isConflict = (error: unknown): boolean => error instanceof ConcurrencyError || RETRYABLE_SQLSTATES.has((error as { code?: string })?.code ?? '');

/**
 * Runs a handler's transaction again, at once, when it lost an optimistic-concurrency race: under load
 * many messages touch one aggregate (200 authorizations of one account), and waiting for a broker
 * redelivery with backoff would turn a normal race into seconds of delay or, after the last attempt, a failure.
 */
async function transactionRetryingConflicts<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (!isConflict(error) || attempt >= CONFLICT_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

/**
 * An event reaction in one transaction that first claims the message in the inbox: a duplicate is
 * skipped, a throw rolls back the claim too, so the message comes back.
 */
export function onEvent(deps: HandlerDeps, react: (ctx: HandlerContext) => Promise<void>): MessageHandler {
  const inbox = new Inbox(deps.schema);
  return async (delivery) => {
    const { envelope } = delivery;
    await transactionRetryingConflicts(deps.db, async (tx) => {
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
    await transactionRetryingConflicts(deps.db, async (tx) => {
      if (!(await inbox.claim(tx, deps.consumer, envelope.id))) return; // its reply committed the first time
      const ids = idempotentIds(envelope.id);
      let reply: Reply;
      await tx.query('SAVEPOINT command');
      try {
        reply = await execute({ tx, envelope, delivery, ids, context: causedBy(envelope) });
        await tx.query('RELEASE SAVEPOINT command');
      } catch (error) {
        const lastAttempt = delivery.attempt >= delivery.maxAttempts;
        if (isConflict(error) || (!(error instanceof DomainError) && !lastAttempt)) throw error;
        await tx.query('ROLLBACK TO SAVEPOINT command');
        reply = error instanceof DomainError ? rejected(error) : failure(error instanceof Error ? error.message : String(error));
      }
      await outbox.append(tx, [deps.messages.reply(envelope, reply.type, reply.outcome, reply.payload, ids)]);
    });
  };
}
