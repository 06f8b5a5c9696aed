import type { SubgraphContext } from '@ftgo/infra/graphql';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { OrderApplication, OrderView, SagaProgressView, SagaView } from '../application/index.js';
import { loaders } from './loaders.js';
import { OrderType, SagaObjectType, SagaProgressType } from './order.types.js';

/** `Saga`: every field calls the application, nothing else. */
@Resolver(() => SagaObjectType)
export class SagaResolver {
  constructor(private readonly app: OrderApplication) {}

  @Query(() => SagaObjectType, { nullable: true })
  saga(@Arg('id', () => ID) id: string): Promise<SagaView | null> {
    return this.app.queries.saga(id);
  }

  @FieldResolver(() => [SagaProgressType])
  progress(@Root() saga: SagaView, @Ctx() ctx: SubgraphContext): Promise<SagaProgressView[]> {
    return loaders(this.app, ctx).progressOfSaga(saga.id);
  }
}

/** `SagaProgress.order`: the order as it stands when the row is resolved. */
@Resolver(() => SagaProgressType)
export class SagaProgressResolver {
  constructor(private readonly app: OrderApplication) {}

  @FieldResolver(() => OrderType)
  async order(@Root() progress: SagaProgressView, @Ctx() ctx: SubgraphContext): Promise<OrderView | null> {
    return loaders(this.app, ctx).order(progress.orderId);
  }
}
