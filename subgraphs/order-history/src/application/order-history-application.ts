import { getOrderHistories, getOrderHistory } from './get-order-history.js';
import type { Clock, OrderHistoryEntries, OrderHistorySearch, ProjectionRebuilds, ProjectionReplays } from './ports.js';
import { projectOrderEvent } from './project-order-event.js';
import { rebuild, rebuildStatus } from './rebuild.js';

export interface OrderHistoryApplicationDeps {
  entries: OrderHistoryEntries;
  search: OrderHistorySearch;
  rebuilds: ProjectionRebuilds;
  replays: ProjectionReplays;
  clock: Clock;
}

export function createOrderHistoryApplication(deps: OrderHistoryApplicationDeps) {
  return {
    commands: {
      projectOrderEvent: projectOrderEvent(deps),
      rebuild: rebuild(deps),
    },
    queries: {
      orderHistory: getOrderHistory(deps),
      orderHistories: getOrderHistories(deps),
      rebuildStatus: rebuildStatus(deps),
    },
  };
}

export type OrderHistoryApplication = ReturnType<typeof createOrderHistoryApplication>;
