import { requireAccountId } from './account-id.js';
import type { AuthorizationInput } from './authorization-input.js';
import type { AccountingApplicationDeps, UnitOfWork } from './ports.js';

/**
 * Saga command ReviseAuthorizeOrder (DOMAIN §1.3, §3.4 `reviseAuthorization`), in the handler's unit of work:
 * AuthorizationRevised to the new total. An unknown account is final at once (it authorized the order before).
 */
export const reviseAuthorizeOrder =
  ({ clock }: AccountingApplicationDeps) =>
  async (uow: UnitOfWork, input: AuthorizationInput): Promise<void> => {
    const accountId = requireAccountId(input.consumerId);
    const { orderId, orderTotal: amount } = input;
    await uow.accounts.handle(accountId, { type: 'ReviseAuthorizeOrder', data: { accountId, orderId, amount, now: clock.now().toISOString() } });
  };
