import 'reflect-metadata';
import { buildFederatedSchema, type SubgraphContext } from '@ftgo/infra/graphql';
import type { GraphQLSchema } from 'graphql';
import type { PubSub } from 'type-graphql';
import type { OrderApplication } from '../application/index.js';
import { liveResolverOf } from './live.resolver.js';
import { loaders } from './loaders.js';
import { OrderResolver } from './order.resolver.js';
import { SagaProgressResolver, SagaResolver } from './saga.resolver.js';

/** type-graphql wants a PubSub once there are subscriptions; ours stream from the application (`subscribe`). */
const noPubSub: PubSub = {
  publish: () => {
    throw new Error('the order subgraph publishes through the outbox, not a PubSub');
  },
  subscribe: () => {
    throw new Error('every order subscription has its own subscribe');
  },
};

/** The order subgraph. `app` is only called at execution time, so printing the SDL needs none. */
export function orderSchema(app: OrderApplication): Promise<GraphQLSchema> {
  const LiveResolver = liveResolverOf(app);
  const resolvers = new Map<unknown, object>([
    [OrderResolver, new OrderResolver(app)],
    [SagaResolver, new SagaResolver(app)],
    [SagaProgressResolver, new SagaProgressResolver(app)],
    [LiveResolver, new LiveResolver()],
  ]);
  return buildFederatedSchema({
    resolvers: [OrderResolver, SagaResolver, SagaProgressResolver, LiveResolver],
    container: { get: (cls) => resolvers.get(cls) },
    pubSub: noPubSub,
    referenceResolvers: {
      Order: {
        __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => loaders(app, ctx).order(ref.id),
      },
    },
  });
}
