import { randomUUID } from 'node:crypto';
import { type Delivery, ident, type MessagingKind, Outbox, type Platform, type RetryPolicy, type RunningService } from '@ftgo/infra';
import { dropNamespace, eventually, testPlatform } from '@ftgo/infra/testing';
import { type CommandType, delivery, type Envelope, kitchen, type MenuItem, type Outcome, restaurant, type ServiceName } from '@ftgo/schema';
import { composeKitchen, type KitchenApplication, type KitchenComposition, kitchenService } from '../../src/index.js';

/** DOMAIN §6 demo data. */
export const AJANTA_MENU: MenuItem[] = [
  { id: 'item1', name: 'Chicken Vindaloo', price: 1299 },
  { id: 'item2', name: 'Chicken Tikka Masala', price: 1499 },
  { id: 'item3', name: 'Garlic Naan', price: 399 },
];
export const ORDERED_LINES: kitchen.TicketLineItem[] = [
  { menuItemId: 'item1', name: 'Chicken Vindaloo', quantity: 2 },
  { menuItemId: 'item3', name: 'Garlic Naan', quantity: 1 },
];
const ADDRESS = { street1: '1 Main Street', city: 'Oakland', state: 'CA', zip: '94611' };

export interface ReplyRow {
  type: string;
  outcome: Outcome | undefined;
  payload: Record<string, unknown>;
  headers: Envelope['headers'];
}

export interface MessageRow {
  type: string;
  version: number | null;
  payload: Record<string, unknown>;
}

/**
 * The kitchen service on a test platform with the services whose outboxes feed it: restaurant (replica events),
 * order (saga commands) and delivery (DeliveryPickedUp). Inbound messages are appended to those outboxes and
 * travel through the real relay and bus; replies and events are read from the kitchen's outbox.
 */
export class KitchenHarness {
  readonly schema: string;
  readonly app: KitchenApplication;

  private constructor(
    readonly platform: Platform,
    private readonly service: RunningService<KitchenApplication>,
  ) {
    this.schema = platform.schema('kitchen');
    this.app = service.app;
  }

  static async start(kind: MessagingKind, retry?: RetryPolicy): Promise<KitchenHarness> {
    const platform = await testPlatform(undefined, kind, { services: ['order', 'restaurant', 'delivery', 'kitchen'], retry });
    const service = await kitchenService.start(platform);
    for (const publisher of ['order', 'restaurant', 'delivery'] as const) platform.startRelay(publisher);
    return new KitchenHarness(platform, service);
  }

  /** Stops everything and drops the namespace's schemas and streams (test hygiene). */
  async close(): Promise<void> {
    await this.service.stop();
    await this.platform.close();
    await dropNamespace(this.platform.config);
  }

  /** A second wiring of the same service: the handlers the bus calls, to be called directly. */
  compose(): KitchenComposition {
    return composeKitchen(this.platform);
  }

  table(name: string): string {
    return `${ident(this.schema)}.${name}`;
  }

  async publish(service: ServiceName, envelopes: Envelope[]): Promise<void> {
    const outbox = new Outbox(this.platform.schema(service));
    await this.platform.db.transaction((tx) => outbox.append(tx, envelopes));
  }

  // ---- restaurant events

  restaurantEvent(restaurantId: string, version: number, menu: MenuItem[] = AJANTA_MENU, name = 'Ajanta'): Envelope {
    const type = version === 1 ? restaurant.RestaurantCreated : restaurant.RestaurantMenuRevised;
    const payload = { restaurantId, name, address: ADDRESS, menu, occurredAt: new Date().toISOString() };
    return this.platform.messages('restaurant').event(type, { id: restaurantId, version }, payload);
  }

  async replica(restaurantId: string): Promise<{ name: string; menu: MenuItem[]; version: number } | undefined> {
    const { rows } = await this.platform.db.query<{ name: string; menu: MenuItem[]; version: number }>(
      `SELECT name, menu, version FROM ${this.table('restaurant_replicas')} WHERE restaurant_id = $1`,
      [restaurantId],
    );
    return rows[0];
  }

  /** A restaurant the kitchen has replicated (RestaurantCreated through the bus). */
  async restaurant(menu: MenuItem[] = AJANTA_MENU): Promise<string> {
    const restaurantId = randomUUID();
    await this.publish('restaurant', [this.restaurantEvent(restaurantId, 1, menu)]);
    await eventually(() => this.replica(restaurantId), 15_000, 'the restaurant replica');
    return restaurantId;
  }

  // ---- saga commands and replies

  command<P>(type: CommandType<P>, orderId: string, payload: P, sagaStep = 'createTicket', sagaType = 'CreateOrder'): Envelope<P> {
    return this.platform.messages('order').command('kitchen', type, { type: 'Order', id: orderId }, payload, { sagaId: randomUUID(), sagaType, sagaStep });
  }

  async replies(command: Envelope): Promise<ReplyRow[]> {
    const { rows } = await this.platform.db.query<{ type: string; payload: Record<string, unknown>; headers: Envelope['headers'] }>(
      `SELECT type, payload, headers FROM ${this.table('outbox')} WHERE headers->>'causationId' = $1 AND aggregate_type = 'Saga' ORDER BY seq`,
      [command.id],
    );
    return rows.map((row) => ({ ...row, outcome: row.headers.outcome }));
  }

  async reply(command: Envelope, timeoutMs = 15_000): Promise<ReplyRow> {
    const [reply] = await eventually(
      async () => {
        const replies = await this.replies(command);
        return replies.length > 0 ? replies : undefined;
      },
      timeoutMs,
      `the reply to ${command.type}`,
    );
    return reply;
  }

  /** Sends a saga command through the order outbox and waits for the kitchen's reply. */
  async send<P>(type: CommandType<P>, orderId: string, payload: P, sagaStep?: string, sagaType?: string): Promise<ReplyRow> {
    const command = this.command(type, orderId, payload, sagaStep, sagaType);
    await this.publish('order', [command]);
    return this.reply(command);
  }

  /** Deliveries of `consumer` whose handler threw (the platform's counter), to watch retries happen. */
  async handlerErrors(consumer: string): Promise<number> {
    const { values } = await this.platform.metrics.handled.get();
    return values.find((v) => v.labels.consumer === consumer && v.labels.outcome === 'error')?.value ?? 0;
  }

  // ---- delivery events

  pickedUp(orderId: string, pickedUpAt: string, version = 3): Envelope {
    const payload = { deliveryId: orderId, orderId, courierId: 'courier-1', pickedUpAt, occurredAt: pickedUpAt };
    return this.platform.messages('delivery').event(delivery.DeliveryPickedUp, { id: orderId, version }, payload);
  }

  // ---- what the kitchen recorded

  /** The ticket's messages in the kitchen outbox, in order. */
  async ticketMessages(ticketId: string): Promise<MessageRow[]> {
    const { rows } = await this.platform.db.query<{ type: string; aggregate_version: number | null; payload: Record<string, unknown> }>(
      `SELECT type, aggregate_version, payload FROM ${this.table('outbox')} WHERE aggregate_type = 'Ticket' AND aggregate_id = $1 ORDER BY seq`,
      [ticketId],
    );
    return rows.map((row) => ({ type: row.type, version: row.aggregate_version, payload: row.payload }));
  }

  async indexRow(ticketId: string): Promise<{ order_id: string; restaurant_id: string; state: string; created_at: Date } | undefined> {
    const { rows } = await this.platform.db.query<{ order_id: string; restaurant_id: string; state: string; created_at: Date }>(
      `SELECT order_id, restaurant_id, state, created_at FROM ${this.table('tickets_index')} WHERE ticket_id = $1`,
      [ticketId],
    );
    return rows[0];
  }

  /** What a refused command must leave as it was: events, ticket messages, and every index row with its state. */
  async footprint(): Promise<{ events: number; ticketMessages: number; index: string[] }> {
    const db = this.platform.db;
    const events = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.table('events')}`);
    const messages = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.table('outbox')} WHERE aggregate_type = 'Ticket'`);
    const index = await db.query<{ row: string }>(
      `SELECT ticket_id || ' ' || order_id || ' ' || state AS row FROM ${this.table('tickets_index')} ORDER BY ticket_id`,
    );
    return { events: events.rows[0].n, ticketMessages: messages.rows[0].n, index: index.rows.map((r) => r.row) };
  }

  /** A ticket created by CreateTicket and, unless told otherwise, confirmed (AWAITING_ACCEPTANCE). */
  async ticket(
    restaurantId: string,
    options: { confirm?: boolean; lineItems?: kitchen.TicketLineItem[] } = {},
  ): Promise<{ ticketId: string; orderId: string }> {
    const orderId = randomUUID();
    const created = await this.send(kitchen.CreateTicket, orderId, { orderId, restaurantId, lineItems: options.lineItems ?? ORDERED_LINES });
    if (created.outcome !== 'SUCCESS') throw new Error(`CreateTicket failed: ${JSON.stringify(created.payload)}`);
    const ticketId = created.payload.ticketId as string;
    if (options.confirm ?? true) {
      const confirmed = await this.send(kitchen.ConfirmCreateTicket, orderId, { ticketId }, 'confirmTicket');
      if (confirmed.outcome !== 'SUCCESS') throw new Error(`ConfirmCreateTicket failed: ${JSON.stringify(confirmed.payload)}`);
    }
    return { ticketId, orderId };
  }
}

/** One delivery of `envelope`, as the bus would hand it to a handler. */
export const deliveryOf = (envelope: Envelope, attempt = 1, maxAttempts = 3): Delivery => ({ envelope, attempt, maxAttempts });
