import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { idempotentIds } from '@ftgo/infra';
import { messagingKinds } from '@ftgo/infra/testing';
import { type Address, BadUserInput, Conflict, consumer, DomainError, type Envelope, NotFound } from '@ftgo/schema';
import type { ConsumerView } from '../src/application/index.js';
import { type Harness, startHarness } from './support/harness.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const home: Address = { street1: '123 Main St.', street2: 'Apt 4', city: 'Oakland', state: 'CA', zip: '94612' };
const work: Address = { street1: '1 Market St.', street2: null, city: 'San Francisco', state: 'CA', zip: '94105' };

/** Asserts the DomainError class, code and exact message. */
async function rejects(promise: Promise<unknown>, errorClass: new (message: string) => DomainError, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${String(error)}`);
    assert.equal((error as DomainError).code, new errorClass(message).code);
    assert.equal((error as Error).message, message);
    return true;
  });
}

let h: Harness;
before(async () => {
  h = await startHarness('local');
});
after(() => h.close());

/** What a rejected command must leave as it was: the stream, the consumer and the outbox. */
async function snapshot(consumerId: string) {
  return { events: await h.events(consumerId), view: await h.app.queries.consumer(consumerId), outbox: (await h.outbox('consumer')).length };
}

async function registered(name = 'Able Anders'): Promise<ConsumerView> {
  return h.app.commands.registerConsumer({ name });
}

describe('registerConsumer', () => {
  it('registers under a fresh UUID v4 with the trimmed name and publishes ConsumerRegistered', async () => {
    const before = (await h.outbox('consumer')).length;
    const view = await h.app.commands.registerConsumer({ name: '  Able Anders \t' });
    assert.match(view.id, UUID_V4);
    assert.deepStrictEqual(view, { id: view.id, name: 'Able Anders', addresses: [] });
    assert.deepStrictEqual(await h.app.queries.consumer(view.id), view);

    const events = await h.events(view.id);
    assert.deepStrictEqual(events, [{ version: 1, type: 'ConsumerRegistered', data: { consumerId: view.id, name: 'Able Anders' } }]);
    const published = (await h.outbox('consumer')).slice(before);
    assert.equal(published.length, 1);
    const [message] = published;
    assert.match((message.payload as { occurredAt: string }).occurredAt, ISO_MS);
    assert.deepStrictEqual(message, {
      id: message.id,
      type: consumer.ConsumerRegistered.type,
      source: 'consumer',
      subject: h.platform.config.naming.eventSubject('consumer', 'Consumer', view.id),
      aggregateType: 'Consumer',
      aggregateId: view.id,
      aggregateVersion: 1,
      payload: { consumerId: view.id, name: 'Able Anders', occurredAt: (message.payload as { occurredAt: string }).occurredAt },
      headers: {},
    });
  });

  it('gives every registration its own id; names may repeat', async () => {
    const [a, b] = await Promise.all([registered('Same Name'), registered('Same Name')]);
    assert.notEqual(a.id, b.id);
    assert.equal((await h.app.queries.consumer(a.id))?.name, 'Same Name');
    assert.equal((await h.app.queries.consumer(b.id))?.name, 'Same Name');
  });

  for (const name of ['', '   ', '\n\t']) {
    it(`refuses the blank name ${JSON.stringify(name)} and writes nothing`, async () => {
      const outbox = (await h.outbox('consumer')).length;
      await rejects(h.app.commands.registerConsumer({ name }), BadUserInput, 'cannot register a consumer without a name');
      assert.equal((await h.outbox('consumer')).length, outbox);
    });
  }
});

describe('updateConsumer', () => {
  it('renames with the trimmed name, keeping the addresses, and publishes ConsumerUpdated', async () => {
    const { id } = await registered();
    await h.app.commands.addConsumerAddress({ consumerId: id, addressId: 'Home', address: home });
    const view = await h.app.commands.updateConsumer({ id, name: ' Baker Brown ' });
    assert.deepStrictEqual(view, { id, name: 'Baker Brown', addresses: [{ id: 'Home', address: home }] });
    assert.deepStrictEqual(await h.app.queries.consumer(id), view);
    const [message] = (await h.outbox('consumer')).filter((e) => e.aggregateId === id && e.type === consumer.ConsumerUpdated.type);
    assert.equal(message.aggregateVersion, 3);
    assert.deepStrictEqual(message.payload, { consumerId: id, name: 'Baker Brown', occurredAt: (message.payload as { occurredAt: string }).occurredAt });
  });

  it('refuses a blank name (BAD_USER_INPUT) and changes nothing', async () => {
    const { id } = await registered();
    const before = await snapshot(id);
    await rejects(h.app.commands.updateConsumer({ id, name: '  ' }), BadUserInput, 'consumer name must not be blank');
    assert.deepStrictEqual(await snapshot(id), before);
  });

  it('answers NOT_FOUND for an unknown, a malformed id, and before a blank name', async () => {
    await rejects(h.app.commands.updateConsumer({ id: randomUUID(), name: 'X' }), NotFound, 'consumer not found');
    await rejects(h.app.commands.updateConsumer({ id: 'not-a-uuid', name: 'X' }), NotFound, 'consumer not found');
    await rejects(h.app.commands.updateConsumer({ id: randomUUID(), name: ' ' }), NotFound, 'consumer not found');
  });
});

describe('consumer addresses', () => {
  it('adds, updates in place and removes labelled addresses, publishing one event each', async () => {
    const { id } = await registered();
    const added = await h.app.commands.addConsumerAddress({
      consumerId: id,
      addressId: 'Home',
      address: { street1: ' 123 Main St. ', street2: ' Apt 4 ', city: 'Oakland ', state: ' CA', zip: '94612 ' },
    });
    assert.deepStrictEqual(added, { id, name: 'Able Anders', addresses: [{ id: 'Home', address: home }] });

    const two = await h.app.commands.addConsumerAddress({ consumerId: id, addressId: 'Work', address: { ...work, street2: '  ' } });
    assert.deepStrictEqual(
      two.addresses.map((a) => a.id),
      ['Home', 'Work'],
    );
    assert.deepStrictEqual(two.addresses[1].address, work);

    const updated = await h.app.commands.updateConsumerAddress({ consumerId: id, addressId: 'Home', address: work });
    assert.deepStrictEqual(updated.addresses, [
      { id: 'Home', address: work },
      { id: 'Work', address: work },
    ]);

    const removed = await h.app.commands.removeConsumerAddress({ consumerId: id, addressId: 'Home' });
    assert.deepStrictEqual(removed, { id, name: 'Able Anders', addresses: [{ id: 'Work', address: work }] });
    assert.deepStrictEqual(await h.app.queries.consumer(id), removed);

    const messages = (await h.outbox('consumer')).filter((e) => e.aggregateId === id);
    assert.deepStrictEqual(
      messages.map((e) => [e.aggregateVersion, e.type]),
      [
        [1, 'consumer.ConsumerRegistered'],
        [2, 'consumer.AddressAdded'],
        [3, 'consumer.AddressAdded'],
        [4, 'consumer.AddressUpdated'],
        [5, 'consumer.AddressRemoved'],
      ],
    );
    const payloads = messages.map(({ payload }) => {
      const { occurredAt, ...rest } = payload as { occurredAt: string };
      assert.match(occurredAt, ISO_MS);
      return rest;
    });
    assert.deepStrictEqual(payloads.slice(1), [
      { consumerId: id, addressId: 'Home', address: home },
      { consumerId: id, addressId: 'Work', address: work },
      { consumerId: id, addressId: 'Home', address: work },
      { consumerId: id, addressId: 'Home' },
    ]);
  });

  it('refuses what DOMAIN §1.2 refuses, with its code and text, and changes nothing', async () => {
    const { id } = await registered();
    await h.app.commands.addConsumerAddress({ consumerId: id, addressId: 'Home', address: home });
    const before = await snapshot(id);
    const { commands } = h.app;

    await rejects(commands.addConsumerAddress({ consumerId: id, addressId: '  ', address: work }), BadUserInput, 'address id must not be blank');
    await rejects(commands.addConsumerAddress({ consumerId: id, addressId: 'Work', address: { ...work, street1: ' ' } }), BadUserInput, 'street1 is required');
    await rejects(commands.addConsumerAddress({ consumerId: id, addressId: 'Work', address: { ...work, city: '' } }), BadUserInput, 'city is required');
    await rejects(commands.addConsumerAddress({ consumerId: id, addressId: 'Work', address: { ...work, state: null } }), BadUserInput, 'state is required');
    await rejects(commands.addConsumerAddress({ consumerId: id, addressId: 'Work', address: { ...work, zip: undefined } }), BadUserInput, 'zip is required');
    await rejects(commands.addConsumerAddress({ consumerId: id, addressId: 'Home', address: work }), Conflict, 'address with that identifier already exists');
    await rejects(commands.addConsumerAddress({ consumerId: id, addressId: 'Home', address: { ...work, zip: '' } }), BadUserInput, 'zip is required');
    await rejects(
      commands.updateConsumerAddress({ consumerId: id, addressId: 'Work', address: work }),
      NotFound,
      'an address with that identifier does not exist',
    );
    await rejects(
      commands.updateConsumerAddress({ consumerId: id, addressId: 'Work', address: { ...work, zip: '' } }),
      NotFound,
      'an address with that identifier does not exist',
    );
    await rejects(commands.updateConsumerAddress({ consumerId: id, addressId: 'Home', address: { ...work, zip: ' ' } }), BadUserInput, 'zip is required');
    await rejects(commands.removeConsumerAddress({ consumerId: id, addressId: 'home' }), NotFound, 'an address with that identifier does not exist');

    for (const consumerId of [randomUUID(), 'Home', '']) {
      await rejects(commands.addConsumerAddress({ consumerId, addressId: ' ', address: work }), NotFound, 'consumer not found');
      await rejects(commands.updateConsumerAddress({ consumerId, addressId: 'Home', address: work }), NotFound, 'consumer not found');
      await rejects(commands.removeConsumerAddress({ consumerId, addressId: 'Home' }), NotFound, 'consumer not found');
    }
    assert.deepStrictEqual(await snapshot(id), before);
  });

  it('accepts a label again once removed, at the end', async () => {
    const { id } = await registered();
    await h.app.commands.addConsumerAddress({ consumerId: id, addressId: 'Home', address: home });
    await h.app.commands.addConsumerAddress({ consumerId: id, addressId: 'Work', address: work });
    await h.app.commands.removeConsumerAddress({ consumerId: id, addressId: 'Home' });
    const view = await h.app.commands.addConsumerAddress({ consumerId: id, addressId: 'Home', address: work });
    assert.deepStrictEqual(
      view.addresses.map((a) => a.id),
      ['Work', 'Home'],
    );
  });
});

describe('consumer(id)', () => {
  it('is null for an unknown or malformed id', async () => {
    assert.equal(await h.app.queries.consumer(randomUUID()), null);
    for (const id of ['nope', '', '123', `${randomUUID()}x`]) assert.equal(await h.app.queries.consumer(id), null);
  });
});

describe('idempotency keys', () => {
  it('registers once for one key sent three times at once; every caller gets the same consumer', async () => {
    const key = randomUUID();
    const before = await h.outbox('consumer');
    const responses = await Promise.all([1, 2, 3].map(() => h.app.commands.registerConsumer({ name: 'Able Anders' }, { idempotencyKey: key })));
    assert.deepStrictEqual(responses[1], responses[0]);
    assert.deepStrictEqual(responses[2], responses[0]);
    assert.deepStrictEqual(await h.app.queries.consumer(responses[0].id), responses[0]);

    const published = (await h.outbox('consumer')).slice(before.length);
    assert.deepStrictEqual(
      published.map((e) => [e.type, e.aggregateId]),
      [[consumer.ConsumerRegistered.type, responses[0].id]],
    );
    // DESIGN, Idempotency: the message id derives from operation and key.
    assert.equal(published[0].id, idempotentIds(`registerConsumer:${key}`).next());

    // A later repeat gets the stored answer; the key with another request is CONFLICT.
    assert.deepStrictEqual(await h.app.commands.registerConsumer({ name: 'Able Anders' }, { idempotencyKey: key }), responses[0]);
    await rejects(h.app.commands.registerConsumer({ name: 'Baker' }, { idempotencyKey: key }), Conflict, 'idempotency key was used with a different request');
    assert.equal((await h.outbox('consumer')).length, before.length + 1);
  });

  it('answers a repeated update with the stored response, even after a later change', async () => {
    const { id } = await registered();
    const key = randomUUID();
    const first = await h.app.commands.updateConsumer({ id, name: 'Baker' }, { idempotencyKey: key });
    await h.app.commands.updateConsumer({ id, name: 'Carter' });
    assert.deepStrictEqual(await h.app.commands.updateConsumer({ id, name: 'Baker' }, { idempotencyKey: key }), first);
    assert.deepStrictEqual(
      (await h.events(id)).map((e) => e.type),
      ['ConsumerRegistered', 'ConsumerUpdated', 'ConsumerUpdated'],
    );
    assert.equal((await h.app.queries.consumer(id))?.name, 'Carter');
  });

  it('stores nothing for a rejected command: the key can be used once the request is valid', async () => {
    const { id } = await registered();
    const key = randomUUID();
    await rejects(
      h.app.commands.addConsumerAddress({ consumerId: id, addressId: 'Home', address: { ...home, zip: '' } }, { idempotencyKey: key }),
      BadUserInput,
      'zip is required',
    );
    await rejects(
      h.app.commands.addConsumerAddress({ consumerId: id, addressId: 'Home', address: { ...home, zip: '' } }, { idempotencyKey: key }),
      BadUserInput,
      'zip is required',
    );
    const view = await h.app.commands.addConsumerAddress({ consumerId: id, addressId: 'Home', address: home }, { idempotencyKey: randomUUID() });
    assert.deepStrictEqual(view.addresses, [{ id: 'Home', address: home }]);
  });
});

/** ValidateOrderByConsumer as the CreateOrder saga's `validateConsumer` step sends it (from the order outbox). */
function validateOrderByConsumer(consumerId: string) {
  const orderId = randomUUID();
  const sagaId = randomUUID();
  const command = h.platform
    .messages('order')
    .command(
      'consumer',
      consumer.ValidateOrderByConsumer,
      { type: 'Order', id: orderId },
      { consumerId, orderId, orderTotal: 2997 },
      { sagaId, sagaType: 'CreateOrder', sagaStep: 'validateConsumer' },
      { correlationId: orderId },
    );
  return { command, sagaId, orderId };
}

/** The reply `consumer` sends to `command`, exactly. */
function expectedReply(command: Envelope, type: string, outcome: 'SUCCESS' | 'FAILURE', payload: unknown): Envelope {
  return {
    id: idempotentIds(command.id).next(),
    type,
    source: 'consumer',
    subject: h.platform.config.naming.replies('CreateOrder'),
    aggregateType: 'Saga',
    aggregateId: command.headers.sagaId!,
    aggregateVersion: null,
    payload,
    headers: {
      correlationId: command.headers.correlationId,
      causationId: command.id,
      sagaId: command.headers.sagaId,
      sagaType: 'CreateOrder',
      sagaStep: 'validateConsumer',
      outcome,
    },
  };
}

describe('ValidateOrderByConsumer (participant)', () => {
  it('replies saga.Success for a registered consumer, and ConsumerNotFound for an unknown or malformed one', async () => {
    const { id } = await registered();
    const known = validateOrderByConsumer(id);
    const unknown = validateOrderByConsumer(randomUUID());
    const malformed = validateOrderByConsumer('not-a-uuid');
    await h.publish('order', [known.command, unknown.command, malformed.command]);

    assert.deepStrictEqual(await h.repliesTo(known.command.id), [expectedReply(known.command, 'saga.Success', 'SUCCESS', {})]);
    for (const { command } of [unknown, malformed]) {
      assert.deepStrictEqual(await h.repliesTo(command.id), [
        expectedReply(command, consumer.ConsumerNotFound.type, 'FAILURE', { reason: 'consumer not found' }),
      ]);
    }
    // Validation records nothing on the consumer.
    assert.deepStrictEqual(
      (await h.events(id)).map((e) => e.type),
      ['ConsumerRegistered'],
    );
  });

  it('handles a duplicate delivery once: one reply, nothing else', async () => {
    const { id } = await registered();
    for (const consumerId of [id, randomUUID()]) {
      const { command } = validateOrderByConsumer(consumerId);
      const delivery = { envelope: command, attempt: 1, maxAttempts: 10 };
      const outbox = (await h.outbox('consumer')).length;
      await h.handlers.commands(delivery);
      await h.handlers.commands(delivery);
      const replies = (await h.outbox('consumer')).slice(outbox);
      assert.equal(replies.length, 1);
      assert.equal(replies[0].headers.causationId, command.id);
      assert.equal(replies[0].type, consumerId === id ? 'saga.Success' : 'consumer.ConsumerNotFound');
      assert.equal(await h.inbox(command.id), 1);
    }
    assert.deepStrictEqual(
      (await h.events(id)).map((e) => e.type),
      ['ConsumerRegistered'],
    );
  });
});

for (const kind of messagingKinds()) {
  describe(`over ${kind} messaging`, () => {
    it('answers a saga command published by the orchestrator', async () => {
      const nh = await startHarness(kind);
      try {
        const { id } = await nh.app.commands.registerConsumer({ name: 'Able Anders' });
        const orderId = randomUUID();
        const sagaId = randomUUID();
        const message = (consumerId: string) =>
          nh.platform
            .messages('order')
            .command(
              'consumer',
              consumer.ValidateOrderByConsumer,
              { type: 'Order', id: orderId },
              { consumerId, orderId, orderTotal: 2997 },
              { sagaId, sagaType: 'CreateOrder', sagaStep: 'validateConsumer' },
            );
        const ok = message(id);
        const missing = message(randomUUID());
        await nh.publish('order', [ok, missing]);
        const [success] = await nh.repliesTo(ok.id);
        assert.equal(success.type, 'saga.Success');
        assert.equal(success.headers.outcome, 'SUCCESS');
        const [notFound] = await nh.repliesTo(missing.id);
        assert.equal(notFound.type, 'consumer.ConsumerNotFound');
        assert.deepStrictEqual(notFound.payload, { reason: 'consumer not found' });
      } finally {
        await nh.close();
      }
    });
  });
}
