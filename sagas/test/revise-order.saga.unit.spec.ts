import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accounting, FailedPrecondition, kitchen, saga } from '@ftgo/schema';
import { type LocalOrderCommand, type ReviseOrderData, reviseOrderSaga, runLocalSteps, start } from '../src/index.js';
import { SagaScenario } from './saga-scenario.js';

const orderId = 'order-1';
const ticketId = 'ticket-1';
// Two Chicken Vindaloo and a Garlic Naan (2997) revised to one Vindaloo (1299 + 399 = 1698).
const revisedQuantities = [{ menuItemId: 'item1', quantity: 1 }];
const data: ReviseOrderData = {
  orderId,
  consumerId: 'consumer-1',
  restaurantId: 'restaurant-1',
  ticketId,
  revisedQuantities,
  currentOrderTotal: 2997,
  newOrderTotal: 1698,
};
// The order's CreateOrder saga wrote orderSequence 1–12; this saga continues at 13.
const input = { sagaId: 'saga-2', orderId, data, firstOrderSequence: 13 };

const started = () => SagaScenario.startByMutation(reviseOrderSaga, input);
const ticketRevising = async () => (await started()).succeeds('beginReviseTicket');
const reauthorized = async () => (await ticketRevising()).succeeds('reviseAuthorization');

const HAPPY = [
  '1 SAGA_STARTED',
  '2 STEP_STARTED beginReviseOrder (order)',
  '3 STEP_SUCCEEDED beginReviseOrder (order)',
  '4 STEP_STARTED beginReviseTicket (kitchen)',
  '5 STEP_SUCCEEDED beginReviseTicket (kitchen)',
  '6 STEP_STARTED reviseAuthorization (accounting)',
  '7 STEP_SUCCEEDED reviseAuthorization (accounting)',
  '8 STEP_STARTED confirmReviseTicket (kitchen)',
  '9 STEP_SUCCEEDED confirmReviseTicket (kitchen)',
  '10 STEP_STARTED confirmReviseOrder (order)',
  '11 STEP_SUCCEEDED confirmReviseOrder (order)',
];

describe('ReviseOrder saga (DOMAIN §3.4)', () => {
  it('the reviseOrder mutation records step 0 as rows 2–3 and commits them with BeginReviseTicket', async () => {
    const executed: LocalOrderCommand[] = [];
    const s = await SagaScenario.startByMutation(reviseOrderSaga, input, async (command) => {
      executed.push(command);
      return { outcome: 'SUCCESS' };
    });
    assert.deepEqual(executed, [{ type: 'BeginReviseOrder', data: { orderId, revisedQuantities } }]);
    assert.deepEqual(s.rows, HAPPY.slice(0, 4));
    assert.deepEqual(
      s.progress.map((p) => p.orderSequence),
      [13, 14, 15, 16],
    );
    assert.deepEqual(s.action, {
      kind: 'send',
      step: 'beginReviseTicket',
      participant: 'kitchen',
      command: { message: kitchen.BeginReviseTicket, payload: { ticketId, revisedQuantities } },
    });
    assert.deepEqual({ state: s.instance.state, version: s.instance.version }, { state: 'RUNNING', version: 2 });
  });

  it('a refused BeginReviseOrder aborts the mutation: no saga to insert (FAILED_PRECONDITION)', async () => {
    const at = '2026-01-01T12:00:00.000Z';
    await assert.rejects(
      runLocalSteps(
        reviseOrderSaga,
        start(reviseOrderSaga, { ...input, at }),
        async () => {
          throw new FailedPrecondition('order state does not allow action');
        },
        at,
      ),
      FailedPrecondition,
    );
  });

  it('happy path: the same 12-row shape as CreateOrder, COMPLETED', async () => {
    const s = (await reauthorized()).succeeds('confirmReviseTicket').localSucceeds('confirmReviseOrder');
    assert.deepEqual(s.rows, [...HAPPY, '12 SAGA_COMPLETED']);
    assert.deepEqual(
      s.actions.map((a) => (a.kind === 'send' ? [a.step, a.command.message.type, a.command.payload] : a.kind === 'local' ? [a.step, a.command] : a.kind)),
      [
        ['beginReviseTicket', 'kitchen.BeginReviseTicket', { ticketId, revisedQuantities }],
        // The authorization is revised to the new total (DOMAIN §4.2).
        ['reviseAuthorization', 'accounting.ReviseAuthorizeOrder', { consumerId: 'consumer-1', orderId, orderTotal: 1698 }],
        ['confirmReviseTicket', 'kitchen.ConfirmReviseTicket', { ticketId, revisedQuantities }],
        ['confirmReviseOrder', { type: 'ConfirmReviseOrder', data: { orderId, revisedQuantities } }],
        'none',
      ],
    );
    assert.deepEqual(
      { state: s.instance.state, currentStep: s.instance.currentStep, version: s.instance.version, lastOrderSequence: s.instance.lastOrderSequence },
      { state: 'COMPLETED', currentStep: null, version: 6, lastOrderSequence: 24 },
    );
  });

  it('beginReviseTicket fails (ticket PREPARING): undoReviseOrder, COMPENSATED', async () => {
    const s = (await started()).fails('beginReviseTicket', saga.Failure, 'ticket state does not allow action');
    assert.deepEqual(s.action, { kind: 'local', step: 'undoReviseOrder', command: { type: 'UndoReviseOrder', data: { orderId } } });
    s.localSucceeds('undoReviseOrder');
    assert.deepEqual(s.rows, [
      ...HAPPY.slice(0, 4),
      '5 STEP_FAILED beginReviseTicket (kitchen): ticket state does not allow action',
      '6 COMPENSATION_STARTED undoReviseOrder (order)',
      '7 COMPENSATION_SUCCEEDED undoReviseOrder (order)',
      '8 SAGA_COMPENSATED',
    ]);
    assert.equal(s.instance.state, 'COMPENSATED');
  });

  it('reviseAuthorization fails (account disabled): undoReviseTicket then undoReviseOrder, COMPENSATED in 12 rows', async () => {
    const s = (await ticketRevising()).fails('reviseAuthorization', accounting.AccountDisabledReply, 'account disabled');
    assert.deepEqual(s.action, {
      kind: 'send',
      step: 'undoReviseTicket',
      participant: 'kitchen',
      command: { message: kitchen.UndoReviseTicket, payload: { ticketId } },
    });
    s.succeeds('undoReviseTicket').localSucceeds('undoReviseOrder');
    assert.deepEqual(s.rows, [
      ...HAPPY.slice(0, 6),
      '7 STEP_FAILED reviseAuthorization (accounting): account disabled',
      '8 COMPENSATION_STARTED undoReviseTicket (kitchen)',
      '9 COMPENSATION_SUCCEEDED undoReviseTicket (kitchen)',
      '10 COMPENSATION_STARTED undoReviseOrder (order)',
      '11 COMPENSATION_SUCCEEDED undoReviseOrder (order)',
      '12 SAGA_COMPENSATED',
    ]);
    assert.equal(s.instance.state, 'COMPENSATED');
  });

  it('confirmReviseTicket fails: STEP_FAILED then SAGA_FAILED', async () => {
    const s = (await reauthorized()).fails('confirmReviseTicket', saga.Failure, 'database unavailable');
    assert.deepEqual(s.rows.slice(7), [
      '8 STEP_STARTED confirmReviseTicket (kitchen)',
      '9 STEP_FAILED confirmReviseTicket (kitchen): database unavailable',
      '10 SAGA_FAILED confirmReviseTicket (kitchen): database unavailable',
    ]);
    assert.equal(s.instance.state, 'FAILED');
  });

  it('confirmReviseOrder fails locally: STEP_FAILED then SAGA_FAILED', async () => {
    const s = (await reauthorized()).succeeds('confirmReviseTicket').localFails('confirmReviseOrder', 'order state does not allow action');
    assert.deepEqual(s.rows, [
      ...HAPPY.slice(0, 10),
      '11 STEP_FAILED confirmReviseOrder (order): order state does not allow action',
      '12 SAGA_FAILED confirmReviseOrder (order): order state does not allow action',
    ]);
    assert.equal(s.instance.state, 'FAILED');
  });

  it('undoReviseTicket fails: SAGA_FAILED undoReviseTicket, undoReviseOrder never runs', async () => {
    const s = (await ticketRevising())
      .fails('reviseAuthorization', accounting.AccountDisabledReply, 'account disabled')
      .fails('undoReviseTicket', saga.Failure, 'ticket state does not allow action');
    assert.deepEqual(s.rows.slice(7), [
      '8 COMPENSATION_STARTED undoReviseTicket (kitchen)',
      '9 SAGA_FAILED undoReviseTicket (kitchen): ticket state does not allow action',
    ]);
    assert.deepEqual({ state: s.instance.state, action: s.action }, { state: 'FAILED', action: { kind: 'none' } });
  });

  it('undoReviseOrder fails after beginReviseTicket failed: SAGA_FAILED undoReviseOrder', async () => {
    const s = (await started()).fails('beginReviseTicket', saga.Failure, 'ticket state does not allow action').localFails('undoReviseOrder', 'boom');
    assert.deepEqual(s.rows.slice(5), ['6 COMPENSATION_STARTED undoReviseOrder (order)', '7 SAGA_FAILED undoReviseOrder (order): boom']);
    assert.equal(s.instance.state, 'FAILED');
  });

  it('undoReviseOrder fails after undoReviseTicket succeeded: SAGA_FAILED at row 11', async () => {
    const s = (await ticketRevising())
      .fails('reviseAuthorization', accounting.AccountNotFound, 'account not found')
      .succeeds('undoReviseTicket')
      .localFails('undoReviseOrder', 'order state does not allow action');
    assert.deepEqual(s.rows.slice(9), [
      '10 COMPENSATION_STARTED undoReviseOrder (order)',
      '11 SAGA_FAILED undoReviseOrder (order): order state does not allow action',
    ]);
    assert.equal(s.instance.state, 'FAILED');
  });
});
