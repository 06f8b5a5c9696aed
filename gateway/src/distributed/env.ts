/** A distributed process was asked to start without what it needs; the message says what to set. */
export class DistributedEnvError extends Error {}

/**
 * The distributed mode's requirements: a Postgres and a NATS JetStream server that every process
 * shares. Nothing is assumed: no embedded Postgres (each process would start its own), no default
 * URL, no local messaging (it only reaches the outboxes of its own process).
 */
export function checkDistributedEnv(env: NodeJS.ProcessEnv): void {
  const problems: string[] = [];
  if (!env.DATABASE_URL)
    problems.push(
      'DATABASE_URL is not set: the distributed mode needs one Postgres shared by every process and never starts an embedded one ' +
        '(e.g. DATABASE_URL=postgres://user:password@host:5432/ftgo; nothing is assumed; `npm start` is the embedded mode)',
    );
  if (!env.NATS_URL)
    problems.push('NATS_URL is not set: distributed services talk over NATS JetStream (a `nats-server -js`, e.g. NATS_URL=nats://127.0.0.1:4222)');
  if (env.MESSAGING && env.MESSAGING !== 'nats')
    problems.push(
      `MESSAGING=${env.MESSAGING} cannot work across processes: local messaging only reaches its own process's outboxes (unset it, or MESSAGING=nats)`,
    );
  if (problems.length > 0) throw new DistributedEnvError(problems.join('\n'));
}

/** A TCP port from the environment (or a flag), checked. */
export function parsePort(value: string, from: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new DistributedEnvError(`${from} must be a port number (0-65535), got "${value}"`);
  return port;
}
