import { accounting, kitchen, type MenuItemQuantity } from '@ftgo/schema';
import { local, send } from './saga-command.js';
import { defineSaga } from './saga-definition.js';

/** DOMAIN §3.4. Started by the `reviseOrder` mutation, which runs step 0 in the same transaction. */
export interface ReviseOrderData {
  orderId: string;
  consumerId: string;
  restaurantId: string;
  ticketId: string;
  revisedQuantities: MenuItemQuantity[];
  currentOrderTotal: number;
  newOrderTotal: number;
}

export const reviseOrderSaga = defineSaga<ReviseOrderData>({
  type: 'ReviseOrder',
  steps: [
    {
      name: 'beginReviseOrder',
      kind: 'compensatable',
      participant: 'order',
      command: (d) => local.BeginReviseOrder({ orderId: d.orderId, revisedQuantities: d.revisedQuantities }),
      compensation: { name: 'undoReviseOrder', command: (d) => local.UndoReviseOrder({ orderId: d.orderId }) },
    },
    {
      name: 'beginReviseTicket',
      kind: 'compensatable',
      participant: 'kitchen',
      command: (d) => send(kitchen.BeginReviseTicket, { ticketId: d.ticketId, revisedQuantities: d.revisedQuantities }),
      compensation: { name: 'undoReviseTicket', command: (d) => send(kitchen.UndoReviseTicket, { ticketId: d.ticketId }) },
    },
    {
      name: 'reviseAuthorization',
      kind: 'pivot',
      participant: 'accounting',
      command: (d) => send(accounting.ReviseAuthorizeOrder, { consumerId: d.consumerId, orderId: d.orderId, orderTotal: d.newOrderTotal }),
    },
    {
      name: 'confirmReviseTicket',
      kind: 'retriable',
      participant: 'kitchen',
      command: (d) => send(kitchen.ConfirmReviseTicket, { ticketId: d.ticketId, revisedQuantities: d.revisedQuantities }),
    },
    {
      name: 'confirmReviseOrder',
      kind: 'retriable',
      participant: 'order',
      command: (d) => local.ConfirmReviseOrder({ orderId: d.orderId, revisedQuantities: d.revisedQuantities }),
    },
  ],
});
