import 'reflect-metadata';
import { buildFederatedSchema } from '@ftgo/infra/graphql';
import type { GraphQLSchema } from 'graphql';
import type { OrderHistoryApplication } from '../application/index.js';
import { ConsumerOrdersResolver, OrderHistoryResolver } from './order-history.resolver.js';
import { HistoryConsumer } from './order-history.types.js';

/** The order-history subgraph. `app` is only called at execution time, so printing the SDL needs none. */
export function orderHistorySchema(app: OrderHistoryApplication): Promise<GraphQLSchema> {
  const resolvers = new Map<unknown, object>([
    [OrderHistoryResolver, new OrderHistoryResolver(app)],
    [ConsumerOrdersResolver, new ConsumerOrdersResolver(app)],
  ]);
  return buildFederatedSchema({
    resolvers: [OrderHistoryResolver, ConsumerOrdersResolver],
    container: { get: (cls) => resolvers.get(cls) },
    // The Consumer stub only carries `orders`: reachable from no field, and any consumer id has a history.
    orphanedTypes: [HistoryConsumer],
    referenceResolvers: {
      Consumer: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
    },
  });
}
