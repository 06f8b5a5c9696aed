import { accounting, kitchen } from '@ftgo/schema';
import { local, send } from './saga-command.js';
import { defineSaga } from './saga-definition.js';

/** DOMAIN §3.3. Started by the `cancelOrder` mutation, which runs step 0 in the same transaction. */
export interface CancelOrderData {
  orderId: string;
  consumerId: string;
  restaurantId: string;
  ticketId: string;
  orderTotal: number;
}

export const cancelOrderSaga = defineSaga<CancelOrderData>({
  type: 'CancelOrder',
  steps: [
    {
      name: 'beginCancelOrder',
      kind: 'compensatable',
      participant: 'order',
      command: (d) => local.BeginCancelOrder({ orderId: d.orderId }),
      compensation: { name: 'undoCancelOrder', command: (d) => local.UndoCancelOrder({ orderId: d.orderId }) },
    },
    {
      name: 'beginCancelTicket',
      kind: 'compensatable',
      participant: 'kitchen',
      command: (d) => send(kitchen.BeginCancelTicket, { ticketId: d.ticketId, restaurantId: d.restaurantId }),
      compensation: { name: 'undoCancelTicket', command: (d) => send(kitchen.UndoCancelTicket, { ticketId: d.ticketId }) },
    },
    {
      name: 'reverseAuthorization',
      kind: 'pivot',
      participant: 'accounting',
      command: (d) => send(accounting.ReverseAuthorizeOrder, { consumerId: d.consumerId, orderId: d.orderId, orderTotal: d.orderTotal }),
    },
    {
      name: 'confirmCancelTicket',
      kind: 'retriable',
      participant: 'kitchen',
      command: (d) => send(kitchen.ConfirmCancelTicket, { ticketId: d.ticketId }),
    },
    {
      name: 'confirmCancelOrder',
      kind: 'retriable',
      participant: 'order',
      command: (d) => local.ConfirmCancelOrder({ orderId: d.orderId }),
    },
  ],
});
