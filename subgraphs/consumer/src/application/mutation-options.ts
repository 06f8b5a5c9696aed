/** Options of every mutation: the client's `Idempotency-Key`, if it sent one (DESIGN, Idempotency). */
export interface MutationOptions {
  idempotencyKey?: string;
}
