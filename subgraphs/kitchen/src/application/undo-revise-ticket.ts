import type { kitchen, PayloadOf } from '@ftgo/schema';
import type { KitchenUnit } from './ports.js';

/** Compensation undoReviseTicket (DOMAIN §3.4): REVISION_PENDING → the previous state, old quantities. In the command handler's transaction; a refusal is the FAILURE reason. */
export async function undoReviseTicket(unit: KitchenUnit, { ticketId }: PayloadOf<typeof kitchen.UndoReviseTicket>): Promise<void> {
  await unit.tickets.handle(ticketId, { type: 'UndoReviseTicket', data: { ticketId } });
}
