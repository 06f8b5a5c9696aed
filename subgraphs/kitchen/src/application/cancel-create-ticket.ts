import type { kitchen, PayloadOf } from '@ftgo/schema';
import type { KitchenUnit } from './ports.js';

/** Compensation cancelTicket (DOMAIN §3.2): CREATE_PENDING → CANCELLED. In the command handler's transaction; a refusal is the FAILURE reason. */
export async function cancelCreateTicket(unit: KitchenUnit, { ticketId }: PayloadOf<typeof kitchen.CancelCreateTicket>): Promise<void> {
  await unit.tickets.handle(ticketId, { type: 'CancelCreateTicket', data: { ticketId } });
}
