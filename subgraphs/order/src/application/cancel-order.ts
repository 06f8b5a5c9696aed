import { type CancelOrderData, cancelOrderSaga, runLocalSteps, start } from '@ftgo/sagas';
import { requireExisting, requireStatus } from '../domain/index.js';
import type { OrderView } from './order-view.js';
import type { Clock, IdGenerator, MutationOptions, UnitOfWork } from './ports.js';
import { commitTransition, mutationStepsOf, type SagaHostDeps } from './saga-transitions.js';

export interface CancelOrderDeps extends SagaHostDeps {
  unitOfWork: UnitOfWork;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * DOMAIN §3.3 cancelOrder: step 0 (BeginCancelOrder) and the CancelOrder saga in one transaction; returns
 * CANCEL_PENDING. Unknown order → NOT_FOUND, not APPROVED → FAILED_PRECONDITION, and then no saga exists.
 */
export function cancelOrder(deps: CancelOrderDeps) {
  return (input: { id: string }, options: MutationOptions = {}): Promise<OrderView> =>
    deps.unitOfWork.run('cancelOrder', options, { id: input.id }, async (work) => {
      const approved = requireStatus(requireExisting((await work.orders.load(input.id)).order), 'APPROVED');
      const data: CancelOrderData = {
        orderId: approved.id,
        consumerId: approved.consumerId,
        restaurantId: approved.restaurantId,
        ticketId: approved.ticketId,
        orderTotal: approved.orderTotal,
      };
      const at = deps.clock.now().toISOString();
      const firstOrderSequence = (await work.sagas.lastOrderSequence(approved.id)) + 1;
      const step0 = mutationStepsOf(work, deps);
      const transition = await runLocalSteps(
        cancelOrderSaga,
        start(cancelOrderSaga, { sagaId: deps.ids.newId(), orderId: approved.id, data, at, firstOrderSequence }),
        step0.execute,
        at,
      );
      await commitTransition(work, transition, at, deps);
      return step0.orderView();
    });
}
