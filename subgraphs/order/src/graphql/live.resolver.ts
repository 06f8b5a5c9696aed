import { domainErrors, Loaders, type SubgraphContext } from '@ftgo/infra/graphql';
import { Arg, Args, Ctx, ID, Resolver, type ResolverData, Root, Subscription } from 'type-graphql';
import type { OrderApplication, OrderView, SagaProgressView } from '../application/index.js';
import { OrderType, SagaProgressArgs, SagaProgressType } from './order.types.js';

/**
 * A subscription's `subscribe` with the domain errors of the rest of the schema: type-graphql's middlewares
 * wrap resolvers but not `subscribe`, so an unknown order is NOT_FOUND through the same `domainErrors`.
 */
const subscribing = <T>(open: () => Promise<AsyncIterable<T>>): Promise<AsyncIterable<T>> =>
  domainErrors({} as ResolverData, open) as Promise<AsyncIterable<T>>;

/**
 * One subscription's context lives as long as the subscription and every event is executed with it: each
 * event starts with fresh DataLoaders, so `order`, `sagas`, ... are read at delivery time, not cached
 * from an earlier event.
 */
function atDelivery(ctx: SubgraphContext): void {
  ctx.loaders = new Loaders();
}

/**
 * `Subscription`: the streams are the application's (`app.subscriptions`). type-graphql hands `subscribe` no
 * resolver instance, so the class is made per application and its `subscribe` functions close over `app`.
 */
export function liveResolverOf(app: OrderApplication) {
  @Resolver()
  class OrderLiveResolver {
    @Subscription(() => SagaProgressType, {
      description:
        'Every saga progress event of this order (all sagas: create, cancel, revise), in orderSequence order: first the ones ' +
        'already recorded (after `after`, if given), then live ones, with no gap and no duplicate, until the client closes it. ' +
        'Unknown order: a NOT_FOUND error.',
      subscribe: ({ args }) => subscribing(() => app.subscriptions.sagaProgress(args.orderId, args.after)),
    })
    sagaProgress(@Root() progress: SagaProgressView, @Ctx() ctx: SubgraphContext, @Args(() => SagaProgressArgs) _args: SagaProgressArgs): SagaProgressView {
      atDelivery(ctx);
      return progress;
    }

    @Subscription(() => OrderType, {
      description:
        'The order each time its state changes (first event: the current state); one event per version that changed the ' +
        'state, in version order. Unknown order: a NOT_FOUND error.',
      subscribe: ({ args }) => subscribing(() => app.subscriptions.orderStateChanged(args.orderId)),
    })
    orderStateChanged(@Root() order: OrderView, @Ctx() ctx: SubgraphContext, @Arg('orderId', () => ID) _orderId: string): OrderView {
      atDelivery(ctx);
      return order;
    }
  }
  return OrderLiveResolver;
}
