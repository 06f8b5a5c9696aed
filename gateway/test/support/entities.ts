import type { System } from '../../src/system.js';

/** What every service holds about one order: the columns of DOMAIN §3's outcome tables. */
export interface Entities {
  order: string;
  rejectionReason: string | null;
  orderTotal: number;
  quantities: string;
  ticket: string | null;
  ticketQuantities: string | null;
  authorization: string | null;
  delivery: string | null;
  saga: string;
}

export async function entitiesOf(system: System, orderId: string): Promise<Entities> {
  const order = await system.order.queries.order(orderId);
  if (!order) throw new Error(`order ${orderId} not found`);
  const ticket = await system.kitchen.queries.ticketByOrder(orderId);
  const account = await system.accounting.queries.account(order.consumerId);
  const authorization = account?.authorizations.find((a) => a.orderId === orderId);
  const delivery = await system.delivery.queries.delivery(orderId);
  const sagas = await system.order.queries.sagasOfOrder(orderId);
  return {
    order: order.state,
    rejectionReason: order.rejectionReason,
    orderTotal: order.orderTotal,
    quantities: order.lineItems.map((l) => `${l.menuItemId}×${l.quantity}`).join(' '),
    ticket: ticket?.state ?? null,
    ticketQuantities: ticket ? ticket.lineItems.map((l) => `${l.menuItemId}×${l.quantity}`).join(' ') : null,
    authorization: authorization ? `${authorization.state} ${authorization.amount}` : null,
    delivery: delivery?.status ?? null,
    saga: sagas.map((s) => `${s.type} ${s.state}`).join(', '),
  };
}
