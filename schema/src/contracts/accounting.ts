import { command, event, reply } from '../message.js';
import type { Occurred } from './common.js';

const SERVICE = 'accounting';
export const AGGREGATE = 'Account';

export const AccountCreated = event<{ accountId: string; name: string } & Occurred>(SERVICE, AGGREGATE, 'AccountCreated');
export const AccountDisabled = event<{ accountId: string } & Occurred>(SERVICE, AGGREGATE, 'AccountDisabled');
export const AccountEnabled = event<{ accountId: string } & Occurred>(SERVICE, AGGREGATE, 'AccountEnabled');
export const OrderAuthorized = event<{ accountId: string; orderId: string; amount: number } & Occurred>(SERVICE, AGGREGATE, 'OrderAuthorized');
export const AuthorizationRevised = event<{ accountId: string; orderId: string; previousAmount: number; amount: number } & Occurred>(
  SERVICE,
  AGGREGATE,
  'AuthorizationRevised',
);
export const AuthorizationReversed = event<{ accountId: string; orderId: string; amount: number } & Occurred>(SERVICE, AGGREGATE, 'AuthorizationReversed');

export interface AuthorizationCommand {
  consumerId: string;
  orderId: string;
  /** The new total for ReviseAuthorizeOrder. */
  orderTotal: number;
}
export const AuthorizeOrder = command<AuthorizationCommand>(SERVICE, 'AuthorizeOrder');
export const ReviseAuthorizeOrder = command<AuthorizationCommand>(SERVICE, 'ReviseAuthorizeOrder');
export const ReverseAuthorizeOrder = command<AuthorizationCommand>(SERVICE, 'ReverseAuthorizeOrder');

export const AccountDisabledReply = reply<{ reason: string }>(SERVICE, 'AccountDisabled');
export const AccountNotFound = reply<{ reason: string }>(SERVICE, 'AccountNotFound');
