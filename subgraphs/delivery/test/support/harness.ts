import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestContext } from 'node:test';
import { type Delivery, fastRetryPolicy, ident, type MessagingKind, Outbox, type Platform, type RunningService } from '@ftgo/infra';
import { dropNamespace, eventually, testPlatform } from '@ftgo/infra/testing';
import { type Address, DomainError, type Envelope, type ErrorCode, kitchen, order, restaurant, type ServiceName } from '@ftgo/schema';
import type { DeliveryApplication } from '../../src/application/index.js';
import { deliveryService, deliverySubscriptions } from '../../src/service.js';

export const SERVICES: ServiceName[] = ['restaurant', 'order', 'kitchen', 'delivery'];

export const restaurantAddress: Address = { street1: '1 Main Street', city: 'Oakland', state: 'CA', zip: '94611' };
export const home: Address = { street1: '123 Main St.', street2: 'Apt 4', city: 'Oakland', state: 'CA', zip: '94612' };
export const restaurantAddressView = { ...restaurantAddress, street2: null };

/** An instant `minutes` from now, at millisecond precision (DOMAIN §0). */
export const inMinutes = (minutes: number, from = Date.now()): string => new Date(from + minutes * 60_000).toISOString();
export const plus30 = (at: string): string => new Date(Date.parse(at) + 30 * 60_000).toISOString();

export interface OutboxEvent {
  type: string;
  aggregateId: string;
  version: number;
  payload: Record<string, unknown>;
}

/**
 * The delivery service running on a fresh test platform with the relays of its publishers
 * (restaurant, order, kitchen), and ways to feed it their events and read what it did.
 */
export class Harness {
  private constructor(
    readonly platform: Platform,
    readonly app: DeliveryApplication,
  ) {}

  static async start(t: TestContext, kind: MessagingKind = 'local'): Promise<Harness> {
    // Transient causes (replica behind, delivery not there yet) retry quickly and long enough here.
    const platform = await testPlatform(undefined, kind, { services: SERVICES, retry: fastRetryPolicy(60, 100) });
    let running: RunningService<DeliveryApplication> | undefined;
    t.after(async () => {
      await running?.stop();
      await platform.close();
      await dropNamespace(platform.config);
    });
    running = await deliveryService.start(platform);
    for (const publisher of ['restaurant', 'order', 'kitchen'] as const) platform.startRelay(publisher);
    return new Harness(platform, running.app);
  }

  get schema(): string {
    return this.platform.schema('delivery');
  }

  /** Appends `envelope` to `publisher`'s outbox: its relay delivers it to the subscriptions. */
  async publish(publisher: ServiceName, envelope: Envelope): Promise<Envelope> {
    await new Outbox(this.platform.schema(publisher)).append(this.platform.db, [envelope]);
    return envelope;
  }

  restaurantCreated(restaurantId: string, version = 1, address = restaurantAddress): Envelope {
    const type = version === 1 ? restaurant.RestaurantCreated : restaurant.RestaurantMenuRevised;
    return this.platform.messages('restaurant').event(
      type,
      { id: restaurantId, version },
      {
        restaurantId,
        name: 'Ajanta',
        address,
        menu: [{ id: 'item1', name: 'Chicken Vindaloo', price: 1299 }],
        occurredAt: new Date().toISOString(),
      },
    );
  }

  orderCreated(orderId: string, restaurantId: string): Envelope {
    const now = new Date().toISOString();
    return this.platform.messages('order').event(
      order.OrderCreated,
      { id: orderId, version: 1 },
      {
        orderId,
        consumerId: randomUUID(),
        restaurantId,
        restaurantName: 'Ajanta',
        lineItems: [{ menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 2 }],
        orderTotal: 2598,
        deliverAt: inMinutes(60),
        deliverTo: home,
        createdAt: now,
        occurredAt: now,
      },
    );
  }

  orderRejected(orderId: string, version = 2): Envelope {
    return this.platform
      .messages('order')
      .event(order.OrderRejected, { id: orderId, version }, { orderId, reason: 'account disabled', occurredAt: new Date().toISOString() });
  }

  /** Ticket stream versions as kitchen writes them: Created 1, CreateConfirmed 2, Accepted 3, ... */
  ticketAccepted(ticketId: string, orderId: string, restaurantId: string, readyBy: string, version = 3): Envelope {
    const now = new Date().toISOString();
    return this.platform
      .messages('kitchen')
      .event(kitchen.TicketAccepted, { id: ticketId, version }, { ticketId, orderId, restaurantId, acceptedAt: now, readyBy, occurredAt: now });
  }

  ticketReadyForPickup(ticketId: string, orderId: string, readyForPickupAt: string, version = 5): Envelope {
    return this.platform
      .messages('kitchen')
      .event(kitchen.TicketReadyForPickup, { id: ticketId, version }, { ticketId, orderId, readyForPickupAt, occurredAt: readyForPickupAt });
  }

  ticketCancelled(ticketId: string, orderId: string, version = 5): Envelope {
    return this.platform
      .messages('kitchen')
      .event(kitchen.TicketCancelled, { id: ticketId, version }, { ticketId, orderId, occurredAt: new Date().toISOString() });
  }

  /** Waits until the delivery subscription `name` has handled (committed) `envelope`. */
  async handled(name: 'restaurant-events' | 'order-events' | 'ticket-events', envelope: Envelope): Promise<void> {
    await eventually(
      async () =>
        (await this.platform.db.query(`SELECT 1 FROM ${ident(this.schema)}.inbox WHERE consumer = $1 AND message_id = $2`, [`delivery.${name}`, envelope.id]))
          .rowCount === 1,
      15_000,
      `delivery.${name} to handle ${envelope.type}`,
    );
  }

  /** A restaurant in the replica and a PENDING delivery for a new order of it. */
  async pendingDelivery(restaurantId: string = randomUUID()): Promise<{ orderId: string; restaurantId: string }> {
    const created = this.restaurantCreated(restaurantId);
    await this.publish('restaurant', created);
    await this.handled('restaurant-events', created);
    const orderId = randomUUID();
    await this.publish('order', this.orderCreated(orderId, restaurantId));
    await eventually(() => this.app.queries.delivery(orderId), 15_000, `delivery ${orderId}`);
    return { orderId, restaurantId };
  }

  /** Publishes TicketAccepted for the order and waits until it is handled. */
  async accept(orderId: string, restaurantId: string, readyBy: string, ticketId = randomUUID()): Promise<string> {
    const accepted = await this.publish('kitchen', this.ticketAccepted(ticketId, orderId, restaurantId, readyBy));
    await this.handled('ticket-events', accepted);
    return ticketId;
  }

  /** The handlers the service subscribes, built afresh: for delivering one envelope again. */
  handler(name: 'restaurant-events' | 'order-events' | 'ticket-events') {
    const found = deliverySubscriptions(this.platform).find((s) => s.spec.name === name);
    assert.ok(found, name);
    return (envelope: Envelope) => found.handler({ envelope, attempt: 1, maxAttempts: 10 } satisfies Delivery);
  }

  /** The Delivery events in the delivery outbox, in outbox order (optionally of one delivery). */
  async events(deliveryId?: string): Promise<OutboxEvent[]> {
    const { rows } = await this.platform.db.query(
      `SELECT type, aggregate_id, aggregate_version, payload FROM ${ident(this.schema)}.outbox
        WHERE aggregate_type = 'Delivery' AND ($1::text IS NULL OR aggregate_id = $1) ORDER BY seq`,
      [deliveryId ?? null],
    );
    return rows.map((r) => ({
      type: r.type as string,
      aggregateId: r.aggregate_id as string,
      version: r.aggregate_version as number,
      payload: r.payload as Record<string, unknown>,
    }));
  }

  /** Everything the service stores, for "changes nothing" assertions. */
  async snapshot(): Promise<unknown> {
    const s = ident(this.schema);
    const q = async (sql: string) => (await this.platform.db.query(sql)).rows;
    return {
      deliveries: await q(`SELECT * FROM ${s}.deliveries ORDER BY id`),
      couriers: await q(`SELECT id, available, plan FROM ${s}.couriers ORDER BY id`),
      replicas: await q(`SELECT * FROM ${s}.restaurant_replicas ORDER BY restaurant_id`),
      outbox: await q(`SELECT id FROM ${s}.outbox ORDER BY seq`),
    };
  }
}

/** Asserts a DomainError with this code and exact message. */
export async function rejects(promise: Promise<unknown>, code: ErrorCode, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.message, message);
    return true;
  });
}

/** Each delivery's event versions are 1, 2, 3, … in outbox order, without gaps (DOMAIN §0). */
export function assertGapFree(events: OutboxEvent[]): void {
  const byDelivery = new Map<string, number[]>();
  for (const e of events) byDelivery.set(e.aggregateId, [...(byDelivery.get(e.aggregateId) ?? []), e.version]);
  for (const [id, versions] of byDelivery) {
    assert.deepEqual(
      versions,
      versions.map((_, i) => i + 1),
      `versions of delivery ${id}`,
    );
  }
}
