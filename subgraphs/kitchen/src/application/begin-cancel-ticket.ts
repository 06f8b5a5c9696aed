import type { kitchen, PayloadOf } from '@ftgo/schema';
import type { KitchenUnit } from './ports.js';

/** Saga step beginCancelTicket (DOMAIN §3.3): AWAITING_ACCEPTANCE, ACCEPTED → CANCEL_PENDING. In the command handler's transaction; a refusal is the FAILURE reason. */
export async function beginCancelTicket(unit: KitchenUnit, { ticketId }: PayloadOf<typeof kitchen.BeginCancelTicket>): Promise<void> {
  await unit.tickets.handle(ticketId, { type: 'BeginCancelTicket', data: { ticketId } });
}
