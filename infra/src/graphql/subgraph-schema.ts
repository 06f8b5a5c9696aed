import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type IResolvers, printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { type BuildSchemaOptions, buildSchema, createResolversMap, getMetadataStorage } from 'type-graphql';
import { domainErrors } from './errors.js';

/** The Federation 2 directives a subgraph may use; printed as the subgraph's `@link`. */
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

export interface SubgraphSchemaOptions extends Omit<BuildSchemaOptions, 'skipCheck' | 'validate'> {
  /** `__resolveReference` per entity type, e.g. `{ Order: { __resolveReference: (ref, ctx) => ... } }`. */
  referenceResolvers?: IResolvers;
}

/**
 * A Federation 2 subgraph schema from type-graphql classes. type-graphql's own printer drops
 * `@key`, so the schema is printed with its directives, given the federation `@link`, and built
 * by `@apollo/subgraph` with type-graphql's resolvers. Business checks live in the domain, so
 * class-validator stays off; domain errors become the contract's error codes (`domainErrors`).
 */
export async function buildFederatedSchema(options: SubgraphSchemaOptions): Promise<GraphQLSchema> {
  const { referenceResolvers, globalMiddlewares = [], ...rest } = options;
  // Parameter decorators run last to first; ordering by position makes the SDL list arguments as declared.
  getMetadataStorage().params.sort((a, b) => a.index - b.index);
  const schema = await buildSchema({ ...rest, globalMiddlewares: [domainErrors, ...globalMiddlewares], skipCheck: true, validate: false });
  const typeDefs = parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [type, extra] of Object.entries(referenceResolvers ?? {})) resolvers[type] = { ...resolvers[type], ...(extra as object) };
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
}

/** The SDL `npm run schema` checks in as `schema/<name>.graphql`: the subgraph as the gateway composes it. */
export { printSubgraphSchema } from '@apollo/subgraph';
