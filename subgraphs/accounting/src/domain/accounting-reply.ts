import { isDomainError } from '@ftgo/schema';
import { ACCOUNTING_MESSAGES, ACCOUNTING_REASONS } from './messages.js';

/** Which reply an accounting participant sends for a failed command (DOMAIN §1.3, §2.3). */
export interface AccountingFailureReply {
  /** `accounting.AccountDisabled`, `accounting.AccountNotFound` or `saga.Failure`. */
  reply: 'AccountDisabled' | 'AccountNotFound' | 'Failure';
  reason: string;
}

/**
 * Maps the error of AuthorizeOrder / ReviseAuthorizeOrder / ReverseAuthorizeOrder to its reply:
 * `account is disabled` → AccountDisabled `account disabled`; `account not found` → AccountNotFound
 * `account not found`; anything else → Failure with the error's message (e.g. `order already authorized`,
 * or a transient error's text on the last allowed delivery, DOMAIN §0).
 * Whether to reply at all is the caller's call: for AuthorizeOrder an unknown account is transient (§1.3).
 */
export function accountingReplyFor(error: unknown): AccountingFailureReply {
  if (isDomainError(error)) {
    if (error.code === 'FAILED_PRECONDITION' && error.message === ACCOUNTING_MESSAGES.accountDisabled) {
      return { reply: 'AccountDisabled', reason: ACCOUNTING_REASONS.accountDisabled };
    }
    if (error.code === 'NOT_FOUND' && error.message === ACCOUNTING_MESSAGES.accountNotFound) {
      return { reply: 'AccountNotFound', reason: ACCOUNTING_REASONS.accountNotFound };
    }
  }
  return { reply: 'Failure', reason: error instanceof Error ? error.message : String(error) };
}
