import { randomUUID } from 'node:crypto';
import { envelopeOf, ident, type MessagingKind, Outbox, type Platform, type RetryPolicy } from '@ftgo/infra';
import { dropNamespace, eventually, testPlatform } from '@ftgo/infra/testing';
import { consumer, type Envelope, type ServiceName } from '@ftgo/schema';
import type { AccountingApplication } from '../../src/application/index.js';
import { type AccountingParts, accountingService, composeAccounting } from '../../src/service.js';

/**
 * accounting under test; consumer publishes Consumer events and order saga commands, both straight into their
 * outboxes the way those services do (a subgraph never imports another subgraph, so the test plays them).
 */
export const SERVICES_UNDER_TEST: ServiceName[] = ['consumer', 'accounting', 'order'];

export interface StoredEvent {
  version: number;
  type: string;
  data: unknown;
}

export interface Harness {
  platform: Platform;
  app: AccountingApplication;
  handlers: AccountingParts['handlers'];
  /** Every row of `service`'s outbox, oldest first. */
  outbox(service: ServiceName): Promise<Envelope[]>;
  /** The Account stream in the event store. */
  events(accountId: string): Promise<StoredEvent[]>;
  /** Rows of the accounting inbox for `messageId`. */
  inbox(messageId: string): Promise<number>;
  /** Appends `envelopes` to `service`'s outbox in one transaction: its relay publishes them. */
  publish(service: ServiceName, envelopes: Envelope[]): Promise<void>;
  /** ConsumerRegistered (v1) of a fresh consumer as the consumer service publishes it, not yet in any outbox. */
  consumerRegistered(name?: string, consumerId?: string): Envelope;
  /** Publishes ConsumerRegistered of a fresh consumer and waits until accounting has its account. */
  account(name?: string): Promise<string>;
  /** accounting's replies to the command `commandId`, once there is at least one. */
  repliesTo(commandId: string): Promise<Envelope[]>;
  close(): Promise<void>;
}

/** A fresh namespace with the accounting service started and the consumer and order relays running. */
export async function startHarness(kind: MessagingKind = 'local', options: { retry?: RetryPolicy } = {}): Promise<Harness> {
  const platform = await testPlatform(undefined, kind, { services: SERVICES_UNDER_TEST, ...options });
  const running = await accountingService.start(platform);
  platform.startRelay('consumer');
  platform.startRelay('order');
  const { handlers } = composeAccounting(platform);
  const schema = platform.schema('accounting');
  const app = running.app;

  const outbox = async (service: ServiceName) =>
    (await platform.db.query(`SELECT * FROM ${ident(platform.schema(service))}.outbox ORDER BY seq`)).rows.map(envelopeOf);
  const publish = async (service: ServiceName, envelopes: Envelope[]) => {
    const box = new Outbox(platform.schema(service));
    await platform.db.transaction((tx) => box.append(tx, envelopes));
  };
  const consumerRegistered = (name = 'Able Anders', consumerId: string = randomUUID()) =>
    platform
      .messages('consumer')
      .event(consumer.ConsumerRegistered, { id: consumerId, version: 1 }, { consumerId, name, occurredAt: new Date().toISOString() });

  return {
    platform,
    app,
    handlers,
    outbox,
    publish,
    consumerRegistered,
    async account(name) {
      const registered = consumerRegistered(name);
      await publish('consumer', [registered]);
      const { consumerId } = registered.payload as { consumerId: string };
      await eventually(() => app.queries.account(consumerId), 15_000, `the account of ${consumerId}`);
      return consumerId;
    },
    repliesTo: (commandId) =>
      eventually(
        async () => {
          const replies = (await outbox('accounting')).filter((e) => e.headers.causationId === commandId && e.aggregateType === 'Saga');
          return replies.length > 0 ? replies : undefined;
        },
        15_000,
        `a reply to ${commandId}`,
      ),
    async events(accountId) {
      const { rows } = await platform.db.query<{ version: number; type: string; data: unknown }>(
        `SELECT version, type, data FROM ${ident(schema)}.events WHERE stream_id = $1 ORDER BY version`,
        [`Account-${accountId}`],
      );
      return rows;
    },
    async inbox(messageId) {
      const { rows } = await platform.db.query(`SELECT 1 FROM ${ident(schema)}.inbox WHERE message_id = $1`, [messageId]);
      return rows.length;
    },
    async close() {
      await running.stop();
      await platform.close();
      await dropNamespace(platform.config);
    },
  };
}
