import { NatsBus } from '../messaging/nats/nats-bus.js';
import { consumerName, type SubscriptionSpec } from '../messaging/port.js';
import type { Platform } from '../platform.js';
import { ident } from '../postgres/database.js';

/**
 * What the broker keeps for a subscription, named: its JetStream durables that exist (NATS), or its
 * cursor rows in the services' outbox schemas (local). Empty once the subscription is forgotten.
 */
export async function keptFor(platform: Platform, spec: SubscriptionSpec): Promise<string[]> {
  const bus = platform.bus;
  if (bus instanceof NatsBus) {
    const naming = platform.config.naming;
    const stream = naming.stream(naming.streamOf(spec.subject));
    const base = naming.durable(`${spec.service}-${spec.name}`);
    const kept: string[] = [];
    for await (const consumer of bus.jsm.consumers.list(stream)) {
      const name = consumer.config.durable_name ?? consumer.name;
      if (name === base || name.startsWith(`${base}-p`)) kept.push(name);
    }
    return kept;
  }
  const kept: string[] = [];
  for (const service of platform.services) {
    const cursors = `${ident(platform.schema(service))}.local_cursors`;
    const { rows } = await platform.db.query(`SELECT 1 FROM ${cursors} WHERE subscription = $1`, [consumerName(spec)]);
    if (rows.length > 0) kept.push(cursors);
  }
  return kept;
}
