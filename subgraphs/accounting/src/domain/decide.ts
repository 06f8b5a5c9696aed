import { Conflict, FailedPrecondition } from '@ftgo/schema';
import { type Account, type Authorization, type ExistingAccount, evolve, initialState } from './account.js';
import type { AccountCommand } from './account-commands.js';
import type { AccountEvent } from './account-events.js';
import { findAuthorization, requireAccount, requireAuthorization } from './account-lookup.js';
import { assertNever } from './assert-never.js';
import { ACCOUNTING_MESSAGES } from './messages.js';

const requireEnabled = (account: ExistingAccount): void => {
  if (account.status === 'DISABLED') throw new FailedPrecondition(ACCOUNTING_MESSAGES.accountDisabled);
};

/** DOMAIN §1.3: AUTHORIZED and REVISED may be revised or reversed; REVERSED is terminal. */
const requireOpen = (authorization: Authorization): void => {
  if (authorization.state === 'REVERSED') throw new FailedPrecondition(ACCOUNTING_MESSAGES.authorizationStateDoesNotAllow);
};

/**
 * DOMAIN §1.3. Check order (§0): unknown account → NOT_FOUND (unknown authorization) → CONFLICT → FAILED_PRECONDITION.
 * A disabled account blocks authorize and revise, never a reversal.
 */
export function decide(command: AccountCommand, account: Account): AccountEvent[] {
  switch (command.type) {
    case 'CreateAccount': {
      // From ConsumerRegistered; the application swallows this CONFLICT (a redelivered event is a no-op).
      if (account.status !== 'NEW') throw new Conflict(ACCOUNTING_MESSAGES.accountExists);
      return [{ type: 'AccountCreated', data: { accountId: command.data.accountId, name: command.data.name } }];
    }
    case 'DisableAccount': {
      const { accountId, status } = requireAccount(account);
      if (status === 'DISABLED') throw new FailedPrecondition(ACCOUNTING_MESSAGES.accountDisabled);
      return [{ type: 'AccountDisabled', data: { accountId } }];
    }
    case 'EnableAccount': {
      const { accountId, status } = requireAccount(account);
      if (status === 'ENABLED') throw new FailedPrecondition(ACCOUNTING_MESSAGES.accountEnabled);
      return [{ type: 'AccountEnabled', data: { accountId } }];
    }
    case 'AuthorizeOrder': {
      const existing = requireAccount(account);
      const { orderId, amount, now } = command.data;
      if (findAuthorization(existing, orderId)) throw new Conflict(ACCOUNTING_MESSAGES.alreadyAuthorized);
      requireEnabled(existing);
      return [{ type: 'OrderAuthorized', data: { accountId: existing.accountId, orderId, amount, occurredAt: now } }];
    }
    case 'ReviseAuthorizeOrder': {
      const existing = requireAccount(account);
      const { orderId, amount, now } = command.data;
      const authorization = requireAuthorization(existing, orderId);
      requireEnabled(existing);
      requireOpen(authorization);
      return [
        {
          type: 'AuthorizationRevised',
          data: { accountId: existing.accountId, orderId, previousAmount: authorization.amount, amount, occurredAt: now },
        },
      ];
    }
    case 'ReverseAuthorizeOrder': {
      const existing = requireAccount(account);
      const { orderId, now } = command.data;
      const authorization = requireAuthorization(existing, orderId);
      requireOpen(authorization);
      return [{ type: 'AuthorizationReversed', data: { accountId: existing.accountId, orderId, amount: authorization.amount, occurredAt: now } }];
    }
    default:
      return assertNever(command);
  }
}

/** The three functions together, e.g. for `deciderSpec` or a generic command handler. */
export const accountDecider = { decide, evolve, initialState };
