/**
 * The message envelope (DESIGN.md, Messaging). On NATS the payload is the body and every
 * other field travels as a header (see `infra` nats-headers); the local adapter keeps the
 * envelope as it is.
 */
export type Outcome = 'SUCCESS' | 'FAILURE';

export interface MessageHeaders {
  correlationId?: string;
  causationId?: string;
  traceparent?: string;
  /** Commands and replies only. */
  sagaId?: string;
  sagaType?: string;
  sagaStep?: string;
  replyTo?: string;
  /** Replies only. */
  outcome?: Outcome;
}

export interface Envelope<P = unknown> {
  /** UUID; `Nats-Msg-Id` on NATS and the inbox key everywhere. */
  id: string;
  /** `<service>.<Name>`, e.g. `order.OrderCreated`. */
  type: string;
  /** The publishing service. */
  source: string;
  subject: string;
  aggregateType: string;
  aggregateId: string;
  /** Stream version (event-sourced) or row version (plain tables); null for commands and replies. */
  aggregateVersion: number | null;
  payload: P;
  headers: MessageHeaders;
}
