import type pg from 'pg';
import type { Logger } from '../logging.js';
import type { Database } from '../postgres/database.js';

/**
 * Named leases held as session advisory locks on one dedicated connection per process. When the
 * process dies its connection closes and every lease is free for a replica to take.
 */
export class Leases {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly held = new Set<string>();
  private readonly lostListeners = new Set<() => void>();
  /** One statement at a time on the shared connection. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  /** True when this process now holds `name` (or already did). */
  async tryAcquire(name: string): Promise<boolean> {
    if (this.held.has(name)) return true;
    const ok = await this.serially(async () => {
      const client = await this.connection();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [`ftgo:lease:${name}`]);
      return rows[0].ok;
    });
    if (ok) this.held.add(name);
    return ok;
  }

  async release(name: string): Promise<void> {
    if (!this.held.delete(name) || !this.client) return;
    const client = this.client;
    await this.serially(() => client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`ftgo:lease:${name}`])).catch(() => {});
  }

  holds(name: string): boolean {
    return this.held.has(name);
  }

  /** Called when the connection, and with it every lease, is lost. */
  onLost(listener: () => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.held.clear();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  /** Test hook: lose the connection as a crash would. */
  crash(): void {
    this.client?.end().catch(() => {});
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => {});
    return result;
  }

  private connection(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('leases closed'));
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.db.dedicated().then(
      (client) => {
        this.connecting = undefined;
        if (this.closed) {
          // Closed while connecting: do not leave a session (and its locks) behind.
          void client.end().catch(() => {});
          throw new Error('leases closed');
        }
        client.on('end', () => {
          if (this.client !== client) return;
          this.client = undefined;
          if (this.held.size === 0) return;
          this.held.clear();
          this.logger.warn('lease connection lost; every lease released');
          for (const listener of this.lostListeners) listener();
        });
        this.client = client;
        return client;
      },
      (error) => {
        // Not cached: the next attempt connects again (the database may be back by then).
        this.connecting = undefined;
        throw error;
      },
    );
    return this.connecting;
  }
}
