import { buildFederatedSchema, type SubgraphContext } from '@ftgo/infra/graphql';
import type { GraphQLSchema } from 'graphql';
import type { ConsumerApplication } from '../application/index.js';
import { ConsumerResolver } from './consumer.resolver.js';

/** The consumer subgraph. `app` is only called at execution time, so printing the SDL needs none. */
export function consumerSchema(app: ConsumerApplication): Promise<GraphQLSchema> {
  return buildFederatedSchema({
    resolvers: [ConsumerResolver],
    container: { get: () => new ConsumerResolver(app) },
    referenceResolvers: {
      Consumer: {
        __resolveReference: (ref: { id: string }, ctx: SubgraphContext) =>
          ctx.loaders.get('consumer', (ids) => Promise.all(ids.map((id) => app.queries.consumer(id)))).load(ref.id),
      },
    },
  });
}
