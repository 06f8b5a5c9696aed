import type { Envelope, Outcome } from '@ftgo/schema';

/** A participant's reply, correlated by `sagaId` and `step` (DOMAIN §2: the step or compensation name). */
export interface SagaReply {
  readonly sagaId: string;
  readonly step: string;
  readonly outcome: Outcome;
  /** The reply's message type, e.g. `kitchen.CreateTicketReply`, `accounting.AccountDisabled`, `saga.Failure`. */
  readonly type: string;
  readonly payload: unknown;
  /** FAILURE replies carry one; when absent the engine reads `payload.reason`. */
  readonly reason?: string | null;
}

/** The result of running an order participant's command in-process: a local failure counts as a FAILURE reply. */
export type LocalOutcome = { readonly outcome: 'SUCCESS' } | { readonly outcome: 'FAILURE'; readonly reason: string };
export type LocalResult = LocalOutcome & { readonly step: string };

export const reasonIn = (payload: unknown): string | null => {
  const reason = typeof payload === 'object' && payload !== null ? (payload as { reason?: unknown }).reason : undefined;
  return typeof reason === 'string' && reason !== '' ? reason : null;
};

/** The reply carried by an envelope on `ftgo.sagas.<SagaType>.replies`, or `null` when it lacks the saga headers. */
export function sagaReplyOf(envelope: Envelope): SagaReply | null {
  const { sagaId, sagaStep, outcome } = envelope.headers;
  if (!sagaId || !sagaStep || (outcome !== 'SUCCESS' && outcome !== 'FAILURE')) return null;
  return { sagaId, step: sagaStep, outcome, type: envelope.type, payload: envelope.payload, reason: reasonIn(envelope.payload) };
}
