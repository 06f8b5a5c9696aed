import { type IdSource, type MessageContext, type MessageFactory, Outbox, type Queryable } from '@ftgo/infra';
import { delivery as contracts, type EventType } from '@ftgo/schema';
import type { DeliveryEventPublisher } from '../application/ports.js';
import type { Delivery, DeliveryEvent } from '../domain/index.js';

const CONTRACTS: Record<DeliveryEvent['type'], EventType<unknown>> = {
  DeliveryCreated: contracts.DeliveryCreated,
  DeliveryScheduled: contracts.DeliveryScheduled,
  DeliveryPickedUp: contracts.DeliveryPickedUp,
  DeliveryDelivered: contracts.DeliveryDelivered,
  DeliveryCancelled: contracts.DeliveryCancelled,
};

/**
 * Delivery events into the delivery outbox, in the transaction of the row change (DOMAIN §0:
 * aggregate version = row version; payload = data + occurredAt).
 */
export class OutboxDeliveryEvents implements DeliveryEventPublisher {
  constructor(
    private readonly tx: Queryable,
    private readonly outbox: Outbox,
    private readonly messages: MessageFactory,
    private readonly ids: IdSource,
    private readonly context: MessageContext,
  ) {}

  async publish(delivery: Delivery, event: DeliveryEvent, occurredAt: Date): Promise<void> {
    const envelope = this.messages.event(
      CONTRACTS[event.type],
      { id: delivery.id, version: delivery.version },
      { ...event.data, occurredAt: occurredAt.toISOString() },
      this.context,
      this.ids,
    );
    await this.outbox.append(this.tx, [envelope]);
  }
}
