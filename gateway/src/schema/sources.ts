import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';

/** The seven subgraphs, in the order `npm run schema` composes them: that of their distributed ports. */
export const SUBGRAPH_NAMES = ['consumer', 'restaurant', 'order', 'kitchen', 'accounting', 'delivery', 'order-history'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/**
 * Where each subgraph listens in the distributed mode: the URLs written into the checked-in
 * `supergraph.graphql`. A distributed gateway replaces them from its environment; the embedded one
 * ignores them (it calls the subgraphs in process).
 */
export const DISTRIBUTED_SUBGRAPH_URLS: Readonly<Record<SubgraphName, string>> = {
  consumer: 'http://localhost:4001/graphql',
  restaurant: 'http://localhost:4002/graphql',
  order: 'http://localhost:4003/graphql',
  kitchen: 'http://localhost:4004/graphql',
  accounting: 'http://localhost:4005/graphql',
  delivery: 'http://localhost:4006/graphql',
  'order-history': 'http://localhost:4007/graphql',
};

/** One subgraph as `npm run schema` sees it: its name, its URL in the supergraph, and its SDL. */
export interface SubgraphSdlSource {
  name: string;
  url: string;
  sdl(): Promise<string>;
}

/** A subgraph's schema builder, `<svc>Schema(app)`: the application is only called when resolving. */
export type SubgraphSchemaBuilder = (app: never) => Promise<GraphQLSchema>;

/** The SDL of a subgraph: its schema printed with its federation directives, as the gateway composes it. */
export async function subgraphSdl(build: SubgraphSchemaBuilder): Promise<string> {
  return printSubgraphSchema(await build(undefined as never));
}

/** A source printing the subgraph its builder makes, without an application. */
export function builderSource(name: string, build: SubgraphSchemaBuilder, url = DISTRIBUTED_SUBGRAPH_URLS[name as SubgraphName]): SubgraphSdlSource {
  if (!url) throw new Error(`no URL for subgraph "${name}"`);
  return { name, url, sdl: () => subgraphSdl(build) };
}

/**
 * The sources of a registry mapping each subgraph name to its builder, in `SUBGRAPH_NAMES` order
 * (names not in `SUBGRAPH_NAMES` follow, in the registry's order). Every one of the seven must be there.
 */
export function registrySources(registry: Readonly<Record<string, SubgraphSchemaBuilder | undefined>>): SubgraphSdlSource[] {
  const missing = SUBGRAPH_NAMES.filter((name) => typeof registry[name] !== 'function');
  if (missing.length > 0) throw new Error(`no schema builder for subgraph(s): ${missing.join(', ')}`);
  const extra = Object.keys(registry).filter((name) => !(SUBGRAPH_NAMES as readonly string[]).includes(name));
  return [...SUBGRAPH_NAMES, ...extra].map((name) => builderSource(name, registry[name] as SubgraphSchemaBuilder));
}

/** A subgraph as the gateway's registry (`gateway/src/subgraphs.ts`) defines it. */
export interface SubgraphDefinitionLike {
  name: string;
  url: string;
  schema(system: never): Promise<GraphQLSchema>;
}

/**
 * The sources of the gateway's registry, in its order. Each schema is built over an empty system:
 * `<svc>Schema(system.<svc>)` only calls its application when resolving. Every one of the seven must be there.
 */
export function definitionSources(definitions: readonly SubgraphDefinitionLike[]): SubgraphSdlSource[] {
  const missing = SUBGRAPH_NAMES.filter((name) => !definitions.some((d) => d.name === name));
  if (missing.length > 0) throw new Error(`no schema builder for subgraph(s): ${missing.join(', ')}`);
  return definitions.map(({ name, url, schema }) => ({ name, url, sdl: async () => printSubgraphSchema(await schema({} as never)) }));
}
