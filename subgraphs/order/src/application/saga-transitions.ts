import { isSagaEnded, type LocalOrderCommand, type LocalOutcome, type SagaDefinition, sagaDefinitions, type Transition } from '@ftgo/sagas';
import { type Instant, isDomainError, type saga } from '@ftgo/schema';
import { type OrderView, toOrderView } from './order-view.js';
import type { HandledOrder, Log, OrderMetrics, Work } from './ports.js';
import { runOrderCommand } from './run-order-command.js';

export interface SagaHostDeps {
  metrics: OrderMetrics;
  log: Log;
}

/** A stored saga's definition, by the type on its row; its data is the JSON the saga stored. */
export const definitionOf = (type: saga.SagaType): SagaDefinition<unknown> => sagaDefinitions[type] as unknown as SagaDefinition<unknown>;

/**
 * The order participant's steps, run in the orchestrator's transaction (DOMAIN §2.1). For a reply or an
 * event, a business rejection (DomainError) is the step's FAILURE with its message as reason; anything
 * else throws, so the transaction rolls back and the message comes back (DOMAIN §0). A refused command
 * writes nothing: the decider throws before the event store appends.
 */
export function localStepsOf(work: Work, deps: SagaHostDeps): (command: LocalOrderCommand) => Promise<LocalOutcome> {
  return async (command) => {
    try {
      await runOrderCommand(work, deps.metrics, command);
      return { outcome: 'SUCCESS' };
    } catch (error) {
      if (isDomainError(error)) return { outcome: 'FAILURE', reason: error.message };
      throw error;
    }
  };
}

/**
 * The mutations' step 0 (cancelOrder, reviseOrder): nothing is caught, a refused step throws and the whole
 * transaction rolls back, so no saga exists (sagas/README). `orderView()` is the order after step 0.
 */
export function mutationStepsOf(work: Work, deps: SagaHostDeps): { execute: (command: LocalOrderCommand) => Promise<LocalOutcome>; orderView(): OrderView } {
  let last: HandledOrder | null = null;
  return {
    execute: async (command) => {
      last = await runOrderCommand(work, deps.metrics, command);
      return { outcome: 'SUCCESS' };
    },
    orderView: () => {
      if (!last || last.order.status === 'NEW') throw new Error('step 0 did not run');
      return toOrderView(last.order, last.version);
    },
  };
}

/** Commits a transition in the work's transaction; counts and logs once it committed (DOMAIN §3.1). */
export async function commitTransition<D>(work: Work, transition: Transition<D>, at: Instant, deps: SagaHostDeps): Promise<void> {
  await work.sagas.commit(transition as Transition<unknown>, at);
  const { instance } = transition;
  work.afterCommit(() => {
    if (transition.expectedVersion === null) deps.metrics.sagaStarted(instance.type);
    if (!isSagaEnded(instance.state)) return;
    deps.metrics.sagaEnded(instance.type, instance.state as 'COMPLETED' | 'COMPENSATED' | 'FAILED');
    const last = transition.progress[transition.progress.length - 1];
    if (instance.state === 'FAILED') {
      // Operator-visible: entities stay as they are for manual repair (DOMAIN §3.1).
      deps.log.error({ sagaId: instance.id, sagaType: instance.type, orderId: instance.orderId, step: last?.step, reason: last?.reason }, 'saga failed');
    } else {
      deps.log.info({ sagaId: instance.id, sagaType: instance.type, orderId: instance.orderId, state: instance.state }, 'saga ended');
    }
  });
}
