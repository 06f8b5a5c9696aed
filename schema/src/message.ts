/**
 * A message type declared once and used by publisher and consumer alike, so that a typo
 * in a name is a compile error rather than a message that never arrives.
 */
export type MessageKind = 'event' | 'command' | 'reply';

export interface MessageType<P, K extends MessageKind = MessageKind> {
  readonly kind: K;
  /** `<service>.<Name>`, e.g. `order.OrderCreated`, `saga.Success`. */
  readonly type: string;
  readonly name: string;
  /** Phantom: carries the payload type. */
  readonly payload?: P;
  /** Narrows a message by its envelope `type`. */
  is<M extends { type: string }>(message: M): message is M & { payload: P };
}

export interface EventType<P> extends MessageType<P, 'event'> {
  readonly aggregateType: string;
}
export type CommandType<P> = MessageType<P, 'command'>;
export type ReplyType<P> = MessageType<P, 'reply'>;

/** The payload type of a declared message. */
export type PayloadOf<T> = T extends MessageType<infer P> ? P : never;

function declare<P, K extends MessageKind>(kind: K, prefix: string, name: string): MessageType<P, K> {
  const type = `${prefix}.${name}`;
  return { kind, type, name, is: <M extends { type: string }>(m: M): m is M & { payload: P } => m.type === type };
}

export const event = <P>(service: string, aggregateType: string, name: string): EventType<P> => ({
  ...declare<P, 'event'>('event', service, name),
  aggregateType,
});

export const command = <P>(service: string, name: string): CommandType<P> => declare<P, 'command'>('command', service, name);

/** Replies are declared by the participant that sends them; generic ones use the prefix `saga`. */
export const reply = <P>(prefix: string, name: string): ReplyType<P> => declare<P, 'reply'>('reply', prefix, name);

/**
 * What a domain decider emits for a declared event: the payload without `occurredAt`,
 * which the event store stamps (= the event's `recorded_at`, DOMAIN §0).
 */
export type EventData<T> = Omit<PayloadOf<T>, 'occurredAt'>;

/** A domain event as a decider emits it: `{ type: 'OrderApproved', data: {...} }`. */
export type DomainEvent<T extends EventType<unknown>, N extends string = string> = { type: N; data: EventData<T> };
