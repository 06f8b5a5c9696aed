import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deciderSpec } from '@ftgo/infra/testing';
import { Conflict, FailedPrecondition, NotFound } from '@ftgo/schema';
import {
  type Account,
  type AccountCommand,
  type AccountEvent,
  accountDecider,
  accountingReplyFor,
  authorizationsNewestFirst,
  findAuthorization,
  initialState,
  requireAccount,
} from '../src/domain/index.js';

const given = deciderSpec(accountDecider);
const accountId = '0b7d3c9a-2f41-4e8b-9c6d-5a1e2f3b4c5d';
const orderId = 'a3e9f1c2-7b5d-4e6f-8a9b-0c1d2e3f4a5b';
const otherOrderId = 'c5d7e9f1-3a4b-4c6d-8e0f-1a2b3c4d5e6f';
const t1 = '2026-01-10T12:00:00.000Z';
const t2 = '2026-01-10T12:05:00.000Z';
const t3 = '2026-01-10T12:10:00.000Z';

// events
const created: AccountEvent = { type: 'AccountCreated', data: { accountId, name: 'Able Anders' } };
const disabled: AccountEvent = { type: 'AccountDisabled', data: { accountId } };
const enabled: AccountEvent = { type: 'AccountEnabled', data: { accountId } };
const authorized = (amount = 2997, at = t1, id = orderId): AccountEvent => ({
  type: 'OrderAuthorized',
  data: { accountId, orderId: id, amount, occurredAt: at },
});
const revised = (previousAmount: number, amount: number, at = t2): AccountEvent => ({
  type: 'AuthorizationRevised',
  data: { accountId, orderId, previousAmount, amount, occurredAt: at },
});
const reversed = (amount: number, at = t3): AccountEvent => ({ type: 'AuthorizationReversed', data: { accountId, orderId, amount, occurredAt: at } });

// commands
const create: AccountCommand = { type: 'CreateAccount', data: { accountId, name: 'Able Anders' } };
const disable: AccountCommand = { type: 'DisableAccount', data: { accountId } };
const enable: AccountCommand = { type: 'EnableAccount', data: { accountId } };
const authorize = (amount = 2997, now = t1, id = orderId): AccountCommand => ({ type: 'AuthorizeOrder', data: { accountId, orderId: id, amount, now } });
const revise = (amount: number, now = t2): AccountCommand => ({ type: 'ReviseAuthorizeOrder', data: { accountId, orderId, amount, now } });
const reverse = (now = t3): AccountCommand => ({ type: 'ReverseAuthorizeOrder', data: { accountId, orderId, now } });

const authorizationOf = (state: Account) => findAuthorization(requireAccount(state), orderId);
const fold = (events: AccountEvent[]) => events.reduce(accountDecider.evolve, initialState());

describe('CreateAccount (from ConsumerRegistered)', () => {
  it('creates an account', () => given([]).when(create).then([created]));

  it('creates it enabled, without authorizations', () =>
    given([])
      .when(create)
      .thenState((state) => assert.deepEqual(state, { status: 'ENABLED', accountId, name: 'Able Anders', authorizations: [] })));

  it('refuses an existing account', () => given([created]).when(create).thenThrows(Conflict, 'account already exists'));

  it('refuses an existing disabled account', () => given([created, disabled]).when(create).thenThrows(Conflict, 'account already exists'));
});

describe('DisableAccount and EnableAccount', () => {
  it('disables an enabled account', () => given([created]).when(disable).then([disabled]));

  it('is DISABLED afterwards', () =>
    given([created])
      .when(disable)
      .thenState((state) => assert.equal(state.status, 'DISABLED')));

  it('refuses to disable a disabled account', () => given([created, disabled]).when(disable).thenThrows(FailedPrecondition, 'account is disabled'));

  it('enables a disabled account', () => given([created, disabled]).when(enable).then([enabled]));

  it('is ENABLED afterwards', () =>
    given([created, disabled])
      .when(enable)
      .thenState((state) => assert.equal(state.status, 'ENABLED')));

  it('refuses to enable an enabled account', () => given([created]).when(enable).thenThrows(FailedPrecondition, 'account is enabled'));

  it('refuses to enable a re-enabled account', () => given([created, disabled, enabled]).when(enable).thenThrows(FailedPrecondition, 'account is enabled'));

  it('refuses an unknown account', () => {
    given([]).when(disable).thenThrows(NotFound, 'account not found');
    given([]).when(enable).thenThrows(NotFound, 'account not found');
  });

  it('keeps the authorizations', () =>
    given([created, authorized()])
      .when(disable)
      .thenState((state) => assert.equal(authorizationOf(state)?.state, 'AUTHORIZED')));
});

describe('AuthorizeOrder', () => {
  it('authorizes the order total', () =>
    given([created])
      .when(authorize(2997, t1))
      .then([authorized(2997, t1)]));

  it('records an AUTHORIZED authorization at now', () =>
    given([created])
      .when(authorize(2997, t1))
      .thenState((state) => assert.deepEqual(authorizationOf(state), { orderId, amount: 2997, state: 'AUTHORIZED', authorizedAt: t1, at: t1 })));

  it('authorizes several orders', () =>
    given([created, authorized()])
      .when(authorize(1499, t2, otherOrderId))
      .then([authorized(1499, t2, otherOrderId)]));

  it('refuses an unknown account', () => given([]).when(authorize()).thenThrows(NotFound, 'account not found'));

  it('refuses a disabled account', () => given([created, disabled]).when(authorize()).thenThrows(FailedPrecondition, 'account is disabled'));

  it('authorizes again once re-enabled', () => given([created, disabled, enabled]).when(authorize()).then([authorized()]));

  it('refuses a second authorization for the order', () =>
    given([created, authorized()]).when(authorize(1000, t2)).thenThrows(Conflict, 'order already authorized'));

  it('refuses a second authorization even after a reversal (one per order)', () =>
    given([created, authorized(), reversed(2997)])
      .when(authorize())
      .thenThrows(Conflict, 'order already authorized'));

  it('reports the duplicate before the disabled account (CONFLICT before FAILED_PRECONDITION)', () =>
    given([created, authorized(), disabled]).when(authorize()).thenThrows(Conflict, 'order already authorized'));
});

describe('ReviseAuthorizeOrder', () => {
  it('revises an AUTHORIZED authorization to the new total', () =>
    given([created, authorized(2997)])
      .when(revise(1698, t2))
      .then([revised(2997, 1698, t2)]));

  it('is REVISED with the new amount; authorizedAt stays, at moves', () =>
    given([created, authorized(2997, t1)])
      .when(revise(1698, t2))
      .thenState((state) => assert.deepEqual(authorizationOf(state), { orderId, amount: 1698, state: 'REVISED', authorizedAt: t1, at: t2 })));

  it('revises a REVISED authorization from its current amount', () =>
    given([created, authorized(2997), revised(2997, 1698)])
      .when(revise(1299, t3))
      .then([revised(1698, 1299, t3)]));

  it('refuses an unknown account', () => given([]).when(revise(1698)).thenThrows(NotFound, 'account not found'));

  it('refuses an order without an authorization', () =>
    given([created, authorized(1499, t1, otherOrderId)])
      .when(revise(1698))
      .thenThrows(NotFound, 'authorization not found'));

  it('refuses a disabled account', () => given([created, authorized(), disabled]).when(revise(1698)).thenThrows(FailedPrecondition, 'account is disabled'));

  it('refuses a REVERSED authorization', () =>
    given([created, authorized(), reversed(2997)])
      .when(revise(1698))
      .thenThrows(FailedPrecondition, 'authorization state does not allow action'));

  it('reports a missing authorization before the disabled account (NOT_FOUND first)', () =>
    given([created, disabled]).when(revise(1698)).thenThrows(NotFound, 'authorization not found'));
});

describe('ReverseAuthorizeOrder', () => {
  it('reverses an AUTHORIZED authorization', () =>
    given([created, authorized(2997)])
      .when(reverse(t3))
      .then([reversed(2997, t3)]));

  it('reverses a REVISED authorization at its revised amount', () =>
    given([created, authorized(2997), revised(2997, 1698)])
      .when(reverse(t3))
      .then([reversed(1698, t3)]));

  it('is REVERSED, amount kept, at moved', () =>
    given([created, authorized(2997, t1), revised(2997, 1698, t2)])
      .when(reverse(t3))
      .thenState((state) => assert.deepEqual(authorizationOf(state), { orderId, amount: 1698, state: 'REVERSED', authorizedAt: t1, at: t3 })));

  it('reverses on a disabled account', () =>
    given([created, authorized(2997), disabled])
      .when(reverse())
      .then([reversed(2997)]));

  it('refuses a REVERSED authorization (terminal)', () =>
    given([created, authorized(), reversed(2997)])
      .when(reverse())
      .thenThrows(FailedPrecondition, 'authorization state does not allow action'));

  it('refuses an order without an authorization', () => given([created]).when(reverse()).thenThrows(NotFound, 'authorization not found'));

  it('refuses an unknown account', () => given([]).when(reverse()).thenThrows(NotFound, 'account not found'));

  it('leaves the other authorizations alone', () =>
    given([created, authorized(2997, t1), authorized(1499, t2, otherOrderId)])
      .when(reverse())
      .thenState((state) => assert.equal(findAuthorization(requireAccount(state), otherOrderId)?.state, 'AUTHORIZED')));
});

describe('authorizationsNewestFirst', () => {
  const third = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b';

  it('sorts by authorizedAt, newest first', () => {
    const account = requireAccount(fold([created, authorized(100, t2, otherOrderId), authorized(200, t3, third), authorized(300, t1)]));
    assert.deepEqual(
      authorizationsNewestFirst(account).map((a) => a.orderId),
      [third, otherOrderId, orderId],
    );
  });

  it('ignores later changes: a revision does not move an authorization', () => {
    const account = requireAccount(fold([created, authorized(300, t1), authorized(100, t2, otherOrderId), revised(300, 250, t3)]));
    assert.deepEqual(
      authorizationsNewestFirst(account).map((a) => a.orderId),
      [otherOrderId, orderId],
    );
  });

  it('puts the later of two equal times first', () => {
    const account = requireAccount(fold([created, authorized(300, t1), authorized(100, t1, otherOrderId)]));
    assert.deepEqual(
      authorizationsNewestFirst(account).map((a) => a.orderId),
      [otherOrderId, orderId],
    );
  });

  it('compares instants, not strings', () => {
    const account = requireAccount(fold([created, authorized(300, '2026-01-10T13:00:00.000+02:00'), authorized(100, t1, otherOrderId)]));
    assert.deepEqual(
      authorizationsNewestFirst(account).map((a) => a.orderId),
      [otherOrderId, orderId],
    );
  });

  it('does not reorder the state', () => {
    const account = requireAccount(fold([created, authorized(300, t1), authorized(100, t2, otherOrderId)]));
    authorizationsNewestFirst(account);
    assert.deepEqual(
      account.authorizations.map((a) => a.orderId),
      [orderId, otherOrderId],
    );
  });
});

describe('folding', () => {
  it('ignores events of a stream that was never created', () => assert.deepEqual(fold([authorized(), disabled]), { status: 'NEW' }));

  it('answers NOT_FOUND for a missing account', () => assert.throws(() => requireAccount(initialState()), new NotFound('account not found')));
});

describe('accountingReplyFor', () => {
  const replyFor = (command: AccountCommand, history: AccountEvent[]) => {
    try {
      accountDecider.decide(command, fold(history));
    } catch (error) {
      return accountingReplyFor(error);
    }
    throw new Error('expected the command to fail');
  };

  it('answers AccountDisabled for authorize and revise on a disabled account', () => {
    assert.deepEqual(replyFor(authorize(), [created, disabled]), { reply: 'AccountDisabled', reason: 'account disabled' });
    assert.deepEqual(replyFor(revise(1698), [created, authorized(), disabled]), { reply: 'AccountDisabled', reason: 'account disabled' });
  });

  it('answers AccountNotFound for an unknown account', () => {
    for (const command of [authorize(), revise(1698), reverse()]) {
      assert.deepEqual(replyFor(command, []), { reply: 'AccountNotFound', reason: 'account not found' });
    }
  });

  it('answers Failure with the message otherwise', () => {
    assert.deepEqual(replyFor(authorize(), [created, authorized()]), { reply: 'Failure', reason: 'order already authorized' });
    assert.deepEqual(replyFor(revise(1698), [created]), { reply: 'Failure', reason: 'authorization not found' });
    assert.deepEqual(replyFor(reverse(), [created]), { reply: 'Failure', reason: 'authorization not found' });
    assert.deepEqual(replyFor(reverse(), [created, authorized(), reversed(2997)]), {
      reply: 'Failure',
      reason: 'authorization state does not allow action',
    });
  });

  it('answers Failure with the text of a non-domain error', () =>
    assert.deepEqual(accountingReplyFor(new Error('connection terminated')), { reply: 'Failure', reason: 'connection terminated' }));

  it('matches code and message, not the message alone', () =>
    assert.deepEqual(accountingReplyFor(new Error('account not found')), { reply: 'Failure', reason: 'account not found' }));
});
