import type { SagaReader } from './ports.js';
import { type SagaProgressView, type SagaView, toSagaProgressView, toSagaView } from './saga-view.js';

/** `saga(id)`: null for an unknown or malformed id. */
export function getSaga(sagas: SagaReader) {
  return async (id: string): Promise<SagaView | null> => {
    const instance = await sagas.find(id);
    return instance ? toSagaView(instance) : null;
  };
}

/** `Order.sagas`: every saga of the order, by `startedAt` (DOMAIN §3.1). */
export function getSagasOfOrder(sagas: SagaReader) {
  return async (orderId: string): Promise<SagaView[]> => (await sagas.ofOrder(orderId)).map(toSagaView);
}

/** `Saga.progress`: the saga's full log, by `sequence`. */
export function getSagaProgress(sagas: SagaReader) {
  return async (sagaId: string): Promise<SagaProgressView[]> => (await sagas.progressOfSaga(sagaId)).map(toSagaProgressView);
}

/**
 * The replay part of the `sagaProgress(orderId, after)` subscription (DOMAIN §3.5): the order's rows with
 * `orderSequence > after`, in order; live SagaProgressRecorded events continue from the last one.
 */
export function getProgressOfOrder(sagas: SagaReader) {
  return async (orderId: string, after?: number | null): Promise<SagaProgressView[]> =>
    (await sagas.progressOfOrder(orderId, after ?? 0)).map(toSagaProgressView);
}

/** `Order.sagas` of many orders in one read (a DataLoader batch): per order, in the order asked, oldest first. */
export function getSagasOfOrders(sagas: SagaReader) {
  return async (orderIds: readonly string[]): Promise<SagaView[][]> => {
    const byOrder = groupBy(await sagas.ofOrders(orderIds), (instance) => instance.orderId);
    return orderIds.map((id) => (byOrder.get(id) ?? []).map(toSagaView));
  };
}

/** `Saga.progress` of many sagas in one read (a DataLoader batch): per saga, in the order asked, by `sequence`. */
export function getProgressOfSagas(sagas: SagaReader) {
  return async (sagaIds: readonly string[]): Promise<SagaProgressView[][]> => {
    const bySaga = groupBy(await sagas.progressOfSagas(sagaIds), (row) => row.sagaId);
    return sagaIds.map((id) => (bySaga.get(id) ?? []).map(toSagaProgressView));
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
