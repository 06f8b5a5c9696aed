import type { Clock, Transactions } from './ports.js';
import { type TicketView, toTicketView } from './ticket-view.js';

export interface StartPreparingTicketInput {
  id: string;
  idempotencyKey?: string;
}

/** `startPreparingTicket(id)` (DOMAIN §1.6): ACCEPTED → PREPARING, preparingAt = now. */
export const startPreparingTicket =
  ({ transactions, clock }: { transactions: Transactions; clock: Clock }) =>
  async ({ id, idempotencyKey }: StartPreparingTicketInput): Promise<TicketView> =>
    transactions.run('startPreparingTicket', idempotencyKey, { id }, async ({ tickets }) =>
      toTicketView(await tickets.handle(id, { type: 'StartPreparingTicket', data: { ticketId: id, now: clock.now().toISOString() } })),
    );
