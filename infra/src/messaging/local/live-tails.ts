import type { EventEmitter } from 'node:events';
import type { Envelope } from '@ftgo/schema';
import type { Logger } from '../../logging.js';
import { type Database, ident } from '../../postgres/database.js';
import { envelopeOf, OUTBOX_COLUMNS } from '../outbox.js';

interface Listener {
  matches: (subject: string) => boolean;
  deliver: (envelope: Envelope) => void;
}

interface Tail {
  source: string;
  position: number;
  busy: Promise<void>;
}

/**
 * The local adapter's live feeds: one tail per source outbox for the whole process, however many
 * listeners, so ten thousand subscriptions cost one read per source per wake-up, not ten thousand.
 * Tails start at the end of each outbox when the first listener arrives.
 */
export class LiveTails {
  private readonly listeners = new Set<Listener>();
  private tails: Promise<Tail[]> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly onWake = (source?: string) => void this.read(source);

  constructor(private readonly o: { db: Database; sources: string[]; wakeups: EventEmitter; pollMs: number; logger: Logger }) {}

  async add(matches: (subject: string) => boolean, deliver: (envelope: Envelope) => void): Promise<() => Promise<void>> {
    const listener = { matches, deliver };
    this.listeners.add(listener);
    await this.start();
    return async () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) await this.stop();
    };
  }

  private async start(): Promise<void> {
    if (!this.tails) {
      this.tails = Promise.all(
        this.o.sources.map(async (source) => {
          const { rows } = await this.o.db.query<{ p: number }>(`SELECT coalesce(max(position), 0) AS p FROM ${ident(source)}.outbox`);
          return { source, position: rows[0].p, busy: Promise.resolve() };
        }),
      );
      this.o.wakeups.on('source', this.onWake);
      this.timer = setInterval(() => this.onWake(), this.o.pollMs);
    }
    await this.tails;
  }

  private async stop(): Promise<void> {
    const tails = this.tails;
    this.tails = undefined;
    clearInterval(this.timer);
    this.o.wakeups.off('source', this.onWake);
    if (tails) await Promise.all((await tails).map((t) => t.busy));
  }

  private async read(source?: string): Promise<void> {
    const tails = await this.tails;
    for (const tail of tails ?? []) {
      if (source && tail.source !== source) continue;
      tail.busy = tail.busy
        .then(async () => {
          const { rows } = await this.o.db.query(
            `SELECT position, ${OUTBOX_COLUMNS} FROM ${ident(tail.source)}.outbox WHERE position > $1 ORDER BY position LIMIT 1000`,
            [tail.position],
          );
          for (const row of rows) {
            tail.position = row.position as number;
            const subject = row.subject as string;
            let envelope: Envelope | undefined;
            for (const listener of this.listeners) {
              if (!listener.matches(subject)) continue;
              envelope ??= envelopeOf(row);
              try {
                listener.deliver(envelope);
              } catch (error) {
                this.o.logger.warn({ err: error, subject }, 'live listener failed');
              }
            }
          }
        })
        .catch((error) => this.o.logger.warn({ err: error }, 'live tail failed'));
    }
  }
}
