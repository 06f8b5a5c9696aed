import { BadUserInput, type Instant } from '@ftgo/schema';
import type { Clock, Transactions } from './ports.js';
import { type TicketView, toTicketView } from './ticket-view.js';

export interface AcceptTicketInput {
  id: string;
  /** A `Date` from the GraphQL DateTime scalar, or an ISO instant. */
  readyBy: Date | Instant;
  idempotencyKey?: string;
}

/** `acceptTicket(id, readyBy)` (DOMAIN §1.6): AWAITING_ACCEPTANCE → ACCEPTED, acceptedAt = now; delivery schedules on TicketAccepted. */
export const acceptTicket =
  ({ transactions, clock }: { transactions: Transactions; clock: Clock }) =>
  async ({ id, readyBy, idempotencyKey }: AcceptTicketInput): Promise<TicketView> => {
    const request = { id, readyBy: instant(readyBy) };
    return transactions.run('acceptTicket', idempotencyKey, request, async ({ tickets }) =>
      toTicketView(await tickets.handle(id, { type: 'AcceptTicket', data: { ticketId: id, readyBy: request.readyBy, now: clock.now().toISOString() } })),
    );
  };

/** Millisecond ISO instant (DOMAIN §0), so the stored readyBy is what a JS Date sees. */
function instant(value: Date | Instant): Instant {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new BadUserInput('readyBy must be a valid DateTime');
  return time.toISOString();
}
