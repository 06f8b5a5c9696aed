import { type ReviseOrderData, reviseOrderSaga, runLocalSteps, start } from '@ftgo/sagas';
import type { MenuItemQuantity } from '@ftgo/schema';
import { proposeRevision, requireExisting, requireStatus } from '../domain/index.js';
import type { OrderView } from './order-view.js';
import type { Clock, IdGenerator, MutationOptions, UnitOfWork } from './ports.js';
import { commitTransition, mutationStepsOf, type SagaHostDeps } from './saga-transitions.js';

export interface ReviseOrderDeps extends SagaHostDeps {
  unitOfWork: UnitOfWork;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * DOMAIN §1.5 and §3.4 reviseOrder: unknown order → NOT_FOUND; the revision's BAD_USER_INPUT checks and
 * totals; not APPROVED → FAILED_PRECONDITION; then step 0 (BeginReviseOrder) and the ReviseOrder saga in
 * one transaction. Returns REVISION_PENDING.
 */
export function reviseOrder(deps: ReviseOrderDeps) {
  return (input: { id: string; lineItems: MenuItemQuantity[] }, options: MutationOptions = {}): Promise<OrderView> =>
    deps.unitOfWork.run('reviseOrder', options, { id: input.id, lineItems: input.lineItems }, async (work) => {
      const existing = requireExisting((await work.orders.load(input.id)).order);
      const revision = proposeRevision(existing.lineItems, input.lineItems);
      const approved = requireStatus(existing, 'APPROVED');
      const data: ReviseOrderData = {
        orderId: approved.id,
        consumerId: approved.consumerId,
        restaurantId: approved.restaurantId,
        ticketId: approved.ticketId,
        ...revision,
      };
      const at = deps.clock.now().toISOString();
      const firstOrderSequence = (await work.sagas.lastOrderSequence(approved.id)) + 1;
      const step0 = mutationStepsOf(work, deps);
      const transition = await runLocalSteps(
        reviseOrderSaga,
        start(reviseOrderSaga, { sagaId: deps.ids.newId(), orderId: approved.id, data, at, firstOrderSequence }),
        step0.execute,
        at,
      );
      await commitTransition(work, transition, at, deps);
      return step0.orderView();
    });
}
