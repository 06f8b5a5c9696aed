import { randomUUID } from 'node:crypto';
import type { CommandType, Envelope, EventType, MessageHeaders, Naming, Outcome, ReplyType, ServiceName } from '@ftgo/schema';
import { v5 as uuidv5 } from 'uuid';

/** Where a message comes from: the correlation chain and the trace it continues. */
export interface MessageContext {
  correlationId?: string;
  causationId?: string;
  traceparent?: string;
}

/** Message ids: random, or derived from an idempotency key so a retried command yields the same ids. */
export interface IdSource {
  next(): string;
}

export const randomIds: IdSource = { next: () => randomUUID() };

const IDEMPOTENCY_NAMESPACE = '6f2c7a8e-3b1d-5c4e-9a0f-1d2e3f4a5b6c';

/** DESIGN, Idempotency: message ids produced by a command are UUIDv5(key, ordinal). */
export function idempotentIds(key: string): IdSource {
  let ordinal = 0;
  return { next: () => uuidv5(`${key}:${ordinal++}`, IDEMPOTENCY_NAMESPACE) };
}

export interface SagaAddress {
  sagaId: string;
  sagaType: string;
  sagaStep: string;
}

/** Builds envelopes for one publishing service; the only place subjects and headers are assembled. */
export class MessageFactory {
  constructor(
    readonly naming: Naming,
    readonly source: ServiceName,
  ) {}

  event<P>(type: EventType<P>, aggregate: { id: string; version: number }, payload: P, context: MessageContext = {}, ids: IdSource = randomIds): Envelope<P> {
    return this.eventNamed(type.aggregateType, type.name, aggregate, payload, context, ids);
  }

  /** For the event store, which knows its events by name. */
  eventNamed<P>(
    aggregateType: string,
    name: string,
    aggregate: { id: string; version: number },
    payload: P,
    context: MessageContext = {},
    ids: IdSource = randomIds,
  ): Envelope<P> {
    return {
      id: ids.next(),
      type: `${this.source}.${name}`,
      source: this.source,
      subject: this.naming.eventSubject(this.source, aggregateType, aggregate.id),
      aggregateType,
      aggregateId: aggregate.id,
      aggregateVersion: aggregate.version,
      payload,
      headers: contextHeaders(context),
    };
  }

  command<P>(
    to: ServiceName,
    type: CommandType<P>,
    aggregate: { type: string; id: string },
    payload: P,
    saga: SagaAddress,
    context: MessageContext = {},
    ids: IdSource = randomIds,
  ): Envelope<P> {
    return {
      id: ids.next(),
      type: type.type,
      source: this.source,
      subject: this.naming.commands(to),
      aggregateType: aggregate.type,
      aggregateId: aggregate.id,
      aggregateVersion: null,
      payload,
      headers: { ...contextHeaders(context), ...saga, replyTo: this.naming.replies(saga.sagaType) },
    };
  }

  /** A saga progress event of one order, on `ftgo.sagas.progress.<orderId>`; versioned by `orderSequence`. */
  progress<P extends { orderId: string; orderSequence: number }>(
    type: EventType<P>,
    payload: P,
    context: MessageContext = {},
    ids: IdSource = randomIds,
  ): Envelope<P> {
    return {
      id: ids.next(),
      type: type.type,
      source: this.source,
      subject: this.naming.progress(payload.orderId),
      aggregateType: 'Order',
      aggregateId: payload.orderId,
      aggregateVersion: payload.orderSequence,
      payload,
      headers: contextHeaders(context),
    };
  }

  /** A reply to `command`, on its reply subject, correlated by saga id and step. */
  reply<P>(command: Envelope, type: ReplyType<P>, outcome: Outcome, payload: P, ids: IdSource = randomIds): Envelope<P> {
    const { sagaId, sagaType, sagaStep, replyTo, correlationId, traceparent } = command.headers;
    if (!replyTo || !sagaId || !sagaType || !sagaStep) throw new Error(`message ${command.id} (${command.type}) has no saga reply address`);
    return {
      id: ids.next(),
      type: type.type,
      source: this.source,
      subject: replyTo,
      aggregateType: 'Saga',
      aggregateId: sagaId,
      aggregateVersion: null,
      payload,
      headers: { correlationId, traceparent, causationId: command.id, sagaId, sagaType, sagaStep, outcome },
    };
  }
}

function contextHeaders(context: MessageContext): MessageHeaders {
  const headers: MessageHeaders = {};
  if (context.correlationId) headers.correlationId = context.correlationId;
  if (context.causationId) headers.causationId = context.causationId;
  if (context.traceparent) headers.traceparent = context.traceparent;
  return headers;
}

/** The context of work caused by `envelope`: same correlation and trace, caused by it. */
export const causedBy = (envelope: Envelope): MessageContext => ({
  correlationId: envelope.headers.correlationId ?? envelope.id,
  causationId: envelope.id,
  traceparent: envelope.headers.traceparent,
});
