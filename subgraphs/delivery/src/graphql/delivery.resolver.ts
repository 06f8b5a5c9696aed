// type-graphql reads decorator metadata at import time: the polyfill comes before any decorated class (@ftgo/infra/graphql's included).
import 'reflect-metadata';
import { commandOptions, type SubgraphContext } from '@ftgo/infra/graphql';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { DeliveryApplication } from '../application/application.js';
import type { CourierActionView, CourierView, DeliveryView } from '../application/views.js';
import { CourierPlanAction, CourierType, DeliveryType, OrderWithDelivery } from './delivery.types.js';

/** The request's deliveries, loaded together: one application call however many are asked for. */
export const deliveries = (app: DeliveryApplication, ctx: SubgraphContext) => ctx.loaders.get('delivery.delivery', (ids) => app.queries.deliveriesByIds(ids));

/** The primary port of the delivery service: every field calls the application, nothing else. */
@Resolver(() => DeliveryType)
export class DeliveryResolver {
  constructor(private readonly app: DeliveryApplication) {}

  @Query(() => DeliveryType, { nullable: true })
  delivery(@Arg('id', () => ID) id: string): Promise<DeliveryView | null> {
    return this.app.queries.delivery(id);
  }

  @Mutation(() => DeliveryType)
  pickUpDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<DeliveryView> {
    return this.app.commands.pickUpDelivery({ id, idempotencyKey: commandOptions(ctx).idempotencyKey });
  }

  @Mutation(() => DeliveryType)
  dropOffDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<DeliveryView> {
    return this.app.commands.dropOffDelivery({ id, idempotencyKey: commandOptions(ctx).idempotencyKey });
  }

  /** A reference: the order subgraph resolves the rest. */
  @FieldResolver(() => OrderWithDelivery)
  order(@Root() delivery: DeliveryView): OrderWithDelivery {
    return { id: delivery.orderId };
  }

  @FieldResolver(() => CourierType, { nullable: true, description: 'null until a courier is assigned' })
  async courier(@Root() delivery: DeliveryView, @Ctx() ctx: SubgraphContext): Promise<CourierView | null> {
    if (delivery.courierId === null) return null;
    return ctx.loaders.get('delivery.courier', (ids) => this.app.queries.couriersByIds(ids)).load(delivery.courierId);
  }
}

@Resolver(() => CourierType)
export class CourierResolver {
  constructor(private readonly app: DeliveryApplication) {}

  @Query(() => CourierType, { nullable: true })
  courier(@Arg('id', () => ID) id: string): Promise<CourierView | null> {
    return this.app.queries.courier(id);
  }

  @Mutation(() => CourierType)
  setCourierAvailability(
    @Arg('id', () => ID) id: string,
    @Arg('available', () => Boolean) available: boolean,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CourierView> {
    return this.app.commands.setCourierAvailability({ id, available, idempotencyKey: commandOptions(ctx).idempotencyKey });
  }
}

@Resolver(() => CourierPlanAction)
export class CourierActionResolver {
  constructor(private readonly app: DeliveryApplication) {}

  /** A plan only holds actions of existing deliveries. */
  @FieldResolver(() => DeliveryType)
  async delivery(@Root() action: CourierActionView, @Ctx() ctx: SubgraphContext): Promise<DeliveryView | null> {
    return deliveries(this.app, ctx).load(action.deliveryId);
  }
}

/** `Order.delivery`: the orders of one request share one batched lookup. */
@Resolver(() => OrderWithDelivery)
export class OrderDeliveryResolver {
  constructor(private readonly app: DeliveryApplication) {}

  @FieldResolver(() => DeliveryType, { nullable: true, description: 'null until the delivery service has the order' })
  async delivery(@Root() order: OrderWithDelivery, @Ctx() ctx: SubgraphContext): Promise<DeliveryView | null> {
    return deliveries(this.app, ctx).load(order.id);
  }
}
