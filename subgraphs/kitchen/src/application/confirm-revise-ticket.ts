import type { kitchen, PayloadOf } from '@ftgo/schema';
import type { KitchenUnit } from './ports.js';

/** Saga step confirmReviseTicket (DOMAIN §3.4): REVISION_PENDING → the previous state, quantities replaced. In the command handler's transaction; a refusal is the FAILURE reason. */
export async function confirmReviseTicket(unit: KitchenUnit, { ticketId, revisedQuantities }: PayloadOf<typeof kitchen.ConfirmReviseTicket>): Promise<void> {
  await unit.tickets.handle(ticketId, { type: 'ConfirmReviseTicket', data: { ticketId, revisedQuantities } });
}
