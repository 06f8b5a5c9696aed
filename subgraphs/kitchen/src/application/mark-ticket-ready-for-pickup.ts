import type { Clock, Transactions } from './ports.js';
import { type TicketView, toTicketView } from './ticket-view.js';

export interface MarkTicketReadyForPickupInput {
  id: string;
  idempotencyKey?: string;
}

/** `markTicketReadyForPickup(id)` (DOMAIN §1.6): PREPARING → READY_FOR_PICKUP, readyForPickupAt = now; delivery may then pick up. */
export const markTicketReadyForPickup =
  ({ transactions, clock }: { transactions: Transactions; clock: Clock }) =>
  async ({ id, idempotencyKey }: MarkTicketReadyForPickupInput): Promise<TicketView> =>
    transactions.run('markTicketReadyForPickup', idempotencyKey, { id }, async ({ tickets }) =>
      toTicketView(await tickets.handle(id, { type: 'MarkTicketReadyForPickup', data: { ticketId: id, now: clock.now().toISOString() } })),
    );
