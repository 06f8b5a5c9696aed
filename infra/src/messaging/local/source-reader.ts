import type { EventEmitter } from 'node:events';
import { type Database, ident } from '../../postgres/database.js';
import type { Logger } from '../../logging.js';
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

/**
 * One subscription reading one source outbox. Rows are read in position order and handed to one
 * lane per partition: a lane runs its messages one after another (one aggregate's stay in order),
 * lanes run side by side. The stored cursor is the low-water mark: every row at or below it is
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
    await db.query(`INSERT INTO ${this.cursors} (subscription) VALUES ($1) ON CONFLICT DO NOTHING`, [runtime.consumer]);
    const { rows: start } = await db.query<{ position: number }>(`SELECT position FROM ${this.cursors} WHERE subscription = $1`, [runtime.consumer]);
    let readTo = start[0].position;
    let stored = readTo;
    const inFlight: number[] = [];
    const done = new Set<number>();
    const lanes = new Map<number, Promise<void>>();
    let failure: unknown;

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

    while (this.running && this.o.leases.holds(this.lease) && failure === undefined) {
      if (inFlight.length >= MAX_IN_FLIGHT) {
        await Promise.race(lanes.values());
        await saveCursor();
        continue;
      }
      const { rows } = await db.query(`SELECT position, ${OUTBOX_COLUMNS} FROM ${this.table} WHERE position > $1 ORDER BY position LIMIT ${BATCH}`, [readTo]);
      for (const row of rows) {
        const position = row.position as number;
        readTo = position;
        if (!matches(row.subject as string)) continue;
        inFlight.push(position);
        const envelope = envelopeOf(row);
        const partition = row.partition as number;
        const lane = (lanes.get(partition) ?? Promise.resolve())
          .then(async () => {
            if (failure !== undefined) return;
            const finished = await deliverInOrder(runtime, envelope, 1, undefined, () => !this.running);
            if (finished) done.add(position);
          })
          .catch((error) => {
            failure = error;
          });
        lanes.set(partition, lane);
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
