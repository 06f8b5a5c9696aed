import { after, before, describe } from 'node:test';
import { registerBadInputs, registerKnownBugs } from './bad-inputs.js';
import { GraphQLClient } from './client.js';
import type { JourneyContext, JourneyOptions, StackStarter } from './context.js';
import { registerGuards } from './guards.js';
import { registerHappyJourneys } from './happy-journeys.js';

/**
 * Registers the end-to-end GraphQL suites of issue 4 for one stack: happy-path journeys, every
 * reachable contract error, idempotency through the gateway and the N+1 guard. One stack per suite
 * (started in `before`, closed in `after`); each journey makes its own data. Journeys speak only
 * GraphQL over HTTP to `stack.url`, so any topology that serves the supergraph can run them.
 *
 * The stack must be fresh and the suite alone on it: the delivery journeys expect their own courier
 * to be the only available one (DOMAIN §4.1 would give the delivery to another), and the N+1 guard
 * reads the gateway's `/metrics` counters around one request.
 */
export function defineJourneys(name: string, startStack: StackStarter, options: JourneyOptions = {}): void {
  describe(`GraphQL journeys (${name})`, () => {
    let context: JourneyContext | undefined;
    before(async () => {
      const stack = await startStack();
      context = { stack, client: new GraphQLClient(stack.url) };
    });
    after(() => context?.stack.close());
    const get = (): JourneyContext => {
      if (!context) throw new Error('the stack did not start');
      return context;
    };
    registerHappyJourneys(get, options);
    if (options.happyPathOnly) return;
    registerBadInputs(get);
    registerGuards(get);
    registerKnownBugs(get);
  });
}

export type { JourneyContext, JourneyOptions, Stack, StackStarter } from './context.js';
export { JOURNEY_TIMEOUT } from './context.js';
