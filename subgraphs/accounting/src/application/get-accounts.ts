import { isAccountId } from './account-id.js';
import { type AccountView, accountView } from './account-view.js';
import type { AccountingApplicationDeps } from './ports.js';

/**
 * `Consumer.account` and Account references in one batch (a DataLoader per request): one answer per id, in
 * order; `null` for an unknown or malformed id, as `account(id)` answers. Malformed ids are never looked up.
 */
export const getAccounts =
  ({ accounts }: AccountingApplicationDeps) =>
  async (ids: readonly string[]): Promise<(AccountView | null)[]> => {
    const wanted = [...new Set(ids.filter(isAccountId))];
    const found = wanted.length > 0 ? await accounts.loadMany(wanted) : new Map();
    return ids.map((id) => {
      const account = isAccountId(id) ? found.get(id) : undefined;
      return account && account.status !== 'NEW' ? accountView(account) : null;
    });
  };
