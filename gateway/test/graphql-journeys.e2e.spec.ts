import 'reflect-metadata';
import { messagingKinds } from '@ftgo/infra/testing';
import { startDistributedStack } from './e2e/distributed-stack.js';
import { defineJourneys } from './e2e/journeys.js';
import { startEmbeddedStack } from './e2e/stack.js';

/**
 * Issue 4's end-to-end GraphQL journeys against the embedded topology (gateway/src/main.ts's
 * wiring on a free port): the full set on local messaging, the happy path also on NATS JetStream
 * when NATS_URL is set; and the full set against the distributed topology (eight processes on
 * NATS). The journeys speak GraphQL over HTTP only (gateway/test/e2e/journeys.ts).
 */
for (const kind of messagingKinds()) {
  defineJourneys(`embedded, ${kind} messaging`, (t) => startEmbeddedStack(t, kind), { happyPathOnly: kind !== 'local' });
}

if (messagingKinds().includes('nats')) defineJourneys('distributed, NATS messaging', startDistributedStack);
