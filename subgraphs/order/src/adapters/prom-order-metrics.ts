import { Counter, Histogram, type Registry } from 'prom-client';
import type { OrderMetrics, OrderOutcome } from '../application/ports.js';

/** DOMAIN §3.1 counters and the saga step latency, on the platform's registry (DESIGN, Observability). */
export function promOrderMetrics(registry: Registry): OrderMetrics {
  const registers = [registry];
  const orders: Record<OrderOutcome, Counter> = {
    placed: new Counter({ name: 'ftgo_orders_placed_total', help: 'Orders placed (committed)', registers }),
    approved: new Counter({ name: 'ftgo_orders_approved_total', help: 'Orders approved', registers }),
    rejected: new Counter({ name: 'ftgo_orders_rejected_total', help: 'Orders rejected', registers }),
    cancelled: new Counter({ name: 'ftgo_orders_cancelled_total', help: 'Orders cancelled', registers }),
    revised: new Counter({ name: 'ftgo_orders_revised_total', help: 'Order revisions confirmed', registers }),
  };
  const started = new Counter({ name: 'ftgo_sagas_started_total', help: 'Sagas started', labelNames: ['type'], registers });
  const ended = new Counter({ name: 'ftgo_sagas_ended_total', help: 'Sagas ended, by outcome', labelNames: ['type', 'outcome'], registers });
  const ignored = new Counter({
    name: 'ftgo_saga_replies_ignored_total',
    help: 'Saga replies ignored (late, duplicate, foreign)',
    labelNames: ['type'],
    registers,
  });
  const steps = new Histogram({
    name: 'ftgo_saga_step_seconds',
    help: 'From a saga command to its applied reply',
    labelNames: ['type', 'step', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  return {
    order: (outcome) => orders[outcome].inc(),
    sagaStarted: (type) => started.inc({ type }),
    sagaEnded: (type, outcome) => ended.inc({ type, outcome }),
    replyIgnored: (type) => ignored.inc({ type }),
    stepCompleted: (type, step, outcome, seconds) => steps.observe({ type, step, outcome }, seconds),
  };
}
