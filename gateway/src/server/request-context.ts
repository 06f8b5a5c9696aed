import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The request headers every subgraph fetch of one client request carries, lower-case as the
 * subgraphs read them (`subgraphContext(headers)`): the mutation's `Idempotency-Key`, the
 * correlation id (the client's, or one minted here) and the W3C `traceparent`.
 */
export interface ForwardedHeaders {
  'idempotency-key'?: string;
  'x-correlation-id': string;
  traceparent?: string;
}

/** The gateway's per-request context, seen by its plugins and data sources. */
export interface GatewayContext {
  forward: ForwardedHeaders;
  correlationId: string;
  /** Set by the metrics plugin: false when Apollo answered before running its request pipeline. */
  observation: { observed: boolean };
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const CORRELATION_ID = /^[\w.:@/+=-]{1,128}$/;

const first = (value: string | string[] | undefined): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  const trimmed = v?.trim();
  return trimmed ? trimmed : undefined;
};

/**
 * What the gateway forwards from a client request. A missing or unusable correlation id is
 * replaced by a fresh UUID; a malformed `traceparent` is dropped (W3C: start a new trace). The
 * idempotency key goes through untouched: the owning service judges it.
 */
export function forwardedHeaders(incoming: IncomingHttpHeaders): ForwardedHeaders {
  const correlationId = first(incoming['x-correlation-id']);
  const traceparent = first(incoming.traceparent)?.toLowerCase();
  const idempotencyKey = first(incoming['idempotency-key']);
  const forward: ForwardedHeaders = {
    'x-correlation-id': correlationId && CORRELATION_ID.test(correlationId) ? correlationId : randomUUID(),
  };
  if (idempotencyKey) forward['idempotency-key'] = idempotencyKey;
  if (traceparent && TRACEPARENT.test(traceparent)) forward.traceparent = traceparent;
  return forward;
}
