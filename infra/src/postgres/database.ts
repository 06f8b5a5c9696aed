import pg from 'pg';

/** `pg` returns int8 as string by default; our versions and sequences fit in a JS number. */
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export type Row = Record<string, unknown>;

/** What a repository needs: run a statement. Both the pool and a transaction are one. */
export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface Transaction extends Queryable {
  readonly inTransaction: true;
}

/** A pool bound to one database. Schemas are passed to the stores that use them. */
export class Database implements Queryable {
  readonly pool: pg.Pool;

  constructor(
    readonly url: string,
    options: { max?: number; applicationName?: string } = {},
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, application_name: options.applicationName ?? 'ftgo' });
    // An idle client that loses its server must not crash the process; the pool replaces it.
    this.pool.on('error', () => {});
  }

  query<R extends Row = Row>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(sql, params);
  }

  /** Runs `work` in one transaction: commit on return, rollback on throw. */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx: Transaction = { inTransaction: true, query: (sql, params) => client.query(sql, params) };
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** A dedicated connection outside the pool, for session state: advisory locks, LISTEN. */
  async dedicated(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'ftgo-session' });
    client.on('error', () => {});
    await client.connect();
    return client;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** A schema or table name, quoted for SQL. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string })?.code === '23505';
