import { accountingService } from '@ftgo/accounting';
import { consumerService } from '@ftgo/consumer';
import { deliveryService } from '@ftgo/delivery';
import type { ServiceModule } from '@ftgo/infra';
import { kitchenService } from '@ftgo/kitchen';
import { orderService } from '@ftgo/order';
import { orderHistoryService } from '@ftgo/order-history';
import { restaurantService } from '@ftgo/restaurant';
import { SERVICES, type ServiceName } from '@ftgo/schema';
import type { GraphQLSchema } from 'graphql';
import { SUBGRAPHS, type SubgraphDefinition } from '../subgraphs.js';
import type { System } from '../system.js';
import { SERVICE_PORTS } from './ports.js';

/** Where a service's application sits in the embedded `System`, which the registry's schema builders read. */
export type SystemKey = Exclude<keyof System, 'stop'>;

/** One service as the distributed mode runs it: a process of its own. */
export interface DistributedService {
  name: ServiceName;
  module: ServiceModule<unknown>;
  systemKey: SystemKey;
  /** Its port unless PORT says otherwise: the one the checked-in supergraph names (4001–4007). */
  port: number;
}

const MODULES: Record<ServiceName, { module: ServiceModule<unknown>; systemKey: SystemKey }> = {
  consumer: { module: consumerService, systemKey: 'consumer' },
  restaurant: { module: restaurantService, systemKey: 'restaurant' },
  order: { module: orderService, systemKey: 'order' },
  kitchen: { module: kitchenService, systemKey: 'kitchen' },
  accounting: { module: accountingService, systemKey: 'accounting' },
  delivery: { module: deliveryService, systemKey: 'delivery' },
  'order-history': { module: orderHistoryService, systemKey: 'orderHistory' },
};

/** The seven services, in `SERVICES` order: consumer 4001, restaurant 4002, order 4003 … order-history 4007. */
export const DISTRIBUTED_SERVICES: readonly DistributedService[] = SERVICES.map((name) => ({ name, ...MODULES[name], port: SERVICE_PORTS[name] }));

/** The service called `name`, or undefined. */
export const distributedService = (name: string): DistributedService | undefined => DISTRIBUTED_SERVICES.find((s) => s.name === name);

/** The registry's entry for the service's subgraph; undefined while the registry has none (the service then serves no /graphql). */
export const subgraphOf = (service: DistributedService): SubgraphDefinition | undefined => SUBGRAPHS.find((s) => s.name === service.name);

/**
 * The embedded `System` as one service's process has it: only that service's application. The
 * registry's builders (`schema(system)`) read one member each; reading another one is a bug in the
 * registry, reported at start-up rather than as `undefined` deep inside a resolver.
 */
export function partialSystem(service: DistributedService, app: unknown): System {
  const members = new Set<string>(Object.values(MODULES).map((m) => m.systemKey));
  return new Proxy({} as System, {
    get(_target, property) {
      if (property === service.systemKey) return app;
      if (typeof property === 'string' && members.has(property))
        throw new Error(`the ${service.name} process runs only the ${service.name} service; its subgraph asked for system.${property}`);
      return undefined;
    },
  });
}

/** The service's subgraph schema over its own application, as the registry builds it; undefined without a registry entry. */
export async function serviceSchema(service: DistributedService, app: unknown): Promise<GraphQLSchema | undefined> {
  const definition = subgraphOf(service);
  return definition ? definition.schema(partialSystem(service, app)) : undefined;
}
