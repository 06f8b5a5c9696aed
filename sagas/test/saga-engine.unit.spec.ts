import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consumer, type Envelope, kitchen, saga } from '@ftgo/schema';
import {
  cancelOrderSaga,
  createOrderSaga,
  defineSaga,
  local,
  onLocalResult,
  onReply,
  runLocalSteps,
  type SagaStep,
  sagaDefinitions,
  sagaReplyOf,
  send,
  start,
  type Transition,
} from '../src/index.js';
import { row, SagaScenario } from './saga-scenario.js';

const orderId = 'order-1';
const createOrderData = {
  orderId,
  consumerId: 'consumer-1',
  restaurantId: 'restaurant-1',
  lineItems: [{ menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 2 }],
  orderTotal: 2598,
  ticketId: null,
  failureReason: null,
};
const createOrder = () => SagaScenario.start(createOrderSaga, { sagaId: 'saga-1', orderId, data: createOrderData, firstOrderSequence: 1 });
const at = '2026-01-01T12:00:00.000Z';

describe('saga engine: correlation (DOMAIN §3.1: late, duplicate, foreign replies are ignored)', () => {
  it('ignores a reply for another saga, even naming the awaited step', () => {
    createOrder().ignores({ sagaId: 'saga-2', step: 'validateConsumer' }, 'other-saga');
  });

  it('ignores a duplicate reply for a step that already succeeded', () => {
    const s = createOrder().succeeds('validateConsumer');
    s.ignores({ step: 'validateConsumer' }, 'step-not-awaited');
    s.ignores(
      { step: 'validateConsumer', outcome: 'FAILURE', type: consumer.ConsumerNotFound.type, payload: { reason: 'consumer not found' } },
      'step-not-awaited',
    );
  });

  it('ignores a reply for a step not reached yet, and a compensation not awaited', () => {
    const s = createOrder();
    s.ignores({ step: 'authorizeCard' }, 'step-not-awaited');
    s.ignores({ step: 'cancelTicket' }, 'step-not-awaited');
    s.ignores({ step: 'unknownStep' }, 'step-not-awaited');
  });

  it('ignores the failed step’s late duplicate while compensating', () => {
    const s = createOrder().succeeds('validateConsumer').succeeds('createTicket', kitchen.CreateTicketReply, { ticketId: 't' });
    s.fails('authorizeCard', saga.Failure, 'order already authorized');
    s.ignores({ step: 'authorizeCard', outcome: 'FAILURE', type: saga.Failure.type, payload: { reason: 'again' } }, 'step-not-awaited');
    s.succeeds('cancelTicket');
    assert.equal(s.instance.currentStep, 'rejectOrder');
  });

  it('ignores any reply once the saga has ended (COMPLETED, COMPENSATED, FAILED)', () => {
    const completed = createOrder()
      .succeeds('validateConsumer')
      .succeeds('createTicket', kitchen.CreateTicketReply, { ticketId: 't' })
      .succeeds('authorizeCard')
      .succeeds('confirmTicket')
      .localSucceeds('approveOrder');
    completed.ignores({ step: 'confirmTicket' }, 'saga-ended');
    const compensated = createOrder().fails('validateConsumer', consumer.ConsumerNotFound, 'consumer not found').localSucceeds('rejectOrder');
    compensated.ignores({ step: 'createTicket', type: kitchen.CreateTicketReply.type, payload: { ticketId: 't' } }, 'saga-ended');
    const failed = createOrder().fails('validateConsumer', consumer.ConsumerNotFound, 'consumer not found').localFails('rejectOrder', 'boom');
    failed.ignores({ step: 'rejectOrder' }, 'saga-ended');
    assert.equal(onLocalResult(createOrderSaga, failed.instance, { step: 'rejectOrder', outcome: 'SUCCESS' }, at).ignored, true);
  });

  it('a participant reply cannot answer a local step, nor a local result a remote one', async () => {
    const s = createOrder().succeeds('validateConsumer').succeeds('createTicket', kitchen.CreateTicketReply, { ticketId: 't' });
    s.succeeds('authorizeCard').succeeds('confirmTicket');
    s.ignores({ step: 'approveOrder' }, 'step-not-awaited');
    const fresh = createOrder();
    const result = onLocalResult(createOrderSaga, fresh.instance, { step: 'validateConsumer', outcome: 'SUCCESS' }, at);
    assert.deepEqual(result.ignored && result.why, 'step-not-awaited');
  });

  it('refuses an instance of another saga type (a host bug, not a reply to ignore)', () => {
    const s = createOrder();
    assert.throws(
      () => onReply(cancelOrderSaga as never, s.instance as never, { sagaId: 'saga-1', step: 'x', outcome: 'SUCCESS', type: 't', payload: {} }, at),
      {
        message: 'saga saga-1 is CreateOrder, not CancelOrder',
      },
    );
  });
});

describe('saga engine: rules', () => {
  it('a FAILURE reason comes from `reason`, else the payload, else the reply type', () => {
    const instance = createOrder().instance;
    const reasonOf = (reply: { reason?: string | null; payload: unknown }) => {
      const result = onReply(
        createOrderSaga,
        instance,
        { sagaId: 'saga-1', step: 'validateConsumer', outcome: 'FAILURE', type: 'consumer.ConsumerNotFound', ...reply },
        at,
      );
      assert.equal(result.ignored, false);
      return (result as Transition<typeof createOrderData>).progress[0].reason;
    };
    assert.equal(reasonOf({ reason: 'consumer not found', payload: {} }), 'consumer not found');
    assert.equal(reasonOf({ payload: { reason: 'consumer not found' } }), 'consumer not found');
    assert.equal(reasonOf({ reason: null, payload: {} }), 'consumer.ConsumerNotFound');
  });

  it('never changes the instance it is given (the stored row stays valid if the transaction rolls back)', () => {
    const instance = createOrder().succeeds('validateConsumer').instance;
    const before = structuredClone(instance);
    onReply(
      createOrderSaga,
      instance,
      { sagaId: 'saga-1', step: 'createTicket', outcome: 'SUCCESS', type: kitchen.CreateTicketReply.type, payload: { ticketId: 't' } },
      at,
    );
    onReply(createOrderSaga, instance, { sagaId: 'saga-1', step: 'createTicket', outcome: 'FAILURE', type: saga.Failure.type, payload: { reason: 'r' } }, at);
    assert.deepEqual(instance, before);
  });

  it('onReply handlers apply only to their reply type, and only on SUCCESS', () => {
    const s = createOrder().succeeds('validateConsumer').succeeds('createTicket', saga.Success, {});
    assert.equal(s.instance.data.ticketId, null);
  });

  it('progress rows carry the saga identity; start continues the order’s numbering', () => {
    const t = start(createOrderSaga, { sagaId: 'saga-9', orderId, data: createOrderData, at, firstOrderSequence: 40 });
    assert.deepEqual(t.progress[0], {
      sagaId: 'saga-9',
      sagaType: 'CreateOrder',
      orderId,
      sequence: 1,
      orderSequence: 40,
      kind: 'SAGA_STARTED',
      step: null,
      participant: null,
      reason: null,
      at,
    });
    assert.deepEqual(
      { ...t.instance, data: null },
      {
        id: 'saga-9',
        type: 'CreateOrder',
        orderId,
        state: 'RUNNING',
        currentStep: 'validateConsumer',
        data: null,
        version: 1,
        startedAt: at,
        endedAt: null,
        lastSequence: 2,
        lastOrderSequence: 41,
      },
    );
    assert.throws(() => start(createOrderSaga, { sagaId: 's', orderId, data: createOrderData, at, firstOrderSequence: 0 }), /firstOrderSequence/);
  });

  it('a forward failure with nothing to compensate goes straight to SAGA_COMPENSATED', () => {
    // Not what cancelOrder does (a refused step 0 rolls the mutation back), but the rule of §3.1 applied to step 0.
    const t = start(cancelOrderSaga, {
      sagaId: 's',
      orderId,
      data: { orderId, consumerId: 'c', restaurantId: 'r', ticketId: 't', orderTotal: 1 },
      at,
      firstOrderSequence: 1,
    });
    const failed = onLocalResult(
      cancelOrderSaga,
      t.instance,
      { step: 'beginCancelOrder', outcome: 'FAILURE', reason: 'order state does not allow action' },
      at,
    );
    assert.equal(failed.ignored, false);
    const { instance, progress, action } = failed as Transition<unknown>;
    assert.deepEqual(progress.map(row), ['3 STEP_FAILED beginCancelOrder (order): order state does not allow action', '4 SAGA_COMPENSATED']);
    assert.deepEqual({ state: instance.state, action }, { state: 'COMPENSATED', action: { kind: 'none' } });
  });

  it('refuses a remote step whose command belongs to another participant', () => {
    const misrouted = defineSaga<{ id: string }>({
      type: 'CreateOrder',
      steps: [
        {
          name: 'a',
          kind: 'retriable',
          participant: 'kitchen',
          command: (d) => send(consumer.ValidateOrderByConsumer, { consumerId: d.id, orderId: d.id, orderTotal: 1 }),
        },
      ],
    });
    assert.throws(() => start(misrouted, { sagaId: 's', orderId, data: { id: 'x' }, at, firstOrderSequence: 1 }), {
      message: 'step a: consumer.ValidateOrderByConsumer is not a command of kitchen',
    });
  });
});

describe('runLocalSteps: local steps in the caller’s transaction', () => {
  it('chains local results into one transition with the first expected version', async () => {
    const s = createOrder().succeeds('validateConsumer').succeeds('createTicket', kitchen.CreateTicketReply, { ticketId: 't' }).succeeds('authorizeCard');
    const reply = onReply(
      createOrderSaga,
      s.instance,
      { sagaId: 'saga-1', step: 'confirmTicket', outcome: 'SUCCESS', type: saga.Success.type, payload: {} },
      at,
    );
    assert.equal(reply.ignored, false);
    const executed: unknown[] = [];
    const combined = await runLocalSteps(
      createOrderSaga,
      reply as Transition<typeof createOrderData>,
      async (command, step) => {
        executed.push([step, command]);
        return { outcome: 'SUCCESS' };
      },
      at,
    );
    assert.deepEqual(executed, [['approveOrder', { type: 'ApproveOrder', data: { orderId, ticketId: 't' } }]]);
    assert.deepEqual(combined.progress.map(row), [
      '9 STEP_SUCCEEDED confirmTicket (kitchen)',
      '10 STEP_STARTED approveOrder (order)',
      '11 STEP_SUCCEEDED approveOrder (order)',
      '12 SAGA_COMPLETED',
    ]);
    assert.deepEqual(
      { expectedVersion: combined.expectedVersion, version: combined.instance.version, state: combined.instance.state },
      { expectedVersion: s.instance.version, version: s.instance.version + 2, state: 'COMPLETED' },
    );
  });

  it('records a local FAILURE outcome like a FAILURE reply', async () => {
    const s = createOrder();
    const failed = onReply(
      createOrderSaga,
      s.instance,
      { sagaId: 'saga-1', step: 'validateConsumer', outcome: 'FAILURE', type: consumer.ConsumerNotFound.type, payload: { reason: 'consumer not found' } },
      at,
    ) as Transition<typeof createOrderData>;
    const combined = await runLocalSteps(createOrderSaga, failed, async () => ({ outcome: 'FAILURE', reason: 'order state does not allow action' }), at);
    assert.deepEqual(combined.progress.map(row), [
      '3 STEP_FAILED validateConsumer (consumer): consumer not found',
      '4 COMPENSATION_STARTED rejectOrder (order)',
      '5 SAGA_FAILED rejectOrder (order): order state does not allow action',
    ]);
  });

  it('leaves a transition without a local action as it is', async () => {
    const t = start(createOrderSaga, { sagaId: 's', orderId, data: createOrderData, at, firstOrderSequence: 1 });
    assert.equal(await runLocalSteps(createOrderSaga, t, async () => assert.fail('nothing to run'), at), t);
  });
});

describe('defineSaga: a definition is checked when its module loads', () => {
  const step = (name: string, kind: SagaStep<unknown>['kind'], extra: Partial<SagaStep<unknown>> = {}): SagaStep<unknown> =>
    ({ name, kind, participant: 'order', command: () => local.ConfirmCancelOrder({ orderId }), ...extra }) as SagaStep<unknown>;
  const define = (steps: SagaStep<unknown>[]) => () => defineSaga({ type: 'CancelOrder', steps });

  it('refuses duplicate step or compensation names (they correlate replies)', () => {
    assert.throws(define([step('a', 'compensatable'), step('a', 'pivot')]), { message: 'saga CancelOrder: duplicate step or compensation name a' });
    assert.throws(define([step('a', 'compensatable', { compensation: { name: 'a', command: () => local.UndoCancelOrder({ orderId }) } })]), /duplicate/);
  });

  it('refuses kinds out of order, two pivots, compensations from the pivot on, retriable steps without a command', () => {
    assert.throws(define([step('a', 'pivot'), step('b', 'compensatable')]), { message: 'saga CancelOrder: b (compensatable) follows a (pivot)' });
    assert.throws(define([step('a', 'pivot'), step('b', 'pivot')]), { message: 'saga CancelOrder: has more than one pivot' });
    assert.throws(
      define([step('a', 'pivot', { compensation: { name: 'u', command: () => local.UndoCancelOrder({ orderId }) } })]),
      /cannot have a compensation/,
    );
    assert.throws(define([step('a', 'compensatable'), step('b', 'retriable', { command: undefined })]), /needs a forward command/);
    assert.throws(define([step('a', 'compensatable', { command: undefined })]), /needs a step with a forward command/);
  });

  it('the three sagas are registered under their own type', () => {
    for (const [type, definition] of Object.entries(sagaDefinitions)) assert.equal(definition.type, type);
    assert.deepEqual(Object.keys(sagaDefinitions).sort(), [...saga.SAGA_TYPES].sort());
  });
});

describe('sagaReplyOf: a reply envelope as the engine reads it', () => {
  const envelope = (headers: Envelope['headers'], payload: unknown = { reason: 'account disabled' }): Envelope => ({
    id: 'm1',
    type: 'accounting.AccountDisabled',
    source: 'accounting',
    subject: 'ftgo.sagas.CreateOrder.replies',
    aggregateType: 'Account',
    aggregateId: 'consumer-1',
    aggregateVersion: null,
    payload,
    headers,
  });

  it('takes saga id, step and outcome from the headers and the reason from the payload', () => {
    assert.deepEqual(sagaReplyOf(envelope({ sagaId: 's', sagaType: 'CreateOrder', sagaStep: 'authorizeCard', outcome: 'FAILURE' })), {
      sagaId: 's',
      step: 'authorizeCard',
      outcome: 'FAILURE',
      type: 'accounting.AccountDisabled',
      payload: { reason: 'account disabled' },
      reason: 'account disabled',
    });
  });

  it('is null without the saga headers', () => {
    assert.equal(sagaReplyOf(envelope({ sagaStep: 'authorizeCard', outcome: 'FAILURE' })), null);
    assert.equal(sagaReplyOf(envelope({ sagaId: 's', outcome: 'FAILURE' })), null);
    assert.equal(sagaReplyOf(envelope({ sagaId: 's', sagaStep: 'authorizeCard' })), null);
  });
});
