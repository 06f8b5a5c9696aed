import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accounting, consumer, kitchen, saga } from '@ftgo/schema';
import { type CreateOrderData, createOrderSaga } from '../src/index.js';
import { SagaScenario } from './saga-scenario.js';

// DOMAIN §6 demo data: two Chicken Vindaloo and a Garlic Naan at Ajanta.
const orderId = 'order-1';
const ticketId = 'ticket-1';
const data: CreateOrderData = {
  orderId,
  consumerId: 'consumer-1',
  restaurantId: 'restaurant-1',
  lineItems: [
    { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 2 },
    { menuItemId: 'item3', name: 'Garlic Naan', price: 399, quantity: 1 },
  ],
  orderTotal: 2997,
  ticketId: null,
  failureReason: null,
};

const started = () => SagaScenario.start(createOrderSaga, { sagaId: 'saga-1', orderId, data, firstOrderSequence: 1 });
const validated = () => started().succeeds('validateConsumer');
const ticketCreated = () => validated().succeeds('createTicket', kitchen.CreateTicketReply, { ticketId });
const authorized = () => ticketCreated().succeeds('authorizeCard');
const confirmed = () => authorized().succeeds('confirmTicket');

// DOMAIN §3.5, rows 1–11 of the happy path.
const HAPPY = [
  '1 SAGA_STARTED',
  '2 STEP_STARTED validateConsumer (consumer)',
  '3 STEP_SUCCEEDED validateConsumer (consumer)',
  '4 STEP_STARTED createTicket (kitchen)',
  '5 STEP_SUCCEEDED createTicket (kitchen)',
  '6 STEP_STARTED authorizeCard (accounting)',
  '7 STEP_SUCCEEDED authorizeCard (accounting)',
  '8 STEP_STARTED confirmTicket (kitchen)',
  '9 STEP_SUCCEEDED confirmTicket (kitchen)',
  '10 STEP_STARTED approveOrder (order)',
  '11 STEP_SUCCEEDED approveOrder (order)',
];

describe('CreateOrder saga (DOMAIN §3.2)', () => {
  it('starts with SAGA_STARTED and sends ValidateOrderByConsumer: step 0 has nothing to run', () => {
    const s = started();
    assert.deepEqual(s.rows, HAPPY.slice(0, 2));
    assert.deepEqual(s.action, {
      kind: 'send',
      step: 'validateConsumer',
      participant: 'consumer',
      command: { message: consumer.ValidateOrderByConsumer, payload: { consumerId: 'consumer-1', orderId, orderTotal: 2997 } },
    });
    assert.deepEqual(
      { state: s.instance.state, currentStep: s.instance.currentStep, version: s.instance.version, endedAt: s.instance.endedAt },
      { state: 'RUNNING', currentStep: 'validateConsumer', version: 1, endedAt: null },
    );
  });

  it('happy path: 12 rows, the order approved with the ticket from CreateTicketReply, COMPLETED', () => {
    const s = confirmed().localSucceeds('approveOrder');
    assert.deepEqual(s.rows, [...HAPPY, '12 SAGA_COMPLETED']);
    assert.deepEqual(
      s.actions.map((a) => (a.kind === 'send' ? [a.step, a.command.message.type, a.command.payload] : a.kind === 'local' ? [a.step, a.command] : a.kind)),
      [
        ['validateConsumer', 'consumer.ValidateOrderByConsumer', { consumerId: 'consumer-1', orderId, orderTotal: 2997 }],
        [
          'createTicket',
          'kitchen.CreateTicket',
          {
            orderId,
            restaurantId: 'restaurant-1',
            lineItems: [
              { menuItemId: 'item1', name: 'Chicken Vindaloo', quantity: 2 },
              { menuItemId: 'item3', name: 'Garlic Naan', quantity: 1 },
            ],
          },
        ],
        ['authorizeCard', 'accounting.AuthorizeOrder', { consumerId: 'consumer-1', orderId, orderTotal: 2997 }],
        ['confirmTicket', 'kitchen.ConfirmCreateTicket', { ticketId }],
        ['approveOrder', { type: 'ApproveOrder', data: { orderId, ticketId } }],
        'none',
      ],
    );
    assert.deepEqual(
      { state: s.instance.state, currentStep: s.instance.currentStep, version: s.instance.version, ticketId: s.instance.data.ticketId },
      { state: 'COMPLETED', currentStep: null, version: 6, ticketId },
    );
    assert.equal(s.instance.data.failureReason, null);
  });

  it('unknown consumer: rejectOrder(`consumer not found`) and COMPENSATED in 6 rows', () => {
    const s = started().fails('validateConsumer', consumer.ConsumerNotFound, 'consumer not found');
    assert.deepEqual(s.action, { kind: 'local', step: 'rejectOrder', command: { type: 'RejectOrder', data: { orderId, reason: 'consumer not found' } } });
    assert.equal(s.instance.state, 'COMPENSATING');
    s.localSucceeds('rejectOrder');
    assert.deepEqual(s.rows, [
      '1 SAGA_STARTED',
      '2 STEP_STARTED validateConsumer (consumer)',
      '3 STEP_FAILED validateConsumer (consumer): consumer not found',
      '4 COMPENSATION_STARTED rejectOrder (order)',
      '5 COMPENSATION_SUCCEEDED rejectOrder (order)',
      '6 SAGA_COMPENSATED',
    ]);
    assert.deepEqual(
      { state: s.instance.state, failureReason: s.instance.data.failureReason, action: s.action },
      { state: 'COMPENSATED', failureReason: 'consumer not found', action: { kind: 'none' } },
    );
  });

  it('createTicket fails: the failed step has nothing to undo, so only rejectOrder runs', () => {
    const s = validated().fails('createTicket', saga.Failure, 'restaurant not found');
    assert.deepEqual(s.action, { kind: 'local', step: 'rejectOrder', command: { type: 'RejectOrder', data: { orderId, reason: 'restaurant not found' } } });
    s.localSucceeds('rejectOrder');
    assert.deepEqual(s.rows, [
      ...HAPPY.slice(0, 4),
      '5 STEP_FAILED createTicket (kitchen): restaurant not found',
      '6 COMPENSATION_STARTED rejectOrder (order)',
      '7 COMPENSATION_SUCCEEDED rejectOrder (order)',
      '8 SAGA_COMPENSATED',
    ]);
    assert.equal(s.instance.state, 'COMPENSATED');
  });

  for (const [reply, reason] of [
    [accounting.AccountDisabledReply, 'account disabled'],
    [accounting.AccountNotFound, 'account not found'],
    [saga.Failure, 'order already authorized'],
  ] as const) {
    it(`authorizeCard fails with ${reply.type}: cancelTicket, then rejectOrder(\`${reason}\`), COMPENSATED in 12 rows`, () => {
      const s = ticketCreated().fails('authorizeCard', reply, reason);
      assert.deepEqual(s.action, {
        kind: 'send',
        step: 'cancelTicket',
        participant: 'kitchen',
        command: { message: kitchen.CancelCreateTicket, payload: { ticketId } },
      });
      s.succeeds('cancelTicket');
      assert.deepEqual(s.action, { kind: 'local', step: 'rejectOrder', command: { type: 'RejectOrder', data: { orderId, reason } } });
      s.localSucceeds('rejectOrder');
      assert.deepEqual(s.rows, [
        ...HAPPY.slice(0, 6),
        `7 STEP_FAILED authorizeCard (accounting): ${reason}`,
        '8 COMPENSATION_STARTED cancelTicket (kitchen)',
        '9 COMPENSATION_SUCCEEDED cancelTicket (kitchen)',
        '10 COMPENSATION_STARTED rejectOrder (order)',
        '11 COMPENSATION_SUCCEEDED rejectOrder (order)',
        '12 SAGA_COMPENSATED',
      ]);
      assert.deepEqual(
        { state: s.instance.state, currentStep: s.instance.currentStep, failureReason: s.instance.data.failureReason },
        { state: 'COMPENSATED', currentStep: null, failureReason: reason },
      );
    });
  }

  it('confirmTicket fails: past the pivot, STEP_FAILED then SAGA_FAILED, nothing undone', () => {
    const s = authorized().fails('confirmTicket', saga.Failure, 'ticket not found');
    assert.deepEqual(s.rows, [
      ...HAPPY.slice(0, 8),
      '9 STEP_FAILED confirmTicket (kitchen): ticket not found',
      '10 SAGA_FAILED confirmTicket (kitchen): ticket not found',
    ]);
    assert.deepEqual({ state: s.instance.state, action: s.action }, { state: 'FAILED', action: { kind: 'none' } });
  });

  it('approveOrder fails locally: STEP_FAILED then SAGA_FAILED', () => {
    const s = confirmed().localFails('approveOrder', 'order state does not allow action');
    assert.deepEqual(s.rows, [
      ...HAPPY.slice(0, 10),
      '11 STEP_FAILED approveOrder (order): order state does not allow action',
      '12 SAGA_FAILED approveOrder (order): order state does not allow action',
    ]);
    assert.equal(s.instance.state, 'FAILED');
  });

  it('cancelTicket fails: SAGA_FAILED on the compensation, rejectOrder never runs', () => {
    const s = ticketCreated()
      .fails('authorizeCard', accounting.AccountDisabledReply, 'account disabled')
      .fails('cancelTicket', saga.Failure, 'ticket not found');
    assert.deepEqual(s.rows.slice(6), [
      '7 STEP_FAILED authorizeCard (accounting): account disabled',
      '8 COMPENSATION_STARTED cancelTicket (kitchen)',
      '9 SAGA_FAILED cancelTicket (kitchen): ticket not found',
    ]);
    assert.deepEqual({ state: s.instance.state, action: s.action }, { state: 'FAILED', action: { kind: 'none' } });
  });

  it('rejectOrder fails after an unknown consumer: SAGA_FAILED rejectOrder', () => {
    const s = started()
      .fails('validateConsumer', consumer.ConsumerNotFound, 'consumer not found')
      .localFails('rejectOrder', 'order state does not allow action');
    assert.deepEqual(s.rows.slice(2), [
      '3 STEP_FAILED validateConsumer (consumer): consumer not found',
      '4 COMPENSATION_STARTED rejectOrder (order)',
      '5 SAGA_FAILED rejectOrder (order): order state does not allow action',
    ]);
    assert.equal(s.instance.state, 'FAILED');
  });

  it('rejectOrder fails after cancelTicket succeeded: SAGA_FAILED rejectOrder at row 11', () => {
    const s = ticketCreated()
      .fails('authorizeCard', accounting.AccountNotFound, 'account not found')
      .succeeds('cancelTicket')
      .localFails('rejectOrder', 'order state does not allow action');
    assert.deepEqual(s.rows.slice(9), ['10 COMPENSATION_STARTED rejectOrder (order)', '11 SAGA_FAILED rejectOrder (order): order state does not allow action']);
    assert.deepEqual({ state: s.instance.state, endedAt: s.instance.endedAt !== null }, { state: 'FAILED', endedAt: true });
  });
});
