import { accountingSchema } from '@ftgo/accounting';
import { consumerSchema } from '@ftgo/consumer';
import { deliverySchema } from '@ftgo/delivery';
import { kitchenSchema } from '@ftgo/kitchen';
import { orderSchema } from '@ftgo/order';
import { orderHistorySchema } from '@ftgo/order-history';
import { restaurantSchema } from '@ftgo/restaurant';
import type { GraphQLSchema } from 'graphql';
import type { System } from './system.js';

/**
 * A subgraph of the supergraph as the embedded gateway runs it: its name (as composed into
 * `schema/supergraph.graphql`), the URL it listens on in distributed mode (what the supergraph
 * names), and its schema built over the embedded system's application.
 */
export interface SubgraphDefinition {
  name: string;
  url: string;
  schema(system: System): Promise<GraphQLSchema>;
}

const url = (port: number) => `http://localhost:${port}/graphql`;

/** Every subgraph, in composition order; distributed mode serves them on ports 4001–4007. */
export const SUBGRAPHS: readonly SubgraphDefinition[] = [
  { name: 'consumer', url: url(4001), schema: (system) => consumerSchema(system.consumer) },
  { name: 'restaurant', url: url(4002), schema: (system) => restaurantSchema(system.restaurant) },
  { name: 'order', url: url(4003), schema: (system) => orderSchema(system.order) },
  { name: 'kitchen', url: url(4004), schema: (system) => kitchenSchema(system.kitchen) },
  { name: 'accounting', url: url(4005), schema: (system) => accountingSchema(system.accounting) },
  { name: 'delivery', url: url(4006), schema: (system) => deliverySchema(system.delivery) },
  { name: 'order-history', url: url(4007), schema: (system) => orderHistorySchema(system.orderHistory) },
];
