import type { saga } from '@ftgo/schema';
import { cancelOrderSaga } from './cancel-order.saga.js';
import { createOrderSaga } from './create-order.saga.js';
import { reviseOrderSaga } from './revise-order.saga.js';

/** Each saga type's definition, for a host that loads an instance by id and learns its type from the row. */
export const sagaDefinitions = {
  CreateOrder: createOrderSaga,
  CancelOrder: cancelOrderSaga,
  ReviseOrder: reviseOrderSaga,
} as const satisfies Record<saga.SagaType, unknown>;
