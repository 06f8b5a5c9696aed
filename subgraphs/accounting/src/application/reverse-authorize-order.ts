import { requireAccountId } from './account-id.js';
import type { AuthorizationInput } from './authorization-input.js';
import type { AccountingApplicationDeps, UnitOfWork } from './ports.js';

/**
 * Saga command ReverseAuthorizeOrder (DOMAIN §1.3, §3.3 `reverseAuthorization`), in the handler's unit of work:
 * AuthorizationReversed, on an enabled or a disabled account. An unknown account is final at once.
 */
export const reverseAuthorizeOrder =
  ({ clock }: AccountingApplicationDeps) =>
  async (uow: UnitOfWork, input: AuthorizationInput): Promise<void> => {
    const accountId = requireAccountId(input.consumerId);
    await uow.accounts.handle(accountId, { type: 'ReverseAuthorizeOrder', data: { accountId, orderId: input.orderId, now: clock.now().toISOString() } });
  };
