// type-graphql reads decorator metadata at import time: the polyfill comes before any decorated class (@ftgo/infra/graphql's included).
import 'reflect-metadata';
import { buildFederatedSchema, type SubgraphContext } from '@ftgo/infra/graphql';
import type { GraphQLSchema } from 'graphql';
import type { AccountingApplication } from '../application/index.js';
import { AccountResolver, accountLoader, ConsumerAccountResolver } from './account.resolver.js';
import { ConsumerWithAccount } from './account.types.js';

/** The accounting subgraph. `app` is only called at execution time, so printing the SDL needs none. */
export function accountingSchema(app: AccountingApplication): Promise<GraphQLSchema> {
  const resolvers = new Map<unknown, unknown>([
    [AccountResolver, new AccountResolver(app)],
    [ConsumerAccountResolver, new ConsumerAccountResolver(app)],
  ]);
  return buildFederatedSchema({
    resolvers: [AccountResolver, ConsumerAccountResolver],
    // Only field resolvers reach the Consumer stub, so it is listed here to be part of the schema.
    orphanedTypes: [ConsumerWithAccount],
    container: { get: (cls) => resolvers.get(cls) },
    referenceResolvers: {
      Account: { __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => accountLoader(app, ctx).load(ref.id) },
      Consumer: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
    },
  });
}
