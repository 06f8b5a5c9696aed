/**
 * A process to kill: started by `ChildProcess.start` (./child.ts) with its orders as JSON in argv[2],
 * it reports over IPC and waits for SIGKILL. Roles:
 *   relay     runs `service`'s relay and reports `leading` once it holds the leadership;
 *   consumer  subscribes `spec` with the recording handler of ./messaging.ts (replica `child`),
 *             reports `ready`, each `handled` message, and `blocked` when it reaches `blockAt`
 *             inside the handler's transaction, after the effect was written, before commit.
 */
import type { ServiceName } from '@ftgo/schema';
import { createLogger } from '../../src/logging.js';
import type { SubscriptionSpec } from '../../src/messaging/port.js';
import { fastRetryPolicy } from '../../src/messaging/retry-policy.js';
import { Platform } from '../../src/platform.js';
import { eventually, testConfig } from '../../src/testing/index.js';
import type { ChildOrders } from './child.js';
import { Effects } from './messaging.js';

const orders = JSON.parse(process.argv[2]) as ChildOrders;
const send = (message: Record<string, unknown>) => process.send?.(message);
// Orphaned (the test runner died): do not linger holding leases.
process.on('disconnect', () => process.exit(1));

const config = testConfig(orders.kind, orders.namespace);
const platform = await Platform.start({
  config,
  logger: createLogger(config.logLevel),
  pollMs: 100,
  services: orders.services as ServiceName[],
  retry: fastRetryPolicy(5, 50),
});

if (orders.role === 'relay') {
  const relay = platform.startRelay(orders.service as ServiceName);
  await eventually(() => relay.isLeader, 20_000, 'relay leadership');
  send({ type: 'leading' });
} else {
  const spec = orders.spec as SubscriptionSpec;
  const effects = await Effects.create(platform, spec.service);
  const block = orders.blockAt;
  const record = effects.handler(spec, 'child', [], async ({ envelope }) => {
    if (block && envelope.aggregateId === block.aggregateId && envelope.aggregateVersion === block.version) {
      send({ type: 'blocked', id: envelope.id });
      await new Promise(() => {}); // until SIGKILL: the transaction never commits
    }
  });
  await platform.bus.subscribe(spec, async (delivery) => {
    await record(delivery);
    send({ type: 'handled', id: delivery.envelope.id, version: delivery.envelope.aggregateVersion });
  });
  send({ type: 'ready' });
}
