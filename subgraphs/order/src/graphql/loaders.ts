import type { SubgraphContext } from '@ftgo/infra/graphql';
import type { OrderApplication, OrderView, SagaProgressView, SagaView } from '../application/index.js';

/**
 * The request's batched application reads: every `load` of one kind in a request (an `_entities` call with
 * 50 orders, a list of sagas) becomes one application call.
 */
export const loaders = (app: OrderApplication, ctx: SubgraphContext) => ({
  order: (id: string): Promise<OrderView | null> => ctx.loaders.get('order', (ids) => app.queries.ordersByIds(ids)).load(id),
  consumerKnown: async (consumerId: string): Promise<boolean> =>
    (await ctx.loaders.get('consumerKnown', (ids) => app.queries.knownConsumers(ids)).load(consumerId)) ?? false,
  sagasOfOrder: async (orderId: string): Promise<SagaView[]> =>
    (await ctx.loaders.get('sagasOfOrder', (ids) => app.queries.sagasOfOrders(ids)).load(orderId)) ?? [],
  progressOfSaga: async (sagaId: string): Promise<SagaProgressView[]> =>
    (await ctx.loaders.get('progressOfSaga', (ids) => app.queries.progressOfSagas(ids)).load(sagaId)) ?? [],
});
