import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accounting, FailedPrecondition, kitchen, saga } from '@ftgo/schema';
import { type CancelOrderData, cancelOrderSaga, type LocalOrderCommand, runLocalSteps, start } from '../src/index.js';
import { SagaScenario } from './saga-scenario.js';

const orderId = 'order-1';
const ticketId = 'ticket-1';
const data: CancelOrderData = { orderId, consumerId: 'consumer-1', restaurantId: 'restaurant-1', ticketId, orderTotal: 2997 };
// The order's CreateOrder saga wrote orderSequence 1–12; this saga continues at 13.
const input = { sagaId: 'saga-2', orderId, data, firstOrderSequence: 13 };

const started = () => SagaScenario.startByMutation(cancelOrderSaga, input);
const ticketCancelling = async () => (await started()).succeeds('beginCancelTicket');
const reversed = async () => (await ticketCancelling()).succeeds('reverseAuthorization');

const HAPPY = [
  '1 SAGA_STARTED',
  '2 STEP_STARTED beginCancelOrder (order)',
  '3 STEP_SUCCEEDED beginCancelOrder (order)',
  '4 STEP_STARTED beginCancelTicket (kitchen)',
  '5 STEP_SUCCEEDED beginCancelTicket (kitchen)',
  '6 STEP_STARTED reverseAuthorization (accounting)',
  '7 STEP_SUCCEEDED reverseAuthorization (accounting)',
  '8 STEP_STARTED confirmCancelTicket (kitchen)',
  '9 STEP_SUCCEEDED confirmCancelTicket (kitchen)',
  '10 STEP_STARTED confirmCancelOrder (order)',
  '11 STEP_SUCCEEDED confirmCancelOrder (order)',
];

describe('CancelOrder saga (DOMAIN §3.3)', () => {
  it('the cancelOrder mutation records step 0 as rows 2–3 and commits them with BeginCancelTicket', async () => {
    const executed: LocalOrderCommand[] = [];
    const s = await SagaScenario.startByMutation(cancelOrderSaga, input, async (command) => {
      executed.push(command);
      return { outcome: 'SUCCESS' };
    });
    assert.deepEqual(executed, [{ type: 'BeginCancelOrder', data: { orderId } }]);
    assert.deepEqual(s.rows, HAPPY.slice(0, 4));
    assert.deepEqual(
      s.progress.map((p) => p.orderSequence),
      [13, 14, 15, 16],
    );
    assert.deepEqual(s.action, {
      kind: 'send',
      step: 'beginCancelTicket',
      participant: 'kitchen',
      command: { message: kitchen.BeginCancelTicket, payload: { ticketId, restaurantId: 'restaurant-1' } },
    });
    assert.deepEqual({ state: s.instance.state, version: s.instance.version }, { state: 'RUNNING', version: 2 });
  });

  it('a refused BeginCancelOrder aborts the mutation: no saga to insert (FAILED_PRECONDITION)', async () => {
    const at = '2026-01-01T12:00:00.000Z';
    await assert.rejects(
      runLocalSteps(
        cancelOrderSaga,
        start(cancelOrderSaga, { ...input, at }),
        async () => {
          throw new FailedPrecondition('order state does not allow action');
        },
        at,
      ),
      FailedPrecondition,
    );
  });

  it('happy path: the same 12-row shape as CreateOrder, COMPLETED', async () => {
    const s = (await reversed()).succeeds('confirmCancelTicket').localSucceeds('confirmCancelOrder');
    assert.deepEqual(s.rows, [...HAPPY, '12 SAGA_COMPLETED']);
    assert.deepEqual(
      s.actions.map((a) => (a.kind === 'send' ? [a.step, a.command.message.type, a.command.payload] : a.kind === 'local' ? [a.step, a.command] : a.kind)),
      [
        ['beginCancelTicket', 'kitchen.BeginCancelTicket', { ticketId, restaurantId: 'restaurant-1' }],
        ['reverseAuthorization', 'accounting.ReverseAuthorizeOrder', { consumerId: 'consumer-1', orderId, orderTotal: 2997 }],
        ['confirmCancelTicket', 'kitchen.ConfirmCancelTicket', { ticketId }],
        ['confirmCancelOrder', { type: 'ConfirmCancelOrder', data: { orderId } }],
        'none',
      ],
    );
    assert.deepEqual(
      { state: s.instance.state, currentStep: s.instance.currentStep, version: s.instance.version, lastOrderSequence: s.instance.lastOrderSequence },
      { state: 'COMPLETED', currentStep: null, version: 6, lastOrderSequence: 24 },
    );
  });

  it('beginCancelTicket fails (ticket PREPARING): undoCancelOrder, COMPENSATED', async () => {
    const s = (await started()).fails('beginCancelTicket', saga.Failure, 'ticket state does not allow action');
    assert.deepEqual(s.action, { kind: 'local', step: 'undoCancelOrder', command: { type: 'UndoCancelOrder', data: { orderId } } });
    s.localSucceeds('undoCancelOrder');
    assert.deepEqual(s.rows, [
      ...HAPPY.slice(0, 4),
      '5 STEP_FAILED beginCancelTicket (kitchen): ticket state does not allow action',
      '6 COMPENSATION_STARTED undoCancelOrder (order)',
      '7 COMPENSATION_SUCCEEDED undoCancelOrder (order)',
      '8 SAGA_COMPENSATED',
    ]);
    assert.equal(s.instance.state, 'COMPENSATED');
  });

  it('reverseAuthorization fails: undoCancelTicket then undoCancelOrder, COMPENSATED in 12 rows', async () => {
    const s = (await ticketCancelling()).fails('reverseAuthorization', accounting.AccountNotFound, 'account not found');
    assert.deepEqual(s.action, {
      kind: 'send',
      step: 'undoCancelTicket',
      participant: 'kitchen',
      command: { message: kitchen.UndoCancelTicket, payload: { ticketId } },
    });
    s.succeeds('undoCancelTicket').localSucceeds('undoCancelOrder');
    assert.deepEqual(s.rows, [
      ...HAPPY.slice(0, 6),
      '7 STEP_FAILED reverseAuthorization (accounting): account not found',
      '8 COMPENSATION_STARTED undoCancelTicket (kitchen)',
      '9 COMPENSATION_SUCCEEDED undoCancelTicket (kitchen)',
      '10 COMPENSATION_STARTED undoCancelOrder (order)',
      '11 COMPENSATION_SUCCEEDED undoCancelOrder (order)',
      '12 SAGA_COMPENSATED',
    ]);
    assert.equal(s.instance.state, 'COMPENSATED');
  });

  it('confirmCancelTicket fails: STEP_FAILED then SAGA_FAILED', async () => {
    const s = (await reversed()).fails('confirmCancelTicket', saga.Failure, 'database unavailable');
    assert.deepEqual(s.rows.slice(7), [
      '8 STEP_STARTED confirmCancelTicket (kitchen)',
      '9 STEP_FAILED confirmCancelTicket (kitchen): database unavailable',
      '10 SAGA_FAILED confirmCancelTicket (kitchen): database unavailable',
    ]);
    assert.equal(s.instance.state, 'FAILED');
  });

  it('confirmCancelOrder fails locally: STEP_FAILED then SAGA_FAILED', async () => {
    const s = (await reversed()).succeeds('confirmCancelTicket').localFails('confirmCancelOrder', 'order state does not allow action');
    assert.deepEqual(s.rows, [
      ...HAPPY.slice(0, 10),
      '11 STEP_FAILED confirmCancelOrder (order): order state does not allow action',
      '12 SAGA_FAILED confirmCancelOrder (order): order state does not allow action',
    ]);
    assert.equal(s.instance.state, 'FAILED');
  });

  it('undoCancelTicket fails: SAGA_FAILED undoCancelTicket, undoCancelOrder never runs', async () => {
    const s = (await ticketCancelling())
      .fails('reverseAuthorization', accounting.AccountNotFound, 'account not found')
      .fails('undoCancelTicket', saga.Failure, 'ticket state does not allow action');
    assert.deepEqual(s.rows.slice(7), [
      '8 COMPENSATION_STARTED undoCancelTicket (kitchen)',
      '9 SAGA_FAILED undoCancelTicket (kitchen): ticket state does not allow action',
    ]);
    assert.deepEqual({ state: s.instance.state, action: s.action }, { state: 'FAILED', action: { kind: 'none' } });
  });

  it('undoCancelOrder fails after beginCancelTicket failed: SAGA_FAILED undoCancelOrder', async () => {
    const s = (await started()).fails('beginCancelTicket', saga.Failure, 'ticket state does not allow action').localFails('undoCancelOrder', 'boom');
    assert.deepEqual(s.rows.slice(5), ['6 COMPENSATION_STARTED undoCancelOrder (order)', '7 SAGA_FAILED undoCancelOrder (order): boom']);
    assert.equal(s.instance.state, 'FAILED');
  });

  it('undoCancelOrder fails after undoCancelTicket succeeded: SAGA_FAILED at row 11', async () => {
    const s = (await ticketCancelling())
      .fails('reverseAuthorization', saga.Failure, 'authorization not found')
      .succeeds('undoCancelTicket')
      .localFails('undoCancelOrder', 'order state does not allow action');
    assert.deepEqual(s.rows.slice(9), [
      '10 COMPENSATION_STARTED undoCancelOrder (order)',
      '11 SAGA_FAILED undoCancelOrder (order): order state does not allow action',
    ]);
    assert.equal(s.instance.state, 'FAILED');
  });
});
