import { requireAccount } from '../domain/index.js';
import { requireAccountId } from './account-id.js';
import { type AccountView, accountView } from './account-view.js';
import type { MutationOptions } from './mutation-options.js';
import type { AccountingApplicationDeps } from './ports.js';

/** DOMAIN §1.3 `disableAccount`: enabled → disabled; AccountDisabled. */
export const disableAccount =
  ({ transactions }: AccountingApplicationDeps) =>
  async (id: string, options: MutationOptions = {}): Promise<AccountView> => {
    const accountId = requireAccountId(id);
    return transactions.run('disableAccount', options.idempotencyKey, { id }, async ({ accounts }) => {
      const account = await accounts.handle(accountId, { type: 'DisableAccount', data: { accountId } });
      return accountView(requireAccount(account));
    });
  };
