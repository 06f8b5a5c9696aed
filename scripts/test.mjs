#!/usr/bin/env node
// `npm test`: every *.spec.js under the workspaces' dist/ folders, through node's test runner.
// Without DATABASE_URL it starts embedded Postgres; without NATS_URL it uses a NATS server on
// 127.0.0.1:4222 when one answers. Ends with the line `N passed, N failed`.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

function specs(dir, found = []) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) specs(full, found);
    else if (/\.(unit|int|e2e)\.spec\.js$/.test(entry) && (!only || entry.endsWith(`.${only}.spec.js`))) found.push(full);
  }
  return found;
}

const roots = ['schema', 'infra', 'sagas', 'subgraphs', 'gateway', 'bench'].map((d) => path.join(root, d));
const files = roots.flatMap((d) => {
  try {
    return specs(d).filter((f) => f.includes(`${path.sep}dist${path.sep}`));
  } catch {
    return [];
  }
});
if (files.length === 0) {
  console.error('no compiled spec files found: run `npm run build` first');
  process.exit(1);
}

const reachable = (host, port) =>
  new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

const env = { ...process.env };
let embedded;
if (!env.DATABASE_URL) {
  const { startEmbeddedPostgres, createLogger } = await import('@ftgo/infra');
  embedded = await startEmbeddedPostgres(path.join(root, '.data', 'test'), createLogger('warn'), 54330);
  env.DATABASE_URL = embedded.url;
  console.log(`using embedded Postgres at ${embedded.url}`);
}
if (!env.NATS_URL && (await reachable('127.0.0.1', 4222))) {
  env.NATS_URL = 'nats://127.0.0.1:4222';
  console.log(`using NATS at ${env.NATS_URL}`);
}

const args = [
  '--test',
  '--test-concurrency=2',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  `--test-reporter=${path.join(root, 'scripts', 'summary-reporter.mjs')}`,
  '--test-reporter-destination=stdout',
  ...files,
];
const child = spawn(process.execPath, args, { env, stdio: 'inherit' });
const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
await embedded?.stop();
process.exit(code);
