import { partitionOf } from './partition.js';

/** The seven services; each owns one Postgres schema and publishes on `ftgo.<service>.…`. */
export const SERVICES = ['consumer', 'restaurant', 'order', 'kitchen', 'accounting', 'delivery', 'order-history'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Postgres schema of each service (DESIGN.md, Persistence). */
export const SERVICE_SCHEMAS: Record<ServiceName, string> = {
  consumer: 'consumer',
  restaurant: 'restaurant',
  order: 'ordering',
  kitchen: 'kitchen',
  accounting: 'accounting',
  delivery: 'delivery',
  'order-history': 'order_history',
};

export type StreamName = 'FTGO_EVENTS' | 'FTGO_COMMANDS' | 'FTGO_SAGAS';

const NAMESPACE_PATTERN = /^[a-z][a-z0-9_]{0,30}$/;

/**
 * `FTGO_NAMESPACE` prefixes every schema, stream, durable and subject, so that test suites
 * share one Postgres and one NATS without colliding. The empty namespace is production.
 */
export class Naming {
  readonly root: string;

  constructor(readonly namespace = '') {
    if (namespace !== '' && !NAMESPACE_PATTERN.test(namespace)) {
      throw new Error(`FTGO_NAMESPACE must match ${NAMESPACE_PATTERN}, got "${namespace}"`);
    }
    this.root = namespace ? `${namespace}.ftgo` : 'ftgo';
  }

  /** A Postgres schema name (`ordering`, or `t1_ordering` in namespace `t1`). */
  schema(name: string): string {
    return this.namespace ? `${this.namespace}_${name}` : name;
  }

  serviceSchema(service: ServiceName): string {
    return this.schema(SERVICE_SCHEMAS[service]);
  }

  stream(name: StreamName): string {
    return this.namespace ? `${this.namespace.toUpperCase()}_${name}` : name;
  }

  /** A JetStream durable or other broker-side name (no dots allowed there). */
  durable(name: string): string {
    const safe = name.replace(/[^A-Za-z0-9_-]/g, '_');
    return this.namespace ? `${this.namespace}_${safe}` : safe;
  }

  /** `ftgo.<service>.events.<Aggregate>.<p>` */
  eventSubject(service: ServiceName, aggregateType: string, aggregateId: string): string {
    return `${this.root}.${service}.events.${aggregateType}.${partitionOf(aggregateId)}`;
  }

  /** Every partition of one aggregate type's events, or a single partition. */
  eventFilter(service: ServiceName, aggregateType: string, partition?: number): string {
    return `${this.root}.${service}.events.${aggregateType}.${partition ?? '*'}`;
  }

  commands(service: ServiceName): string {
    return `${this.root}.${service}.commands`;
  }

  replies(sagaType: string): string {
    return `${this.root}.sagas.${sagaType}.replies`;
  }

  progress(orderId: string): string {
    return `${this.root}.sagas.progress.${orderId}`;
  }

  /**
   * The subjects of each stream. Services are listed one by one because JetStream refuses
   * overlapping subjects, and `ftgo.*.commands` would overlap `ftgo.sagas.>`.
   */
  streamSubjects(name: StreamName): string[] {
    switch (name) {
      case 'FTGO_EVENTS':
        return SERVICES.map((s) => `${this.root}.${s}.events.>`);
      case 'FTGO_COMMANDS':
        return SERVICES.map((s) => this.commands(s));
      case 'FTGO_SAGAS':
        return [`${this.root}.sagas.>`];
    }
  }

  /** Which stream holds a subject. */
  streamOf(subject: string): StreamName {
    const tokens = subject.slice(this.root.length + 1).split('.');
    if (tokens[0] === 'sagas') return 'FTGO_SAGAS';
    if (tokens[1] === 'commands') return 'FTGO_COMMANDS';
    return 'FTGO_EVENTS';
  }
}
