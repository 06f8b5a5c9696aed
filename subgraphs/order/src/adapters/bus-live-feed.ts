import type { MessageBus, Subscription } from '@ftgo/infra';
import { type Envelope, type Naming, saga } from '@ftgo/schema';
import type { LiveFeed, LiveStream, OrderEventNotice } from '../application/ports.js';

/**
 * The live feeds of the GraphQL subscriptions over the messaging port's `live` (every message as it is
 * published, to every process, nothing acknowledged). Progress rows come on the order's own subject; Order
 * events on their partition's subject, shared with other orders, so both are filtered by aggregate id.
 */
export class BusLiveFeed implements LiveFeed {
  private readonly open = new Set<LiveStream<unknown>>();

  constructor(
    private readonly bus: Pick<MessageBus, 'live'>,
    private readonly naming: Naming,
  ) {}

  progress(orderId: string): Promise<LiveStream<saga.SagaProgress>> {
    return this.listen(this.naming.progress(orderId), (e) => (saga.SagaProgressRecorded.is(e) && e.aggregateId === orderId ? e.payload : null));
  }

  orderEvents(orderId: string): Promise<LiveStream<OrderEventNotice>> {
    return this.listen(this.naming.eventSubject('order', 'Order', orderId), (e) =>
      e.aggregateType === 'Order' && e.aggregateId === orderId && e.aggregateVersion !== null ? { version: e.aggregateVersion, type: e.type } : null,
    );
  }

  /** Ends every open stream (the service stops): their subscribers' iterators finish. */
  async close(): Promise<void> {
    await Promise.all([...this.open].map((stream) => stream.close()));
  }

  private async listen<T>(subject: string, pick: (envelope: Envelope) => T | null): Promise<LiveStream<T>> {
    const stream = new BufferedStream<T>(() => this.open.delete(stream));
    const subscription = await this.bus.live(subject, (envelope) => {
      const item = pick(envelope);
      if (item !== null) stream.push(item);
    });
    stream.attach(subscription);
    this.open.add(stream);
    return stream;
  }
}

/** Items pushed by a live listener, kept until read; one reader. Closing ends a pending read with `done`. */
class BufferedStream<T> implements LiveStream<T> {
  private readonly buffered: T[] = [];
  private readonly readers: ((result: IteratorResult<T, undefined>) => void)[] = [];
  private subscription: Subscription | null = null;
  private closed = false;

  constructor(private readonly onClose: () => void) {}

  attach(subscription: Subscription): void {
    this.subscription = subscription;
  }

  push(item: T): void {
    if (this.closed) return;
    const reader = this.readers.shift();
    if (reader) reader({ value: item, done: false });
    else this.buffered.push(item);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.buffered.length = 0;
    for (const reader of this.readers.splice(0)) reader({ value: undefined, done: true });
    this.onClose();
    await this.subscription?.close();
  }

  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.close();
        return { value: undefined, done: true };
      },
    };
  }

  private next(): Promise<IteratorResult<T, undefined>> {
    if (this.buffered.length > 0) return Promise.resolve({ value: this.buffered.shift() as T, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.readers.push(resolve));
  }
}
