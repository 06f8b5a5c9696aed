import type pg from 'pg';
import type { Logger } from '../logging.js';
import type { PlatformMetrics } from '../metrics/platform-metrics.js';
import { type Database, ident } from '../postgres/database.js';
import { OUTBOX_COLUMNS, outboxChannel, toOutboxRow } from './outbox.js';
import type { OutboxSink } from './port.js';

export interface RelayOptions {
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives. */
  pollMs?: number;
  /** How often a standby tries to take over. */
  standbyMs?: number;
  /** Published rows older than this are purged. */
  retentionMs?: number;
  logger: Logger;
  metrics?: PlatformMetrics;
}

/**
 * Publishes one schema's outbox: rows `WHERE published_at IS NULL ORDER BY seq` (never "after the
 * last seq", which would skip a transaction that commits late), in pipelined batches, marked after
 * the broker's ack. One active relay per schema: leadership is a session advisory lock on a
 * dedicated connection, so a dead leader's lock vanishes with its connection and a standby, trying
 * every `standbyMs`, takes over.
 */
export class Relay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A NOTIFY that arrived while a batch was in flight: read again at once instead of sleeping. */
  private notified = false;
  private leader: pg.Client | undefined;
  private readonly table: string;
  private readonly opts: Required<Omit<RelayOptions, 'metrics'>> & Pick<RelayOptions, 'metrics'>;
  private lastPurge = 0;
  isLeader = false;

  constructor(
    private readonly db: Database,
    readonly schema: string,
    private readonly sink: OutboxSink,
    options: RelayOptions,
  ) {
    this.table = `${ident(schema)}.outbox`;
    this.opts = { batchSize: 500, pollMs: 1000, standbyMs: 1000, retentionMs: 60 * 60 * 1000, ...options };
  }

  start(): this {
    this.running = true;
    this.loop = this.run();
    return this;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Test hook: drop the connection as a crash would, without a clean stop. */
  crash(): void {
    this.leader?.end().catch(() => {});
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        this.leader = await this.db.dedicated();
        const { rows } = await this.leader.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok`, [`ftgo:relay:${this.schema}`]);
        if (rows[0].ok) {
          this.isLeader = true;
          this.opts.logger.info({ schema: this.schema }, 'relay leading');
          await this.lead(this.leader);
        }
      } catch (error) {
        if (this.running) this.opts.logger.warn({ schema: this.schema, err: error }, 'relay lost its connection');
      } finally {
        this.isLeader = false;
        await this.leader?.end().catch(() => {});
        this.leader = undefined;
      }
      if (this.running) await this.pause(this.opts.standbyMs);
    }
  }

  private async lead(client: pg.Client): Promise<void> {
    let closed = false;
    client.on('end', () => {
      closed = true;
      this.wake?.();
    });
    client.on('notification', () => {
      this.notified = true;
      this.wake?.();
    });
    await client.query(`LISTEN ${ident(outboxChannel(this.schema))}`);
    while (this.running && !closed) {
      this.notified = false;
      const published = await this.publishBatch(client);
      if (published === this.opts.batchSize || this.notified) continue;
      await this.purge(client);
      if (!this.notified) await this.pause(this.opts.pollMs);
    }
    if (closed && this.running) throw new Error('relay connection closed');
  }

  private async publishBatch(client: pg.Client): Promise<number> {
    const { rows } = await client.query(`SELECT ${OUTBOX_COLUMNS}, created_at FROM ${this.table} WHERE published_at IS NULL ORDER BY seq LIMIT $1`, [
      this.opts.batchSize,
    ]);
    if (rows.length === 0) return 0;
    const started = performance.now();
    await this.sink.publish(this.schema, rows.map(toOutboxRow), client);
    await client.query(`UPDATE ${this.table} SET published_at = now() WHERE seq = ANY($1::bigint[]) AND published_at IS NULL`, [rows.map((r) => r.seq)]);
    const metrics = this.opts.metrics;
    if (metrics) {
      const now = Date.now();
      metrics.relayPublished.inc({ schema: this.schema }, rows.length);
      metrics.relayBatchSeconds.observe({ schema: this.schema }, (performance.now() - started) / 1000);
      for (const row of rows) metrics.relayLatencySeconds.observe({ schema: this.schema }, (now - (row.created_at as Date).getTime()) / 1000);
    }
    return rows.length;
  }

  /**
   * Published rows leave after the retention period. When the outbox is the log (local messaging),
   * events stay, as JetStream keeps FTGO_EVENTS forever, and other rows stay 7 days and until every
   * local subscription has passed them.
   */
  private async purge(client: pg.Client): Promise<void> {
    if (Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    if (this.sink.outboxIsTheLog) {
      await client.query(
        `DELETE FROM ${this.table} o WHERE published_at < now() - interval '7 days' AND subject NOT LIKE '%.events.%'
           AND NOT EXISTS (SELECT 1 FROM ${ident(this.schema)}.local_cursors c WHERE c.position < o.position)`,
      );
    } else {
      await client.query(`DELETE FROM ${this.table} WHERE published_at < now() - make_interval(secs => $1)`, [this.opts.retentionMs / 1000]);
    }
    await client.query(`DELETE FROM ${ident(this.schema)}.inbox WHERE processed_at < now() - interval '7 days'`);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
