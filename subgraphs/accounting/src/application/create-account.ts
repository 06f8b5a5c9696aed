import { isDomainError } from '@ftgo/schema';
import { ACCOUNTING_MESSAGES } from '../domain/index.js';
import type { UnitOfWork } from './ports.js';

export interface CreateAccountInput {
  /** = the registered consumer's id */
  accountId: string;
  name: string;
}

const isAccountExists = (error: unknown): boolean => isDomainError(error) && error.code === 'CONFLICT' && error.message === ACCOUNTING_MESSAGES.accountExists;

/**
 * ConsumerRegistered → an enabled Account (DOMAIN §1.3), in the handler's unit of work. An existing account
 * makes it a no-op: the CONFLICT `account already exists` is swallowed (the decider throws before appending).
 */
export const createAccount =
  () =>
  async (uow: UnitOfWork, input: CreateAccountInput): Promise<void> => {
    try {
      await uow.accounts.handle(input.accountId, { type: 'CreateAccount', data: { accountId: input.accountId, name: input.name } });
    } catch (error) {
      if (!isAccountExists(error)) throw error;
    }
  };
