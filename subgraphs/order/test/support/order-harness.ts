import { randomUUID } from 'node:crypto';
import type { TestContext } from 'node:test';
import { type Delivery, fastRetryPolicy, ident, type MessageHandler, type MessagingKind, Outbox, type Platform, type Reply, success } from '@ftgo/infra';
import { dropNamespace, eventually, testPlatform } from '@ftgo/infra/testing';
import { type Address, consumer, type Envelope, kitchen, restaurant, type ServiceName, saga } from '@ftgo/schema';
import type { OrderApplication, SagaView } from '../../src/application/index.js';
import { orderService, orderSubscriptions } from '../../src/service.js';

export const SERVICES: ServiceName[] = ['consumer', 'restaurant', 'kitchen', 'accounting', 'order'];
type Participant = 'consumer' | 'kitchen' | 'accounting';
const PARTICIPANTS: Participant[] = ['consumer', 'kitchen', 'accounting'];

// DOMAIN §6 demo data
export const AJANTA = {
  name: 'Ajanta',
  address: { street1: '1 Main Street', street2: null, city: 'Oakland', state: 'CA', zip: '94611' } satisfies Address,
  menu: [
    { id: 'item1', name: 'Chicken Vindaloo', price: 1299 },
    { id: 'item2', name: 'Chicken Tikka Masala', price: 1499 },
    { id: 'item3', name: 'Garlic Naan', price: 399 },
  ],
};
export const HOME: Address = { street1: '123 Main St.', street2: 'Apt 4', city: 'Oakland', state: 'CA', zip: '94612' };
export const DEMO_LINE_ITEMS = [
  { menuItemId: 'item1', quantity: 2 },
  { menuItemId: 'item3', quantity: 1 },
];

/** How a test participant answers one command: a reply now, or hold it for the test to answer. */
export type Answer = Reply | 'hold';

/**
 * Plays consumer, kitchen and accounting as the real participants do: takes commands from
 * `ftgo.<participant>.commands` and appends its reply to its own outbox, correlated by the saga headers.
 */
export class Participants {
  readonly received: Envelope[] = [];
  readonly held: Envelope[] = [];
  private readonly scripts = new Map<string, (command: Envelope) => Answer>();

  constructor(private readonly platform: Platform) {}

  async start(): Promise<void> {
    for (const participant of PARTICIPANTS) {
      this.platform.startRelay(participant);
      await this.platform.bus.subscribe(
        { service: participant, name: 'test-participant', subject: this.platform.config.naming.commands(participant), ordered: false },
        async ({ envelope }) => {
          this.received.push(envelope);
          const answer = this.scripts.get(envelope.type)?.(envelope) ?? defaultAnswer(envelope);
          if (answer === 'hold') this.held.push(envelope);
          else await this.reply(envelope, answer);
        },
      );
    }
  }

  /** Answer commands of `type` (e.g. `accounting.AuthorizeOrder`) this way from now on. */
  on(type: string, answer: Answer | ((command: Envelope) => Answer)): void {
    this.scripts.set(type, typeof answer === 'function' ? answer : () => answer);
  }

  async reply(command: Envelope, answer: Reply): Promise<Envelope> {
    const participant = command.type.split('.')[0] as Participant;
    const envelope = this.platform.messages(participant).reply(command, answer.type, answer.outcome, answer.payload);
    await new Outbox(this.platform.schema(participant)).append(this.platform.db, [envelope]);
    return envelope;
  }

  commandsOf(orderId: string): Envelope[] {
    return this.received.filter((c) => c.aggregateId === orderId);
  }

  async heldCommand(orderId: string, type: string): Promise<Envelope> {
    return eventually(() => this.held.find((c) => c.aggregateId === orderId && c.type === type), 15_000, `held ${type}`);
  }
}

/** The happy participant: CreateTicket gets a ticket id, everything else SUCCESS. */
function defaultAnswer(command: Envelope): Reply {
  if (kitchen.CreateTicket.is(command)) return success(kitchen.CreateTicketReply, { ticketId: randomUUID() });
  return success();
}

export interface Harness {
  platform: Platform;
  app: OrderApplication;
  /** The order service's schema (`ordering` in the test namespace), quoted. */
  ordering: string;
  participants: Participants;
  handlers: Record<'restaurant-events' | 'consumer-events' | 'saga-start' | 'saga-replies', MessageHandler>;
  restaurantId: string;
  consumerId: string;
  /** Appends events to a publisher's outbox, as that service would. */
  publish(publisher: ServiceName, envelopes: Envelope[]): Promise<void>;
  createDemoOrder(overrides?: Partial<Parameters<OrderApplication['commands']['createOrder']>[0]>): ReturnType<OrderApplication['commands']['createOrder']>;
  sagaOf(orderId: string, type: SagaView['type']): Promise<SagaView>;
  /** Waits until the order's saga of `type` has ended. */
  ended(orderId: string, type: SagaView['type'], timeoutMs?: number): Promise<SagaView>;
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  count(sql: string, params?: unknown[]): Promise<number>;
}

/**
 * A test platform in a fresh namespace with the five services' schemas, the order service started, the
 * participants played by the test, and the demo restaurant and consumer in the order service's replicas.
 */
export async function orderHarness(t: TestContext, kind: MessagingKind = 'local'): Promise<Harness> {
  const platform = await testPlatform(undefined, kind, { services: SERVICES, retry: fastRetryPolicy(10, 100) });
  const running = await orderService.start(platform);
  t.after(async () => {
    await running.stop();
    await platform.close();
    await dropNamespace(platform.config);
  });
  const participants = new Participants(platform);
  await participants.start();
  platform.startRelay('restaurant');
  const app = running.app;
  const ordering = ident(platform.schema('order'));
  const handlers = Object.fromEntries(orderSubscriptions(platform, app).map(({ spec, handler }) => [spec.name, handler])) as Harness['handlers'];

  const publish = async (publisher: ServiceName, envelopes: Envelope[]) => new Outbox(platform.schema(publisher)).append(platform.db, envelopes);
  const count = async (sql: string, params: unknown[] = []) =>
    (await platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0].n;

  const restaurantId = randomUUID();
  const consumerId = randomUUID();
  const occurredAt = new Date().toISOString();
  const r = platform.messages('restaurant');
  const c = platform.messages('consumer');
  await publish('restaurant', [r.event(restaurant.RestaurantCreated, { id: restaurantId, version: 1 }, { restaurantId, ...AJANTA, occurredAt })]);
  await publish('consumer', [
    c.event(consumer.ConsumerRegistered, { id: consumerId, version: 1 }, { consumerId, name: 'Able Anders', occurredAt }),
    c.event(consumer.AddressAdded, { id: consumerId, version: 2 }, { consumerId, addressId: 'Home', address: HOME, occurredAt }),
  ]);
  await eventually(() => count(`${ordering}.restaurant_replicas WHERE restaurant_id = $1`, [restaurantId]), 15_000, 'restaurant replica');
  await eventually(() => count(`${ordering}.consumer_replicas WHERE consumer_id = $1 AND version = 2`, [consumerId]), 15_000, 'consumer replica');

  const sagaOf = async (orderId: string, type: SagaView['type']) =>
    eventually(async () => (await app.queries.sagasOfOrder(orderId)).find((s) => s.type === type), 15_000, `${type} saga of ${orderId}`);

  return {
    platform,
    app,
    ordering,
    participants,
    handlers,
    restaurantId,
    consumerId,
    publish,
    count,
    createDemoOrder: (overrides = {}) =>
      app.commands.createOrder({ consumerId, restaurantId, lineItems: DEMO_LINE_ITEMS, deliverToAddressId: 'Home', ...overrides }),
    sagaOf,
    ended: async (orderId, type, timeoutMs = 15_000) =>
      eventually(
        async () => {
          const found = (await app.queries.sagasOfOrder(orderId)).find((s) => s.type === type);
          return found?.endedAt ? found : null;
        },
        timeoutMs,
        `${type} saga of ${orderId} to end`,
      ),
    metric: async (name, labels = {}) => {
      const metric = platform.metrics.registry.getSingleMetric(name);
      if (!metric) throw new Error(`no metric ${name}`);
      const { values } = await metric.get();
      return values
        .filter((v) => Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l))
        .reduce((sum, v) => sum + v.value, 0);
    },
  };
}

/** A delivery as a subscription hands it over (first attempt). */
export const deliveryOf = (envelope: Envelope): Delivery => ({ envelope, attempt: 1, maxAttempts: 10 });

/** The progress rows of a saga as `sequence kind step (participant) reason` lines, easy to compare with DOMAIN §3.5. */
export const rowsOf = (rows: readonly Pick<saga.SagaProgress, 'sequence' | 'orderSequence' | 'kind' | 'step' | 'participant' | 'reason'>[]): string[] =>
  rows.map((r) => [r.sequence, r.kind, r.step ?? '-', r.participant ?? '-', r.reason ?? ''].join(' ').trim());
