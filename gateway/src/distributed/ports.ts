import { SERVICES, type ServiceName } from '@ftgo/schema';
import { DISTRIBUTED_SUBGRAPH_URLS } from '../schema/sources.js';

/**
 * Each service's port in the distributed mode: the one the checked-in supergraph names
 * (consumer 4001, restaurant 4002, order 4003, kitchen 4004, accounting 4005, delivery 4006,
 * order-history 4007). Kept apart from `services.ts` so the supervisor loads no service code.
 */
export const SERVICE_PORTS: Readonly<Record<ServiceName, number>> = Object.fromEntries(
  SERVICES.map((name) => [name, Number(new URL(DISTRIBUTED_SUBGRAPH_URLS[name]).port)]),
) as Record<ServiceName, number>;
