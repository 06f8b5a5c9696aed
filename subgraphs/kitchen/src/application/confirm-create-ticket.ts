import type { kitchen, PayloadOf } from '@ftgo/schema';
import type { KitchenUnit } from './ports.js';

/** Saga step confirmTicket (DOMAIN §3.2): CREATE_PENDING → AWAITING_ACCEPTANCE. In the command handler's transaction; a refusal is the FAILURE reason. */
export async function confirmCreateTicket(unit: KitchenUnit, { ticketId }: PayloadOf<typeof kitchen.ConfirmCreateTicket>): Promise<void> {
  await unit.tickets.handle(ticketId, { type: 'ConfirmCreateTicket', data: { ticketId } });
}
