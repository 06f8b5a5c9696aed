import { accountingService } from '@ftgo/accounting';
import { consumerService } from '@ftgo/consumer';
import { deliveryService } from '@ftgo/delivery';
import type { Platform, RunningService } from '@ftgo/infra';
import { kitchenService } from '@ftgo/kitchen';
import { orderService } from '@ftgo/order';
import { orderHistoryService } from '@ftgo/order-history';
import { restaurantService } from '@ftgo/restaurant';

export interface System {
  consumer: Awaited<ReturnType<typeof consumerService.start>>['app'];
  accounting: Awaited<ReturnType<typeof accountingService.start>>['app'];
  restaurant: Awaited<ReturnType<typeof restaurantService.start>>['app'];
  kitchen: Awaited<ReturnType<typeof kitchenService.start>>['app'];
  delivery: Awaited<ReturnType<typeof deliveryService.start>>['app'];
  order: Awaited<ReturnType<typeof orderService.start>>['app'];
  orderHistory: Awaited<ReturnType<typeof orderHistoryService.start>>['app'];
  stop(): Promise<void>;
}

/** Every service on one platform: the embedded mode's monolith, the same code as the distributed one. */
export async function startSystem(platform: Platform): Promise<System> {
  const started: RunningService[] = [];
  const start = async <A>(module: { start(p: Platform): Promise<RunningService<A>> }): Promise<A> => {
    const running = await module.start(platform);
    started.push(running);
    return running.app;
  };
  const restaurant = await start(restaurantService);
  const consumer = await start(consumerService);
  const accounting = await start(accountingService);
  const kitchen = await start(kitchenService);
  const delivery = await start(deliveryService);
  const order = await start(orderService);
  const orderHistory = await start(orderHistoryService);
  return {
    consumer,
    accounting,
    restaurant,
    kitchen,
    delivery,
    order,
    orderHistory,
    stop: async () => {
      for (const service of started.reverse()) await service.stop();
    },
  };
}
