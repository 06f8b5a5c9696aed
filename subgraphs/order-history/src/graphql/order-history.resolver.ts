import type { SubgraphContext } from '@ftgo/infra/graphql';
import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { OrderHistoryApplication, OrderHistoryPageArgs, OrderHistoryView } from '../application/index.js';
import type { Connection, OrderState } from '../domain/index.js';
import {
  ConsumerOrdersArgs,
  HistoryConsumer,
  HistoryOrderRef,
  OrderHistoryConnectionType,
  OrderHistoryEntryType,
  type OrderHistoryFilterInput,
  OrderHistoryQueryArgs,
} from './order-history.types.js';

const pageArgs = (
  filter: OrderHistoryFilterInput | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): OrderHistoryPageArgs => ({
  filter: filter
    ? { since: filter.since ?? null, keywords: filter.keywords ?? null, states: (filter.states as OrderState[] | null | undefined) ?? null }
    : null,
  first,
  after,
});

/**
 * One consumer's history through the request's loader for these arguments: `Consumer.orders` of an entity
 * batch (same arguments for every consumer) is one application call, and `orderHistory` the same call.
 */
function historyOf(app: OrderHistoryApplication, ctx: SubgraphContext, consumerId: string, args: OrderHistoryPageArgs) {
  return ctx.loaders.get(`orderHistory ${JSON.stringify(args)}`, (consumerIds) => app.queries.orderHistories(consumerIds, args)).load(consumerId);
}

/** The primary port of order history: every field calls the application, nothing else. */
@Resolver(() => OrderHistoryEntryType)
export class OrderHistoryResolver {
  constructor(private readonly app: OrderHistoryApplication) {}

  @Query(() => OrderHistoryConnectionType)
  orderHistory(
    @Args(() => OrderHistoryQueryArgs) { consumerId, filter, first, after }: OrderHistoryQueryArgs,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Connection<OrderHistoryView> | null> {
    return historyOf(this.app, ctx, consumerId, pageArgs(filter, first, after));
  }

  @FieldResolver(() => HistoryOrderRef)
  order(@Root() entry: OrderHistoryView): HistoryOrderRef {
    return { id: entry.orderId };
  }
}

/** `Consumer.orders`, contributed to the consumer subgraph's entity. */
@Resolver(() => HistoryConsumer)
export class ConsumerOrdersResolver {
  constructor(private readonly app: OrderHistoryApplication) {}

  @FieldResolver(() => OrderHistoryConnectionType)
  orders(
    @Root() consumer: HistoryConsumer,
    @Args(() => ConsumerOrdersArgs) { filter, first, after }: ConsumerOrdersArgs,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Connection<OrderHistoryView> | null> {
    return historyOf(this.app, ctx, consumer.id, pageArgs(filter, first, after));
  }
}
