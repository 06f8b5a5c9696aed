import { requireAccount } from '../domain/index.js';
import { requireAccountId } from './account-id.js';
import { type AccountView, accountView } from './account-view.js';
import type { MutationOptions } from './mutation-options.js';
import type { AccountingApplicationDeps } from './ports.js';

/** DOMAIN §1.3 `enableAccount`: disabled → enabled; AccountEnabled. */
export const enableAccount =
  ({ transactions }: AccountingApplicationDeps) =>
  async (id: string, options: MutationOptions = {}): Promise<AccountView> => {
    const accountId = requireAccountId(id);
    return transactions.run('enableAccount', options.idempotencyKey, { id }, async ({ accounts }) => {
      const account = await accounts.handle(accountId, { type: 'EnableAccount', data: { accountId } });
      return accountView(requireAccount(account));
    });
  };
