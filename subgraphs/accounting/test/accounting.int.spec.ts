import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Delivery, fastRetryPolicy, idempotentIds } from '@ftgo/infra';
import { eventually, messagingKinds } from '@ftgo/infra/testing';
import { accounting, type CommandType, Conflict, consumer, type DomainError, type Envelope, FailedPrecondition, NotFound, Transient } from '@ftgo/schema';
import type { AccountView } from '../src/application/index.js';
import { type Harness, startHarness } from './support/harness.js';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Asserts the DomainError class, code and exact message. */
async function rejects(promise: Promise<unknown>, errorClass: new (message: string) => DomainError, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${String(error)}`);
    assert.equal((error as DomainError).code, new errorClass(message).code);
    assert.equal((error as Error).message, message);
    return true;
  });
}

/** The n-th id (0-based) a handler derives from the message it handles. */
const derivedId = (messageId: string, n: number): string => {
  const ids = idempotentIds(messageId);
  for (let i = 0; i < n; i++) ids.next();
  return ids.next();
};

const withoutOccurredAt = (payload: unknown) => {
  const { occurredAt, ...rest } = payload as { occurredAt: string };
  assert.match(occurredAt, ISO_MS);
  return rest;
};

let h: Harness;
before(async () => {
  // Three quick deliveries, so the transient "account in flight" path ends within the test.
  h = await startHarness('local', { retry: fastRetryPolicy(3, 50) });
});
after(() => h.close());

/** What a rejected command must leave as it was: the stream, the account and the outbox. */
async function snapshot(accountId: string) {
  return { events: await h.events(accountId), view: await h.app.queries.account(accountId), outbox: (await h.outbox('accounting')).length };
}

type SagaCommand = typeof accounting.AuthorizeOrder;
const STEPS = new Map<SagaCommand, { sagaType: string; sagaStep: string }>([
  [accounting.AuthorizeOrder, { sagaType: 'CreateOrder', sagaStep: 'authorizeCard' }],
  [accounting.ReviseAuthorizeOrder, { sagaType: 'ReviseOrder', sagaStep: 'reviseAuthorization' }],
  [accounting.ReverseAuthorizeOrder, { sagaType: 'CancelOrder', sagaStep: 'reverseAuthorization' }],
]);

/** An accounting saga command as the orchestrator sends it (order outbox, saga headers). */
function sagaCommand(type: CommandType<accounting.AuthorizationCommand>, consumerId: string, orderId: string, orderTotal: number, from = h): Envelope {
  return from.platform
    .messages('order')
    .command(
      'accounting',
      type,
      { type: 'Order', id: orderId },
      { consumerId, orderId, orderTotal },
      { sagaId: randomUUID(), ...STEPS.get(type)! },
      { correlationId: orderId },
    );
}

/** Sends `command` through messaging and returns accounting's one reply. */
async function send(command: Envelope): Promise<Envelope> {
  await h.publish('order', [command]);
  const replies = await h.repliesTo(command.id);
  assert.equal(replies.length, 1);
  return replies[0];
}

/** The reply accounting sends to `command`, exactly; `n` = how many messages the handler produced before it. */
function expectedReply(command: Envelope, type: string, outcome: 'SUCCESS' | 'FAILURE', payload: unknown, n: number): Envelope {
  const { sagaId, sagaType, sagaStep, correlationId } = command.headers;
  return {
    id: derivedId(command.id, n),
    type,
    source: 'accounting',
    subject: h.platform.config.naming.replies(sagaType!),
    aggregateType: 'Saga',
    aggregateId: sagaId!,
    aggregateVersion: null,
    payload,
    headers: { correlationId, causationId: command.id, sagaId, sagaType, sagaStep, outcome },
  };
}

const success = (command: Envelope) => expectedReply(command, 'saga.Success', 'SUCCESS', {}, 1);
const failed = (command: Envelope, type: string, reason: string) => expectedReply(command, type, 'FAILURE', { reason }, 0);

describe('account from ConsumerRegistered', () => {
  it('creates an enabled account with the consumer id and publishes AccountCreated', async () => {
    const registered = h.consumerRegistered('Able Anders');
    const { consumerId } = registered.payload as { consumerId: string };
    assert.equal(await h.app.queries.account(consumerId), null);
    await h.publish('consumer', [registered]);

    const view = await eventually(() => h.app.queries.account(consumerId));
    assert.deepStrictEqual(view, { id: consumerId, enabled: true, authorizations: [] });
    assert.deepStrictEqual(await h.events(consumerId), [{ version: 1, type: 'AccountCreated', data: { accountId: consumerId, name: 'Able Anders' } }]);
    const [message] = (await h.outbox('accounting')).filter((e) => e.aggregateId === consumerId);
    assert.deepStrictEqual(message, {
      id: derivedId(registered.id, 0),
      type: accounting.AccountCreated.type,
      source: 'accounting',
      subject: h.platform.config.naming.eventSubject('accounting', 'Account', consumerId),
      aggregateType: 'Account',
      aggregateId: consumerId,
      aggregateVersion: 1,
      payload: { accountId: consumerId, name: 'Able Anders', occurredAt: (message.payload as { occurredAt: string }).occurredAt },
      headers: { correlationId: registered.id, causationId: registered.id },
    });
  });

  it('ignores the other consumer events, and a ConsumerRegistered for an existing account', async () => {
    const consumerId = await h.account();
    const before = await snapshot(consumerId);
    const events = h.platform.messages('consumer');
    const at = new Date().toISOString();
    const later = [
      events.event(consumer.ConsumerUpdated, { id: consumerId, version: 2 }, { consumerId, name: 'Baker', occurredAt: at }),
      events.event(consumer.AddressRemoved, { id: consumerId, version: 3 }, { consumerId, addressId: 'Home', occurredAt: at }),
      h.consumerRegistered('Someone Else', consumerId), // same account, another message: CONFLICT swallowed
    ];
    await h.publish('consumer', later);
    await eventually(async () => {
      for (const message of later) if ((await h.inbox(message.id)) !== 1) return false;
      return true;
    });
    assert.deepStrictEqual(await snapshot(consumerId), before);
  });

  it('handles a duplicate delivery once', async () => {
    const registered = h.consumerRegistered();
    const { consumerId } = registered.payload as { consumerId: string };
    const delivery: Delivery = { envelope: registered, attempt: 1, maxAttempts: 10 };
    await h.handlers.consumerEvents(delivery);
    await h.handlers.consumerEvents(delivery);
    assert.deepStrictEqual(
      (await h.events(consumerId)).map((e) => e.type),
      ['AccountCreated'],
    );
    assert.equal((await h.outbox('accounting')).filter((e) => e.aggregateId === consumerId).length, 1);
    assert.equal(await h.inbox(registered.id), 1);
  });
});

describe('disableAccount and enableAccount', () => {
  it('disable then enable, each publishing its event', async () => {
    const id = await h.account();
    assert.deepStrictEqual(await h.app.commands.disableAccount(id), { id, enabled: false, authorizations: [] });
    assert.deepStrictEqual(await h.app.queries.account(id), { id, enabled: false, authorizations: [] });
    assert.deepStrictEqual(await h.app.commands.enableAccount(id), { id, enabled: true, authorizations: [] });
    const messages = (await h.outbox('accounting')).filter((e) => e.aggregateId === id);
    assert.deepStrictEqual(
      messages.map((e) => [e.aggregateVersion, e.type, withoutOccurredAt(e.payload)]),
      [
        [1, 'accounting.AccountCreated', { accountId: id, name: 'Able Anders' }],
        [2, 'accounting.AccountDisabled', { accountId: id }],
        [3, 'accounting.AccountEnabled', { accountId: id }],
      ],
    );
  });

  it('refuses what DOMAIN §1.3 refuses, with its code and text, and changes nothing', async () => {
    const id = await h.account();
    let before = await snapshot(id);
    await rejects(h.app.commands.enableAccount(id), FailedPrecondition, 'account is enabled');
    assert.deepStrictEqual(await snapshot(id), before);
    await h.app.commands.disableAccount(id);
    before = await snapshot(id);
    await rejects(h.app.commands.disableAccount(id), FailedPrecondition, 'account is disabled');
    assert.deepStrictEqual(await snapshot(id), before);
    for (const unknown of [randomUUID(), 'not-a-uuid', '']) {
      await rejects(h.app.commands.disableAccount(unknown), NotFound, 'account not found');
      await rejects(h.app.commands.enableAccount(unknown), NotFound, 'account not found');
    }
  });

  it('answers a repeated key with the stored response, once, and refuses the key for another request', async () => {
    const id = await h.account();
    const key = randomUUID();
    const responses = await Promise.all([1, 2, 3].map(() => h.app.commands.disableAccount(id, { idempotencyKey: key })));
    assert.deepStrictEqual(
      responses,
      [1, 2, 3].map(() => ({ id, enabled: false, authorizations: [] })),
    );
    await h.app.commands.enableAccount(id);
    assert.deepStrictEqual(await h.app.commands.disableAccount(id, { idempotencyKey: key }), responses[0]);
    assert.deepStrictEqual(
      (await h.events(id)).map((e) => e.type),
      ['AccountCreated', 'AccountDisabled', 'AccountEnabled'],
    );
    const disabled = (await h.outbox('accounting')).filter((e) => e.aggregateId === id && e.type === accounting.AccountDisabled.type);
    assert.equal(disabled[0].id, idempotentIds(`disableAccount:${key}`).next());
    await rejects(h.app.commands.disableAccount(await h.account(), { idempotencyKey: key }), Conflict, 'idempotency key was used with a different request');
  });
});

describe('account(id)', () => {
  it('is null for an unknown or malformed id', async () => {
    assert.equal(await h.app.queries.account(randomUUID()), null);
    for (const id of ['nope', '', `${randomUUID()}x`]) assert.equal(await h.app.queries.account(id), null);
  });
});

describe('AuthorizeOrder, ReviseAuthorizeOrder, ReverseAuthorizeOrder on an enabled account', () => {
  it('authorizes, revises and reverses, replying saga.Success and publishing each event', async () => {
    const id = await h.account();
    const orderId = randomUUID();

    const authorize = sagaCommand(accounting.AuthorizeOrder, id, orderId, 2997);
    assert.deepStrictEqual(await send(authorize), success(authorize));
    let view = (await h.app.queries.account(id)) as AccountView;
    assert.match(view.authorizations[0].at, ISO_MS);
    assert.deepStrictEqual(view, { id, enabled: true, authorizations: [{ orderId, amount: 2997, state: 'AUTHORIZED', at: view.authorizations[0].at }] });

    const revise = sagaCommand(accounting.ReviseAuthorizeOrder, id, orderId, 1698);
    assert.deepStrictEqual(await send(revise), success(revise));
    view = (await h.app.queries.account(id)) as AccountView;
    assert.deepStrictEqual(view.authorizations, [{ orderId, amount: 1698, state: 'REVISED', at: view.authorizations[0].at }]);

    const reverse = sagaCommand(accounting.ReverseAuthorizeOrder, id, orderId, 1698);
    assert.deepStrictEqual(await send(reverse), success(reverse));
    view = (await h.app.queries.account(id)) as AccountView;
    assert.deepStrictEqual(view.authorizations, [{ orderId, amount: 1698, state: 'REVERSED', at: view.authorizations[0].at }]);

    const messages = (await h.outbox('accounting')).filter((e) => e.aggregateId === id && e.aggregateType === 'Account');
    assert.deepStrictEqual(
      messages.slice(1).map((e) => [e.aggregateVersion, e.type, withoutOccurredAt(e.payload), e.headers.causationId]),
      [
        [2, 'accounting.OrderAuthorized', { accountId: id, orderId, amount: 2997 }, authorize.id],
        [3, 'accounting.AuthorizationRevised', { accountId: id, orderId, previousAmount: 2997, amount: 1698 }, revise.id],
        [4, 'accounting.AuthorizationReversed', { accountId: id, orderId, amount: 1698 }, reverse.id],
      ],
    );
  });

  it('lists authorizations newest first', async () => {
    const id = await h.account();
    const [first, second] = [randomUUID(), randomUUID()];
    await send(sagaCommand(accounting.AuthorizeOrder, id, first, 100));
    await send(sagaCommand(accounting.AuthorizeOrder, id, second, 200));
    await send(sagaCommand(accounting.ReviseAuthorizeOrder, id, first, 150)); // a revision does not move it
    const view = (await h.app.queries.account(id)) as AccountView;
    assert.deepStrictEqual(
      view.authorizations.map((a) => [a.orderId, a.amount, a.state]),
      [
        [second, 200, 'AUTHORIZED'],
        [first, 150, 'REVISED'],
      ],
    );
  });

  it('replies saga.Failure with the rule broken, and changes nothing', async () => {
    const id = await h.account();
    const orderId = randomUUID();
    await send(sagaCommand(accounting.AuthorizeOrder, id, orderId, 2997));
    let before = await snapshot(id);
    const cases: [Envelope, string][] = [
      [sagaCommand(accounting.AuthorizeOrder, id, orderId, 2997), 'order already authorized'],
      [sagaCommand(accounting.ReviseAuthorizeOrder, id, randomUUID(), 1000), 'authorization not found'],
      [sagaCommand(accounting.ReverseAuthorizeOrder, id, randomUUID(), 1000), 'authorization not found'],
    ];
    for (const [command, reason] of cases) assert.deepStrictEqual(await send(command), failed(command, 'saga.Failure', reason));
    assert.deepStrictEqual(await snapshot(id), { ...before, outbox: before.outbox + cases.length });

    await send(sagaCommand(accounting.ReverseAuthorizeOrder, id, orderId, 2997));
    before = await snapshot(id);
    const terminal = [sagaCommand(accounting.ReviseAuthorizeOrder, id, orderId, 1000), sagaCommand(accounting.ReverseAuthorizeOrder, id, orderId, 2997)];
    for (const command of terminal) {
      assert.deepStrictEqual(await send(command), failed(command, 'saga.Failure', 'authorization state does not allow action'));
    }
    assert.deepStrictEqual(await snapshot(id), { ...before, outbox: before.outbox + terminal.length });
  });
});

describe('on a disabled account', () => {
  it('refuses Authorize and Revise with AccountDisabled `account disabled`, and still reverses', async () => {
    const id = await h.account();
    const authorized = randomUUID();
    await send(sagaCommand(accounting.AuthorizeOrder, id, authorized, 2997));
    await h.app.commands.disableAccount(id);
    const before = await snapshot(id);

    const authorize = sagaCommand(accounting.AuthorizeOrder, id, randomUUID(), 2997);
    assert.deepStrictEqual(await send(authorize), failed(authorize, accounting.AccountDisabledReply.type, 'account disabled'));
    const revise = sagaCommand(accounting.ReviseAuthorizeOrder, id, authorized, 1698);
    assert.deepStrictEqual(await send(revise), failed(revise, accounting.AccountDisabledReply.type, 'account disabled'));
    assert.equal(accounting.AccountDisabledReply.type, 'accounting.AccountDisabled');
    assert.deepStrictEqual(await snapshot(id), { ...before, outbox: before.outbox + 2 });

    const reverse = sagaCommand(accounting.ReverseAuthorizeOrder, id, authorized, 2997);
    assert.deepStrictEqual(await send(reverse), success(reverse));
    const view = (await h.app.queries.account(id)) as AccountView;
    assert.deepStrictEqual(view, {
      id,
      enabled: false,
      authorizations: [{ orderId: authorized, amount: 2997, state: 'REVERSED', at: view.authorizations[0].at }],
    });
  });
});

describe('on an unknown account', () => {
  it('replies AccountNotFound to Revise and Reverse at once', async () => {
    for (const type of [accounting.ReviseAuthorizeOrder, accounting.ReverseAuthorizeOrder]) {
      const command = sagaCommand(type, randomUUID(), randomUUID(), 1000);
      await h.handlers.commands({ envelope: command, attempt: 1, maxAttempts: 10 });
      assert.deepStrictEqual(await h.repliesTo(command.id), [failed(command, accounting.AccountNotFound.type, 'account not found')]);
    }
  });

  it('treats Authorize as transient until the last attempt, since the account may be in flight', async () => {
    const registered = h.consumerRegistered();
    const { consumerId } = registered.payload as { consumerId: string };
    const command = sagaCommand(accounting.AuthorizeOrder, consumerId, randomUUID(), 2997);
    const outbox = (await h.outbox('accounting')).length;

    await assert.rejects(h.handlers.commands({ envelope: command, attempt: 1, maxAttempts: 10 }), Transient);
    assert.equal((await h.outbox('accounting')).length, outbox, 'no reply yet');
    assert.equal(await h.inbox(command.id), 0, 'not claimed: it comes back');

    // The account arrives; the redelivery authorizes.
    await h.publish('consumer', [registered]);
    await eventually(() => h.app.queries.account(consumerId));
    await h.handlers.commands({ envelope: command, attempt: 2, maxAttempts: 10 });
    assert.deepStrictEqual(await h.repliesTo(command.id), [success(command)]);
  });

  it('replies AccountNotFound to Authorize on the last attempt', async () => {
    const command = sagaCommand(accounting.AuthorizeOrder, randomUUID(), randomUUID(), 2997);
    await h.handlers.commands({ envelope: command, attempt: 10, maxAttempts: 10 });
    assert.deepStrictEqual(await h.repliesTo(command.id), [failed(command, accounting.AccountNotFound.type, 'account not found')]);
  });

  it('replies AccountNotFound to Authorize through messaging once the deliveries run out', async () => {
    const consumerId = randomUUID();
    const command = sagaCommand(accounting.AuthorizeOrder, consumerId, randomUUID(), 2997);
    assert.deepStrictEqual(await send(command), failed(command, accounting.AccountNotFound.type, 'account not found'));
    assert.deepStrictEqual(await h.events(consumerId), []);
  });

  it('replies AccountNotFound at once for a malformed consumer id (it can never arrive)', async () => {
    for (const type of [accounting.AuthorizeOrder, accounting.ReviseAuthorizeOrder, accounting.ReverseAuthorizeOrder]) {
      const command = sagaCommand(type, 'not-a-uuid', randomUUID(), 1000);
      await h.handlers.commands({ envelope: command, attempt: 1, maxAttempts: 10 });
      assert.deepStrictEqual(await h.repliesTo(command.id), [failed(command, accounting.AccountNotFound.type, 'account not found')]);
    }
  });
});

describe('duplicate delivery of a saga command', () => {
  it('changes nothing the second time and sends one reply', async () => {
    const id = await h.account();
    const orderId = randomUUID();
    const commands = [
      sagaCommand(accounting.AuthorizeOrder, id, orderId, 2997),
      sagaCommand(accounting.ReviseAuthorizeOrder, id, orderId, 1698),
      sagaCommand(accounting.ReverseAuthorizeOrder, id, orderId, 1698),
      sagaCommand(accounting.ReverseAuthorizeOrder, id, orderId, 1698), // a rejection is answered once too
    ];
    for (const command of commands) {
      const delivery: Delivery = { envelope: command, attempt: 1, maxAttempts: 10 };
      await h.handlers.commands(delivery);
      const after = await snapshot(id);
      await h.handlers.commands(delivery);
      assert.deepStrictEqual(await snapshot(id), after);
      assert.equal((await h.repliesTo(command.id)).length, 1);
      assert.equal(await h.inbox(command.id), 1);
    }
    assert.deepStrictEqual(
      (await h.events(id)).map((e) => e.type),
      ['AccountCreated', 'OrderAuthorized', 'AuthorizationRevised', 'AuthorizationReversed'],
    );
    assert.deepStrictEqual(
      (await h.outbox('accounting')).filter((e) => e.aggregateType === 'Saga' && commands.some((c) => c.id === e.headers.causationId)).map((e) => e.type),
      ['saga.Success', 'saga.Success', 'saga.Success', 'saga.Failure'],
    );
  });
});

for (const kind of messagingKinds()) {
  describe(`over ${kind} messaging`, () => {
    it('creates the account from ConsumerRegistered, then authorizes an order', async () => {
      const nh = await startHarness(kind);
      try {
        const id = await nh.account('Able Anders');
        assert.deepStrictEqual(await nh.app.queries.account(id), { id, enabled: true, authorizations: [] });
        const command = sagaCommand(accounting.AuthorizeOrder, id, randomUUID(), 2997, nh);
        await nh.publish('order', [command]);
        const [reply] = await nh.repliesTo(command.id);
        assert.equal(reply.type, 'saga.Success');
        assert.equal(reply.headers.outcome, 'SUCCESS');
        assert.equal((await nh.app.queries.account(id))?.authorizations[0].state, 'AUTHORIZED');
      } finally {
        await nh.close();
      }
    });
  });
}
