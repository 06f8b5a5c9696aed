import { commandOptions, type SubgraphContext } from '@ftgo/infra/graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { OrderApplication, OrderView, SagaView } from '../application/index.js';
import { loaders } from './loaders.js';
import { CreateOrderInput, OrderConsumerRef, OrderRestaurantRef, OrderType, ReviseOrderArgs, SagaObjectType } from './order.types.js';

/** The primary port for orders: every field calls the application, nothing else. */
@Resolver(() => OrderType)
export class OrderResolver {
  constructor(private readonly app: OrderApplication) {}

  @Query(() => OrderType, { nullable: true })
  order(@Arg('id', () => ID) id: string): Promise<OrderView | null> {
    return this.app.queries.order(id);
  }

  @Mutation(() => OrderType, { description: 'returns APPROVAL_PENDING; CreateOrderSaga follows' })
  createOrder(@Arg('input', () => CreateOrderInput) input: CreateOrderInput, @Ctx() ctx: SubgraphContext): Promise<OrderView> {
    return this.app.commands.createOrder(
      {
        consumerId: input.consumerId,
        restaurantId: input.restaurantId,
        lineItems: input.lineItems.map(({ menuItemId, quantity }) => ({ menuItemId, quantity })),
        deliverTo: input.deliverTo ? { ...input.deliverTo } : input.deliverTo,
        deliverToAddressId: input.deliverToAddressId,
        deliverAt: input.deliverAt?.toISOString() ?? null,
      },
      commandOptions(ctx),
    );
  }

  @Mutation(() => OrderType, { description: 'returns CANCEL_PENDING or fails FAILED_PRECONDITION; CancelOrderSaga follows' })
  cancelOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<OrderView> {
    return this.app.commands.cancelOrder({ id }, commandOptions(ctx));
  }

  @Mutation(() => OrderType, { description: 'returns REVISION_PENDING; ReviseOrderSaga follows' })
  reviseOrder(@Args(() => ReviseOrderArgs) { id, lineItems }: ReviseOrderArgs, @Ctx() ctx: SubgraphContext): Promise<OrderView> {
    return this.app.commands.reviseOrder({ id, lineItems: lineItems.map(({ menuItemId, quantity }) => ({ menuItemId, quantity })) }, commandOptions(ctx));
  }

  @FieldResolver(() => OrderConsumerRef, { nullable: true })
  async consumer(@Root() order: OrderView, @Ctx() ctx: SubgraphContext): Promise<OrderConsumerRef | null> {
    return (await loaders(this.app, ctx).consumerKnown(order.consumerId)) ? { id: order.consumerId } : null;
  }

  @FieldResolver(() => OrderRestaurantRef)
  restaurant(@Root() order: OrderView): OrderRestaurantRef {
    return { id: order.restaurantId };
  }

  @FieldResolver(() => [SagaObjectType])
  sagas(@Root() order: OrderView, @Ctx() ctx: SubgraphContext): Promise<SagaView[]> {
    return loaders(this.app, ctx).sagasOfOrder(order.id);
  }
}
