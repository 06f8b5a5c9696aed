/** Error texts and reply reasons of DOMAIN §1.3, verbatim: clients, saga replies and rejection reasons rely on them. */
export const ACCOUNTING_MESSAGES = {
  accountExists: 'account already exists',
  accountNotFound: 'account not found',
  accountDisabled: 'account is disabled',
  accountEnabled: 'account is enabled',
  alreadyAuthorized: 'order already authorized',
  authorizationNotFound: 'authorization not found',
  authorizationStateDoesNotAllow: 'authorization state does not allow action',
} as const;

/** Reply reasons (DOMAIN §1.3, §4.3: they become the order's rejectionReason). */
export const ACCOUNTING_REASONS = {
  accountDisabled: 'account disabled',
  accountNotFound: 'account not found',
} as const;
