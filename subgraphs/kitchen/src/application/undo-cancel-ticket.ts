import type { kitchen, PayloadOf } from '@ftgo/schema';
import type { KitchenUnit } from './ports.js';

/** Compensation undoCancelTicket (DOMAIN §3.3): CANCEL_PENDING → the previous state. In the command handler's transaction; a refusal is the FAILURE reason. */
export async function undoCancelTicket(unit: KitchenUnit, { ticketId }: PayloadOf<typeof kitchen.UndoCancelTicket>): Promise<void> {
  await unit.tickets.handle(ticketId, { type: 'UndoCancelTicket', data: { ticketId } });
}
