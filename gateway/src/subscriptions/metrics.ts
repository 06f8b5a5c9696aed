import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The gateway's subscription metrics (DESIGN, GraphQL: subscriptions). */
export class SubscriptionMetrics {
  readonly active: Gauge<'transport'>;
  readonly events: Counter<'transport'>;
  /** Subgraph fetches made to resolve subscription events (the plan's `rest`), by subgraph. */
  readonly fetches: Counter<'subgraph'>;
  /** Upstream subscription streams open to subgraphs (a multiplexed one counts once, however many subscribers). */
  readonly upstreams: Gauge;
  /**
   * Seconds from an event's arrival from the upstream subgraph to its result handed to one subscriber's
   * transport, per subscriber: the rest of the plan (entity fetches) plus the fan-out.
   */
  readonly delivery: Histogram;

  constructor(registry: Registry) {
    const registers = [registry];
    this.active = new Gauge({
      name: 'ftgo_gateway_active_subscriptions',
      help: 'GraphQL subscriptions open at the gateway, by transport (ws, sse)',
      labelNames: ['transport'],
      registers,
    });
    this.events = new Counter({
      name: 'ftgo_gateway_subscription_events_total',
      help: 'Subscription events sent to clients, by transport (ws, sse)',
      labelNames: ['transport'],
      registers,
    });
    this.fetches = new Counter({
      name: 'ftgo_gateway_subscription_fetches_total',
      help: 'Subgraph fetches made to resolve subscription events, shared by the subscribers of one selection, by subgraph',
      labelNames: ['subgraph'],
      registers,
    });
    this.upstreams = new Gauge({
      name: 'ftgo_gateway_subscription_upstreams',
      help: 'Subscription streams open from the gateway to subgraphs (a multiplexed stream counts once)',
      registers,
    });
    this.delivery = new Histogram({
      name: 'ftgo_gateway_subscription_delivery_seconds',
      help: 'From a subscription event arriving from its subgraph to its result handed to a subscriber (entity fetches and fan-out), per subscriber',
      buckets: [0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5, 5],
      registers,
    });
  }
}
