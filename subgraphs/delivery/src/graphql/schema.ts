// type-graphql reads decorator metadata at import time: the polyfill comes before any decorated class (@ftgo/infra/graphql's included).
import 'reflect-metadata';
import { buildFederatedSchema, type SubgraphContext } from '@ftgo/infra/graphql';
import type { GraphQLSchema } from 'graphql';
import type { DeliveryApplication } from '../application/application.js';
import { CourierActionResolver, CourierResolver, DeliveryResolver, deliveries, OrderDeliveryResolver } from './delivery.resolver.js';
import { OrderWithDelivery } from './delivery.types.js';

const RESOLVERS = [DeliveryResolver, CourierResolver, CourierActionResolver, OrderDeliveryResolver] as const;

/** The delivery subgraph. `app` is only called at execution time, so printing the SDL needs none. */
export function deliverySchema(app: DeliveryApplication): Promise<GraphQLSchema> {
  const instances = new Map<unknown, unknown>(RESOLVERS.map((Resolver) => [Resolver, new Resolver(app)]));
  return buildFederatedSchema({
    resolvers: RESOLVERS,
    container: { get: (resolverClass) => instances.get(resolverClass) },
    // Only a field resolver reaches this stub, so it is listed to be emitted.
    orphanedTypes: [OrderWithDelivery],
    referenceResolvers: {
      Delivery: { __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => deliveries(app, ctx).load(ref.id) },
      Order: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
    },
  });
}
