import { accounting, consumer, kitchen, type order } from '@ftgo/schema';
import { local, send } from './saga-command.js';
import { defineSaga, on } from './saga-definition.js';

/** DOMAIN §3.2. Started by the order service's handler of `order.OrderCreated`, once per order. */
export interface CreateOrderData {
  orderId: string;
  consumerId: string;
  restaurantId: string;
  lineItems: order.OrderLineItem[];
  orderTotal: number;
  /** From CreateTicketReply. */
  ticketId: string | null;
  /** The failing reply's reason: STEP_FAILED's reason and the order's rejectionReason (DOMAIN §4.3). */
  failureReason: string | null;
}

export const createOrderSaga = defineSaga<CreateOrderData>({
  type: 'CreateOrder',
  steps: [
    // Step 0: the order is already APPROVAL_PENDING, so there is nothing to run, only a compensation.
    {
      name: 'start',
      kind: 'compensatable',
      participant: 'order',
      compensation: { name: 'rejectOrder', command: (d) => local.RejectOrder({ orderId: d.orderId, reason: d.failureReason! }) },
    },
    {
      name: 'validateConsumer',
      kind: 'compensatable',
      participant: 'consumer',
      command: (d) => send(consumer.ValidateOrderByConsumer, { consumerId: d.consumerId, orderId: d.orderId, orderTotal: d.orderTotal }),
    },
    {
      name: 'createTicket',
      kind: 'compensatable',
      participant: 'kitchen',
      command: (d) =>
        send(kitchen.CreateTicket, {
          orderId: d.orderId,
          restaurantId: d.restaurantId,
          lineItems: d.lineItems.map(({ menuItemId, name, quantity }) => ({ menuItemId, name, quantity })),
        }),
      onReply: on(kitchen.CreateTicketReply, (d, r) => ({ ...d, ticketId: r.ticketId })),
      compensation: { name: 'cancelTicket', command: (d) => send(kitchen.CancelCreateTicket, { ticketId: d.ticketId! }) },
    },
    {
      name: 'authorizeCard',
      kind: 'pivot',
      participant: 'accounting',
      command: (d) => send(accounting.AuthorizeOrder, { consumerId: d.consumerId, orderId: d.orderId, orderTotal: d.orderTotal }),
    },
    {
      name: 'confirmTicket',
      kind: 'retriable',
      participant: 'kitchen',
      command: (d) => send(kitchen.ConfirmCreateTicket, { ticketId: d.ticketId! }),
    },
    {
      name: 'approveOrder',
      kind: 'retriable',
      participant: 'order',
      command: (d) => local.ApproveOrder({ orderId: d.orderId, ticketId: d.ticketId! }),
    },
  ],
  // DOMAIN §4.3: `consumer not found`, `account disabled`, … from the failing reply; rejectOrder uses it.
  onStepFailed: (d, failure) => ({ ...d, failureReason: failure.reason }),
});
