// type-graphql reads decorator metadata at import time: the polyfill comes before any decorated class (@ftgo/infra/graphql's included).
import 'reflect-metadata';
import { buildFederatedSchema, type SubgraphContext } from '@ftgo/infra/graphql';
import type { GraphQLSchema } from 'graphql';
import type { KitchenApplication } from '../application/kitchen-application.js';
import { OrderTicketResolver, RestaurantTicketsResolver, TicketResolver } from './ticket.resolver.js';
import { OrderWithTicket, RestaurantWithTickets } from './ticket.types.js';

const RESOLVERS = [TicketResolver, OrderTicketResolver, RestaurantTicketsResolver] as const;

/** The kitchen subgraph. `app` is only called at execution time, so printing the SDL needs none. */
export function kitchenSchema(app: KitchenApplication): Promise<GraphQLSchema> {
  const instances = new Map<unknown, unknown>(RESOLVERS.map((Resolver) => [Resolver, new Resolver(app)]));
  const byReference = (ref: { id: string }) => ({ id: ref.id });
  return buildFederatedSchema({
    resolvers: RESOLVERS,
    container: { get: (resolverClass) => instances.get(resolverClass) },
    // Only field resolvers reach these stubs, so they are listed to be emitted.
    orphanedTypes: [OrderWithTicket, RestaurantWithTickets],
    referenceResolvers: {
      Ticket: {
        __resolveReference: (ref: { id: string }, ctx: SubgraphContext) =>
          ctx.loaders.get('kitchen.ticket', (ids) => app.queries.ticketsByIds(ids)).load(ref.id),
      },
      Order: { __resolveReference: byReference },
      Restaurant: { __resolveReference: byReference },
    },
  });
}
