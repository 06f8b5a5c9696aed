import { isDomainError, Transient } from '@ftgo/schema';
import { ACCOUNTING_MESSAGES } from '../domain/index.js';
import { requireAccountId } from './account-id.js';
import type { AuthorizationInput } from './authorization-input.js';
import type { AccountingApplicationDeps, UnitOfWork } from './ports.js';

export interface AuthorizeAttempt {
  /** The last allowed delivery of the command: an unknown account is then final. */
  lastAttempt: boolean;
}

const isAccountNotFound = (error: unknown): boolean =>
  isDomainError(error) && error.code === 'NOT_FOUND' && error.message === ACCOUNTING_MESSAGES.accountNotFound;

/**
 * Saga command AuthorizeOrder (DOMAIN §1.3, §3.2 `authorizeCard`), in the handler's unit of work: OrderAuthorized
 * for the order total. An unknown account is transient until the last attempt, because the account is born from
 * ConsumerRegistered and may still be on its way; then it is NOT_FOUND `account not found`. A malformed consumer id
 * can never arrive, so it is final at once.
 */
export const authorizeOrder =
  ({ clock }: AccountingApplicationDeps) =>
  async (uow: UnitOfWork, input: AuthorizationInput, attempt: AuthorizeAttempt): Promise<void> => {
    const accountId = requireAccountId(input.consumerId);
    const { orderId, orderTotal: amount } = input;
    try {
      await uow.accounts.handle(accountId, { type: 'AuthorizeOrder', data: { accountId, orderId, amount, now: clock.now().toISOString() } });
    } catch (error) {
      if (isAccountNotFound(error) && !attempt.lastAttempt) throw new Transient(`account ${accountId} not found yet: its ConsumerRegistered may be in flight`);
      throw error;
    }
  };
