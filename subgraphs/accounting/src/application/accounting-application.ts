import type { AccountView } from './account-view.js';
import type { AuthorizationInput } from './authorization-input.js';
import { type AuthorizeAttempt, authorizeOrder } from './authorize-order.js';
import { type CreateAccountInput, createAccount } from './create-account.js';
import { disableAccount } from './disable-account.js';
import { enableAccount } from './enable-account.js';
import { getAccount } from './get-account.js';
import { getAccounts } from './get-accounts.js';
import type { MutationOptions } from './mutation-options.js';
import type { AccountingApplicationDeps, UnitOfWork } from './ports.js';
import { reverseAuthorizeOrder } from './reverse-authorize-order.js';
import { reviseAuthorizeOrder } from './revise-authorize-order.js';

/**
 * The accounting service's use cases (DOMAIN §1.3). Commands run in their own transaction and return the
 * account after it; they throw DomainErrors (NOT_FOUND, FAILED_PRECONDITION) with the DOMAIN's texts.
 */
export interface AccountingApplication {
  commands: {
    disableAccount(id: string, options?: MutationOptions): Promise<AccountView>;
    enableAccount(id: string, options?: MutationOptions): Promise<AccountView>;
  };
  queries: {
    /** `null` for an unknown or malformed id. */
    account(id: string): Promise<AccountView | null>;
    /** Entity references in one batch (a DataLoader per request): one answer per id, in order, null when unknown or malformed. */
    accountsByIds(ids: readonly string[]): Promise<(AccountView | null)[]>;
  };
  /** Driven by inbound messages, in the handler's unit of work (inbox claim and reply in the same transaction). */
  messages: {
    createAccount(uow: UnitOfWork, input: CreateAccountInput): Promise<void>;
    authorizeOrder(uow: UnitOfWork, input: AuthorizationInput, attempt: AuthorizeAttempt): Promise<void>;
    reviseAuthorizeOrder(uow: UnitOfWork, input: AuthorizationInput): Promise<void>;
    reverseAuthorizeOrder(uow: UnitOfWork, input: AuthorizationInput): Promise<void>;
  };
}

export function createAccountingApplication(deps: AccountingApplicationDeps): AccountingApplication {
  return {
    commands: { disableAccount: disableAccount(deps), enableAccount: enableAccount(deps) },
    queries: { account: getAccount(deps), accountsByIds: getAccounts(deps) },
    messages: {
      createAccount: createAccount(),
      authorizeOrder: authorizeOrder(deps),
      reviseAuthorizeOrder: reviseAuthorizeOrder(deps),
      reverseAuthorizeOrder: reverseAuthorizeOrder(deps),
    },
  };
}
