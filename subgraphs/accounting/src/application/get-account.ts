import { isAccountId } from './account-id.js';
import { type AccountView, accountView } from './account-view.js';
import type { AccountingApplicationDeps } from './ports.js';

/** Query `account(id)`: the account, or `null` for an unknown or malformed id (DOMAIN §0 Reads). */
export const getAccount =
  ({ accounts }: AccountingApplicationDeps) =>
  async (id: string): Promise<AccountView | null> => {
    if (!isAccountId(id)) return null;
    const account = await accounts.load(id);
    return account.status === 'NEW' ? null : accountView(account);
  };
