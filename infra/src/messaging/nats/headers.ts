import type { Envelope, MessageHeaders } from '@ftgo/schema';
import { type MsgHdrs, headers as natsHeaders } from '@nats-io/transport-node';

/** DESIGN, Messaging: on NATS the payload is the body and every other envelope field a header. */
const ENVELOPE_HEADERS = {
  type: 'ftgo-type',
  source: 'ftgo-source',
  aggregateType: 'ftgo-aggregate-type',
  aggregateId: 'ftgo-aggregate-id',
  aggregateVersion: 'ftgo-aggregate-version',
} as const;

const MESSAGE_HEADERS: Record<keyof MessageHeaders, string> = {
  correlationId: 'ftgo-correlation-id',
  causationId: 'ftgo-causation-id',
  traceparent: 'traceparent',
  sagaId: 'ftgo-saga-id',
  sagaType: 'ftgo-saga-type',
  sagaStep: 'ftgo-saga-step',
  replyTo: 'ftgo-reply-to',
  outcome: 'ftgo-outcome',
};

export const MSG_ID = 'Nats-Msg-Id';

export function toNatsHeaders(envelope: Envelope): MsgHdrs {
  const h = natsHeaders();
  h.set(MSG_ID, envelope.id);
  h.set(ENVELOPE_HEADERS.type, envelope.type);
  h.set(ENVELOPE_HEADERS.source, envelope.source);
  h.set(ENVELOPE_HEADERS.aggregateType, envelope.aggregateType);
  h.set(ENVELOPE_HEADERS.aggregateId, envelope.aggregateId);
  if (envelope.aggregateVersion !== null) h.set(ENVELOPE_HEADERS.aggregateVersion, String(envelope.aggregateVersion));
  for (const [field, header] of Object.entries(MESSAGE_HEADERS)) {
    const value = envelope.headers[field as keyof MessageHeaders];
    if (value) h.set(header, value);
  }
  return h;
}

export function fromNatsMessage(subject: string, h: MsgHdrs | undefined, body: Uint8Array): Envelope {
  if (!h) throw new Error(`message on ${subject} has no headers`);
  const headers: MessageHeaders = {};
  for (const [field, header] of Object.entries(MESSAGE_HEADERS)) {
    const value = h.get(header);
    if (value) (headers as Record<string, string>)[field] = value;
  }
  const version = h.get(ENVELOPE_HEADERS.aggregateVersion);
  return {
    id: h.get(MSG_ID),
    type: h.get(ENVELOPE_HEADERS.type),
    source: h.get(ENVELOPE_HEADERS.source),
    subject,
    aggregateType: h.get(ENVELOPE_HEADERS.aggregateType),
    aggregateId: h.get(ENVELOPE_HEADERS.aggregateId),
    aggregateVersion: version ? Number(version) : null,
    payload: body.length ? JSON.parse(new TextDecoder().decode(body)) : null,
    headers,
  };
}
