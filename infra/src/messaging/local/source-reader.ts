import type { EventEmitter } from 'node:events';
import type { Envelope } from '@ftgo/schema';
import type { Logger } from '../../logging.js';
import { type Database, ident } from '../../postgres/database.js';
import type { Leases } from '../leases.js';
import { envelopeOf, OUTBOX_COLUMNS } from '../outbox.js';
import { deliverInOrder, type SubscriptionRuntime } from '../subscription-runtime.js';

interface SourceReaderOptions {
  db: Database;
  source: string;
  runtime: SubscriptionRuntime;
  matches: (subject: string) => boolean;
  leases: Leases;
  logger: Logger;
  wakeups: EventEmitter;
  pollMs: number;
}

const BATCH = 500;
const MAX_IN_FLIGHT = 2000;
/** Unordered subscriptions: deliveries handled at once per reader (as the NATS adapter's `concurrency`). */
const UNORDERED_CONCURRENCY = 16;

/** At most `free` tasks at once. */
class Slots {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/**
 * One subscription reading one source outbox. Rows are read in position order. Ordered
 * subscriptions hand them to one lane per partition: a lane runs its messages one after another
 * (one aggregate's stay in order), lanes run side by side. Unordered ones run each message on its
 * own, up to UNORDERED_CONCURRENCY at once. The stored cursor is the low-water mark: every row at or below it is
 * done, so a crash redelivers at most what was in flight, which the inbox makes harmless.
 * The process holding the lease reads; replicas stand by.
 */
export class SourceReader {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly lease: string;
  private readonly table: string;
  private readonly cursors: string;

  constructor(private readonly o: SourceReaderOptions) {
    this.lease = `local:${o.runtime.consumer}:${o.source}`;
    this.table = `${ident(o.source)}.outbox`;
    this.cursors = `${ident(o.source)}.local_cursors`;
  }

  start(): this {
    this.running = true;
    const onWake = (source?: string) => {
      if (!source || source === this.o.source) this.wake?.();
    };
    this.o.wakeups.on('source', onWake);
    this.loop = this.run().finally(() => this.o.wakeups.off('source', onWake));
    return this;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.o.leases.release(this.lease);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (await this.o.leases.tryAcquire(this.lease)) await this.read();
      } catch (error) {
        if (this.running) this.o.logger.warn({ err: error, lease: this.lease }, 'local reader failed; restarting');
      }
      if (this.running) await this.pause(this.o.pollMs);
    }
  }

  private async read(): Promise<void> {
    const { db, runtime, matches } = this.o;
    // Another process may have dead-lettered messages while it held the lease: park behind them.
    runtime.forgetBlocked();
    await db.query(`INSERT INTO ${this.cursors} (subscription) VALUES ($1) ON CONFLICT DO NOTHING`, [runtime.consumer]);
    const { rows: start } = await db.query<{ position: number }>(`SELECT position FROM ${this.cursors} WHERE subscription = $1`, [runtime.consumer]);
    let readTo = start[0].position;
    let stored = readTo;
    const inFlight: number[] = [];
    const done = new Set<number>();
    const lanes = new Map<number, Promise<void>>();
    const slots = new Slots(UNORDERED_CONCURRENCY);
    let failure: unknown;
    let progressed: () => void = () => {};
    const progress = () =>
      new Promise<void>((resolve) => {
        progressed = resolve;
      });
    // A lane stops between attempts when the reader stops or another process took the lease.
    const stopped = () => !this.running || !this.o.leases.holds(this.lease);

    const lowWater = () => {
      while (inFlight.length > 0 && done.has(inFlight[0])) done.delete(inFlight.shift()!);
      return inFlight.length > 0 ? inFlight[0] - 1 : readTo;
    };
    const saveCursor = async () => {
      const position = lowWater();
      if (position === stored) return;
      await db.query(`UPDATE ${this.cursors} SET position = $2 WHERE subscription = $1 AND position < $2`, [runtime.consumer, position]);
      stored = position;
    };
    const deliver = async (envelope: Envelope, position: number) => {
      // Queued work is left for whoever reads next once this reader stops: its cursor stays before it.
      if (failure !== undefined || stopped()) return;
      const finished = await deliverInOrder(runtime, envelope, 1, undefined, stopped);
      if (finished) done.add(position);
    };

    while (!stopped() && failure === undefined) {
      if (inFlight.length >= MAX_IN_FLIGHT) {
        // Wait for a delivery to finish (not for a lane that may have finished long ago: that would spin).
        const next = progress();
        await saveCursor();
        if (inFlight.length >= MAX_IN_FLIGHT) await next;
        continue;
      }
      const { rows } = await db.query(`SELECT position, ${OUTBOX_COLUMNS} FROM ${this.table} WHERE position > $1 ORDER BY position LIMIT ${BATCH}`, [readTo]);
      for (const row of rows) {
        const position = row.position as number;
        readTo = position;
        if (!matches(row.subject as string)) continue;
        inFlight.push(position);
        const envelope = envelopeOf(row);
        // Ordered: one lane per partition, so one aggregate's messages run one after another.
        // Unordered (commands, replies): every message on its own, a bounded number at once, so a
        // message waiting for its retry holds back nothing but itself (as a NAK does on NATS).
        const key = runtime.spec.ordered ? (row.partition as number) : -position; // negative: never a partition's lane
        const work = runtime.spec.ordered ? () => deliver(envelope, position) : () => slots.run(() => deliver(envelope, position));
        const lane: Promise<void> = (lanes.get(key) ?? Promise.resolve())
          .then(work)
          .catch((error) => {
            failure = error;
          })
          .finally(() => {
            if (lanes.get(key) === lane) lanes.delete(key);
            progressed();
          });
        lanes.set(key, lane);
      }
      await saveCursor();
      if (rows.length < BATCH) await this.pause(this.o.pollMs, () => inFlight.length > 0 && lowWater() !== stored);
      else await saveCursor();
    }
    // Let lanes finish what they hold before giving up the lease, then keep their progress.
    await Promise.all(lanes.values());
    await saveCursor();
    if (failure !== undefined) throw failure;
  }

  /** Sleeps until woken, the poll interval passes, or (while lanes work) 100 ms pass to save the cursor. */
  private pause(ms: number, busy: () => boolean = () => false): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, busy() ? Math.min(ms, 100) : ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
