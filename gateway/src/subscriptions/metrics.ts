import { Counter, Gauge, type Registry } from 'prom-client';

/** The gateway's subscription metrics (DESIGN, GraphQL: subscriptions). */
export class SubscriptionMetrics {
  readonly active: Gauge<'transport'>;
  readonly events: Counter<'transport'>;
  /** Subgraph fetches made to resolve subscription events (the plan's `rest`), by subgraph. */
  readonly fetches: Counter<'subgraph'>;
  /** Upstream subscription streams open to subgraphs (a multiplexed one counts once, however many subscribers). */
  readonly upstreams: Gauge;

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
  }
}
