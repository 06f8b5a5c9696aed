import { envelopeOf, ident, type MessagingKind, Outbox, type Platform, type RetryPolicy } from '@ftgo/infra';
import { dropNamespace, eventually, testPlatform } from '@ftgo/infra/testing';
import { type Envelope, type ServiceName } from '@ftgo/schema';
import type { ConsumerApplication } from '../../src/application/index.js';
import { type ConsumerParts, composeConsumer, consumerService } from '../../src/service.js';

/** consumer under test; order publishes saga commands the way the orchestrator does (its outbox, saga headers). */
export const SERVICES_UNDER_TEST: ServiceName[] = ['consumer', 'accounting', 'order'];

export interface StoredEvent {
  version: number;
  type: string;
  data: unknown;
}

export interface Harness {
  platform: Platform;
  app: ConsumerApplication;
  handlers: ConsumerParts['handlers'];
  /** Every row of `service`'s outbox, oldest first. */
  outbox(service: ServiceName): Promise<Envelope[]>;
  /** The Consumer stream in the event store. */
  events(consumerId: string): Promise<StoredEvent[]>;
  /** Rows of the consumer inbox for `messageId`. */
  inbox(messageId: string): Promise<number>;
  /** Appends `envelopes` to `service`'s outbox in one transaction: its relay publishes them. */
  publish(service: ServiceName, envelopes: Envelope[]): Promise<void>;
  /** The consumer's replies to the command `commandId`, once there is at least one. */
  repliesTo(commandId: string): Promise<Envelope[]>;
  close(): Promise<void>;
}

/** A fresh namespace with the consumer service started and the order relay running; `close` leaves nothing behind. */
export async function startHarness(kind: MessagingKind = 'local', options: { retry?: RetryPolicy } = {}): Promise<Harness> {
  const platform = await testPlatform(undefined, kind, { services: SERVICES_UNDER_TEST, ...options });
  const running = await consumerService.start(platform);
  platform.startRelay('order');
  const { handlers } = composeConsumer(platform);
  const schema = platform.schema('consumer');

  const outbox = async (service: ServiceName) =>
    (await platform.db.query(`SELECT * FROM ${ident(platform.schema(service))}.outbox ORDER BY seq`)).rows.map(envelopeOf);
  const repliesTo = (commandId: string) =>
    eventually(
      async () => {
        const replies = (await outbox('consumer')).filter((e) => e.headers.causationId === commandId);
        return replies.length > 0 ? replies : undefined;
      },
      15_000,
      `a reply to ${commandId}`,
    );

  return {
    platform,
    app: running.app,
    handlers,
    outbox,
    repliesTo,
    async events(consumerId) {
      const { rows } = await platform.db.query<{ version: number; type: string; data: unknown }>(
        `SELECT version, type, data FROM ${ident(schema)}.events WHERE stream_id = $1 ORDER BY version`,
        [`Consumer-${consumerId}`],
      );
      return rows;
    },
    async inbox(messageId) {
      const { rows } = await platform.db.query(`SELECT 1 FROM ${ident(schema)}.inbox WHERE message_id = $1`, [messageId]);
      return rows.length;
    },
    async publish(service, envelopes) {
      const box = new Outbox(platform.schema(service));
      await platform.db.transaction((tx) => box.append(tx, envelopes));
    },
    async close() {
      await running.stop();
      await platform.close();
      await dropNamespace(platform.config);
    },
  };
}
