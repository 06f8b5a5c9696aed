import * as accounting from '@ftgo/accounting';
import * as consumer from '@ftgo/consumer';
import * as delivery from '@ftgo/delivery';
import * as kitchen from '@ftgo/kitchen';
import * as order from '@ftgo/order';
import * as orderHistory from '@ftgo/order-history';
import * as restaurant from '@ftgo/restaurant';
import { registrySources, SUBGRAPH_NAMES, type SubgraphName, type SubgraphSchemaBuilder, type SubgraphSdlSource } from './sources.js';

const packages: Record<SubgraphName, object> = {
  consumer,
  accounting,
  restaurant,
  order,
  kitchen,
  delivery,
  'order-history': orderHistory,
};

/** `order-history` → `orderHistorySchema`: the builder each `@ftgo/<svc>` package exports. */
export const builderExportName = (name: string): string => `${name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase())}Schema`;

/**
 * Each subgraph's `<svc>Schema` as its package exports it (absent until the package does). Stands in
 * for the gateway's registry (`gateway/src/subgraphs.ts`) until that lists all seven: then
 * `defaultSubgraphSources` becomes `definitionSources(SUBGRAPHS)`.
 */
export function packageSchemaBuilders(): Partial<Record<SubgraphName, SubgraphSchemaBuilder>> {
  const builders: Partial<Record<SubgraphName, SubgraphSchemaBuilder>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const exported = (packages[name] as Record<string, unknown>)[builderExportName(name)];
    if (typeof exported === 'function') builders[name] = exported as SubgraphSchemaBuilder;
  }
  return builders;
}

/** The seven subgraphs `npm run schema` prints and composes; throws naming the ones without a builder. */
export function defaultSubgraphSources(): SubgraphSdlSource[] {
  return registrySources(packageSchemaBuilders());
}
