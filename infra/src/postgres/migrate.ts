import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, ident } from './database.js';

/** The platform's own tables (outbox, inbox, events, ...), created in every service schema first. */
export const INFRA_MIGRATIONS = fileURLToPath(new URL('../../../migrations', import.meta.url));

export interface MigrationSet {
  /** Recorded as `<prefix>/<file name>`. */
  prefix: string;
  dir: string;
}

/**
 * Applies SQL files in file-name order into `schema`, infra's first (DESIGN: platform constants).
 * One advisory lock serialises every migrating process on the database, so several processes
 * starting at once are safe, and applied files are recorded so running twice is a no-op.
 */
export async function migrate(db: Database, schema: string, sets: MigrationSet[]): Promise<string[]> {
  const applied: string[] = [];
  const client = await db.pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtextextended('ftgo:migrations', 0))`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${ident(schema)}.schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ name: string }>(`SELECT name FROM ${ident(schema)}.schema_migrations`)).rows.map((r) => r.name));
    for (const set of [{ prefix: 'infra', dir: INFRA_MIGRATIONS }, ...sets]) {
      const files = (await readdir(set.dir)).filter((f) => f.endsWith('.sql')).sort();
      for (const file of files) {
        const name = `${set.prefix}/${file}`;
        if (done.has(name)) continue;
        const sql = await readFile(path.join(set.dir, file), 'utf8');
        await client.query('BEGIN');
        try {
          await client.query(`SET LOCAL search_path TO ${ident(schema)}`);
          await client.query(sql);
          await client.query(`INSERT INTO ${ident(schema)}.schema_migrations (name) VALUES ($1)`, [name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw new Error(`migration ${name} failed in schema ${schema}: ${(error as Error).message}`);
        }
        applied.push(name);
      }
    }
  } finally {
    // A connection that cannot unlock must not go back to the pool still holding the lock.
    const unlocked = await client.query(`SELECT pg_advisory_unlock(hashtextextended('ftgo:migrations', 0))`).then(
      () => true,
      () => false,
    );
    client.release(!unlocked);
  }
  return applied;
}
