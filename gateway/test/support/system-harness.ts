import { randomUUID } from 'node:crypto';
import type { TestContext } from 'node:test';
import {
  type Delivery,
  fastRetryPolicy,
  type MessageBus,
  type MessageHandler,
  type MessagingKind,
  Outbox,
  type Platform,
  type SubscriptionSpec,
} from '@ftgo/infra';
import { eventually, testPlatform } from '@ftgo/infra/testing';
import { DomainError, saga } from '@ftgo/schema';
import { type System, startSystem } from '../../src/system.js';

/** Changes what reaches a subscription's handler: duplicates, injected participant failures. */
export type HandlerWrapper = (spec: SubscriptionSpec, handler: MessageHandler, platform: Platform) => MessageHandler;

/**
 * The platform as services see it, with every subscription's handler wrapped. Only the messaging
 * edge changes; the services, Postgres and the broker are the real ones.
 */
function wrapSubscriptions(platform: Platform, wrap: HandlerWrapper): Platform {
  const bus = new Proxy(platform.bus, {
    get(target, prop) {
      if (prop === 'subscribe') return (spec: SubscriptionSpec, handler: MessageHandler) => target.subscribe(spec, wrap(spec, handler, platform));
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as MessageBus;
  return new Proxy(platform, {
    get(target, prop) {
      if (prop === 'bus') return bus;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** At-least-once taken literally: every delivery reaches its handler twice. */
export const deliverTwice: HandlerWrapper = (_spec, handler) => async (delivery: Delivery) => {
  await handler(delivery);
  await handler(delivery);
};

/**
 * A participant that refuses chosen saga steps of a chosen consumer's orders: instead of running the
 * command it replies saga.Failure through its own outbox, as the participant would on a business
 * rejection. Faults are keyed by consumer because the order id is minted inside the order service.
 */
export class FaultInjector {
  private readonly faults = new Map<string, Set<string>>();
  /** Set once the system runs: which consumer placed an order. */
  consumerOf: (orderId: string) => Promise<string | null> = async () => null;

  failForConsumer(consumerId: string, ...steps: string[]): void {
    this.faults.set(consumerId, new Set(steps));
  }

  readonly wrap: HandlerWrapper = (spec, handler, platform) => {
    if (spec.name !== 'commands') return handler;
    const outbox = new Outbox(platform.schema(spec.service));
    const messages = platform.messages(spec.service);
    return async (delivery) => {
      const { envelope } = delivery;
      const step = envelope.headers.sagaStep ?? '';
      const consumerId = this.faults.size > 0 ? await this.consumerOf(envelope.aggregateId) : null;
      if (!consumerId || !this.faults.get(consumerId)?.has(step)) return handler(delivery);
      const reply = messages.reply(envelope, saga.Failure, 'FAILURE', { reason: `injected failure of ${step}` });
      await platform.db.transaction((tx) => outbox.append(tx, [reply]));
    };
  };
}

export interface Demo {
  restaurantId: string;
  consumerId: string;
  courierId: string;
}

export interface SystemHarness {
  platform: Platform;
  system: System;
  demo: Demo;
  /** A fresh consumer with the demo address book (and, after a moment, an account). */
  newConsumer(name?: string): Promise<string>;
  /** createOrder as a client does it: retried while replicas have not caught up (DOMAIN §1.4). */
  placeOrder(consumerId: string, lineItems?: { menuItemId: string; quantity: number }[]): Promise<string>;
  /** Waits until the order's latest saga has ended. */
  sagaEnded(orderId: string, count?: number): Promise<void>;
}

export const HOME = { street1: '123 Main St.', street2: 'Apt 4', city: 'Oakland', state: 'CA', zip: '94612' };

/** The whole system on one platform in a fresh namespace, seeded with DOMAIN §6's demo data. */
export async function startSystemHarness(
  t: TestContext,
  kind: MessagingKind,
  options: { wrap?: HandlerWrapper; faults?: FaultInjector } = {},
): Promise<SystemHarness> {
  const base = await testPlatform(t, kind, { retry: fastRetryPolicy(5, 100) });
  const wrap = options.wrap ?? options.faults?.wrap;
  const platform = wrap ? wrapSubscriptions(base, wrap) : base;
  const system = await startSystem(platform);
  t.after(() => system.stop());
  if (options.faults) options.faults.consumerOf = async (orderId) => (await system.order.queries.order(orderId))?.consumerId ?? null;

  const restaurant = await system.restaurant.commands.createRestaurant({
    name: 'Ajanta',
    address: { street1: '1 Main Street', city: 'Oakland', state: 'CA', zip: '94611' },
    menu: [
      { id: 'item1', name: 'Chicken Vindaloo', price: 1299 },
      { id: 'item2', name: 'Chicken Tikka Masala', price: 1499 },
      { id: 'item3', name: 'Garlic Naan', price: 399 },
    ],
  });
  const courierId = `courier-${randomUUID()}`;
  await system.delivery.commands.setCourierAvailability({ id: courierId, available: true });

  const newConsumer = async (name = 'Able Anders') => {
    const consumer = await system.consumer.commands.registerConsumer({ name });
    await system.consumer.commands.addConsumerAddress({ consumerId: consumer.id, addressId: 'Home', address: HOME });
    await eventually(() => system.accounting.queries.account(consumer.id), 15_000, 'the account');
    return consumer.id;
  };

  const placeOrder = async (
    consumerId: string,
    lineItems = [
      { menuItemId: 'item1', quantity: 2 },
      { menuItemId: 'item3', quantity: 1 },
    ],
  ) => {
    const order = await eventually(
      async () => {
        try {
          return await system.order.commands.createOrder({ consumerId, restaurantId: restaurant.id, lineItems, deliverToAddressId: 'Home' });
        } catch (error) {
          // Replicas lag a little: clients retry (DOMAIN §1.4).
          if (error instanceof DomainError && /restaurant not found|consumer not found|an address with that identifier/.test(error.message)) return null;
          throw error;
        }
      },
      15_000,
      'the replicas to accept the order',
    );
    return order.id;
  };

  const sagaEnded = async (orderId: string, count = 1) => {
    await eventually(
      async () => {
        const sagas = await system.order.queries.sagasOfOrder(orderId);
        return sagas.length >= count && sagas.every((s) => s.endedAt !== null);
      },
      20_000,
      `saga ${count} of order ${orderId} to end`,
    );
  };

  const consumerId = await newConsumer();
  return { platform: base, system, demo: { restaurantId: restaurant.id, consumerId, courierId }, newConsumer, placeOrder, sagaEnded };
}

/** Progress rows as DOMAIN §3.5 writes them: `sequence kind step (participant) reason`. */
export function progressLines(rows: { sequence: number; kind: string; step: string | null; participant: string | null; reason: string | null }[]): string[] {
  return rows.map((r) => [r.sequence, r.kind, r.step && `${r.step} (${r.participant})`, r.reason].filter(Boolean).join(' '));
}
