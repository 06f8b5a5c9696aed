import { type Database, failure, type MessageFactory, type MessageHandler, onCommand, type Reply, success } from '@ftgo/infra';
import { accounting, type DomainError, saga } from '@ftgo/schema';
import type { AccountingApplication } from '../application/index.js';
import { type AccountingFailureReply, accountingReplyFor } from '../domain/index.js';
import type { PgTransactions } from './pg-transactions.js';

export interface AccountingCommandsDeps {
  db: Database;
  schema: string;
  messages: MessageFactory;
  transactions: PgTransactions;
  app: AccountingApplication;
}

/** Inbox key of the subscription `accounting.commands`. */
export const ACCOUNTING_COMMANDS = 'accounting.commands';

const REPLY_TYPES = {
  AccountDisabled: accounting.AccountDisabledReply,
  AccountNotFound: accounting.AccountNotFound,
  Failure: saga.Failure,
} as const satisfies Record<AccountingFailureReply['reply'], unknown>;

/** DOMAIN §1.3, §2.3: `account disabled` → AccountDisabled, `account not found` → AccountNotFound, else saga.Failure. */
const rejected = (error: DomainError): Reply => {
  const { reply, reason } = accountingReplyFor(error);
  return failure(reason, REPLY_TYPES[reply]);
};

/** Saga commands on `ftgo.accounting.commands` (DOMAIN §2.3): Authorize, Revise and Reverse an order's authorization. */
export function accountingCommandsHandler({ db, schema, messages, transactions, app }: AccountingCommandsDeps): MessageHandler {
  return onCommand(
    { db, schema, messages, consumer: ACCOUNTING_COMMANDS },
    async ({ tx, envelope, delivery, ids, context }) => {
      const uow = transactions.within({ tx, ids, context });
      if (accounting.AuthorizeOrder.is(envelope)) {
        await app.messages.authorizeOrder(uow, envelope.payload, { lastAttempt: delivery.attempt >= delivery.maxAttempts });
        return success();
      }
      if (accounting.ReviseAuthorizeOrder.is(envelope)) {
        await app.messages.reviseAuthorizeOrder(uow, envelope.payload);
        return success();
      }
      if (accounting.ReverseAuthorizeOrder.is(envelope)) {
        await app.messages.reverseAuthorizeOrder(uow, envelope.payload);
        return success();
      }
      // Not a command of this participant: retrying cannot help, and the saga must not wait for a reply.
      return failure(`unsupported command ${envelope.type}`);
    },
    rejected,
  );
}
