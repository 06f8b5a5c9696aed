import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dropNamespace, freshNamespace, testConfig } from '@ftgo/infra/testing';
import type { Stack } from './context.js';

const SUPERVISOR = fileURLToPath(new URL('../../src/distributed/supervisor.js', import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const portFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });

/** A base port with the seven after it free too (the supervisor's layout), away from a running `npm start`. */
export async function freeBasePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    let free = true;
    for (let port = base; port <= base + 7 && free; port++) free = await portFree(port);
    if (free) return base;
  }
  throw new Error('no eight consecutive free ports found');
}

export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Processes whose environment has `FTGO_NAMESPACE=<namespace>`: every child the supervisor started (Linux /proc). */
export function processesInNamespace(namespace: string): number[] {
  if (!existsSync('/proc/self/environ')) return [];
  const marker = `\0FTGO_NAMESPACE=${namespace}\0`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (`\0${readFileSync(`/proc/${entry}/environ`, 'latin1')}`.includes(marker)) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/**
 * The distributed topology as `npm run start:distributed` runs it: the supervisor starts the seven
 * service processes and the gateway on free ports, in a fresh namespace, on the real Postgres and NATS.
 */
export async function startDistributedStack(t?: TestContext): Promise<Stack> {
  const namespace = freshNamespace('dist');
  const config = testConfig('nats', namespace);
  const basePort = await freeBasePort();
  const output: string[] = [];
  const supervisor: ChildProcess = spawn(process.execPath, [SUPERVISOR], {
    env: {
      ...process.env,
      DATABASE_URL: config.databaseUrl,
      NATS_URL: config.natsUrl,
      FTGO_NAMESPACE: namespace,
      FTGO_BASE_PORT: String(basePort),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [supervisor.stdout, supervisor.stderr]) stream?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (supervisor.exitCode === null && supervisor.signalCode === null) {
      const exited = new Promise((resolve) => supervisor.once('exit', resolve));
      supervisor.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
    }
    for (const pid of processesInNamespace(namespace)) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await dropNamespace(config);
  };
  t?.after(close);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (supervisor.exitCode !== null) {
      await close();
      throw new Error(`the supervisor exited (${supervisor.exitCode}) before the gateway was ready:\n${output.join('').slice(-4000)}`);
    }
    const ready = await fetch(`http://127.0.0.1:${basePort}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await close();
      throw new Error(`the distributed gateway was not ready within 60 s:\n${output.join('').slice(-4000)}`);
    }
    await sleep(250);
  }
  return { url: `http://127.0.0.1:${basePort}/graphql`, close };
}
