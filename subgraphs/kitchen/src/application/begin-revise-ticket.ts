import type { kitchen, PayloadOf } from '@ftgo/schema';
import type { KitchenUnit } from './ports.js';

/** Saga step beginReviseTicket (DOMAIN §3.4): AWAITING_ACCEPTANCE, ACCEPTED → REVISION_PENDING. In the command handler's transaction; a refusal is the FAILURE reason. */
export async function beginReviseTicket(unit: KitchenUnit, { ticketId, revisedQuantities }: PayloadOf<typeof kitchen.BeginReviseTicket>): Promise<void> {
  await unit.tickets.handle(ticketId, { type: 'BeginReviseTicket', data: { ticketId, revisedQuantities } });
}
