// type-graphql reads decorator metadata at import time: the polyfill comes before any decorated class (@ftgo/infra/graphql's included).
import 'reflect-metadata';
import { buildFederatedSchema, type SubgraphContext } from '@ftgo/infra/graphql';
import type { GraphQLSchema } from 'graphql';
import type { RestaurantApplication } from '../application/index.js';
import { RestaurantResolver, restaurantLoader } from './restaurant.resolver.js';

/** The restaurant subgraph. `app` is only called at execution time, so printing the SDL needs none. */
export function restaurantSchema(app: RestaurantApplication): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [RestaurantResolver],
    container: { get: () => new RestaurantResolver(app) },
    referenceResolvers: {
      Restaurant: { __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => restaurantLoader(app, ctx).load(ref.id) },
    },
  });
}
