import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DistributedEnvError } from '../src/distributed/env.js';
import { formatLogLine } from '../src/distributed/log-format.js';
import { SERVICE_PORTS } from '../src/distributed/ports.js';
import { type ChildSpec, ProcessSupervisor } from '../src/distributed/process-supervisor.js';
import { serviceProcessConfig } from '../src/distributed/service-process.js';
import { DISTRIBUTED_SERVICES, distributedService, partialSystem } from '../src/distributed/services.js';
import { GATEWAY_MAIN, planTopology, SERVICE_MAIN } from '../src/distributed/topology.js';

const ENV = { DATABASE_URL: 'postgres://db.example:5432/ftgo', NATS_URL: 'nats://nats.example:4222' };

const alive = (pid: number | undefined): boolean => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('formatLogLine', () => {
  const time = Date.UTC(2026, 0, 2, 12, 3, 4, 567);

  it('turns a pino record into one short line', () => {
    const line = JSON.stringify({ level: 30, time, pid: 1, hostname: 'h', name: 'kitchen', msg: 'relay leading', schema: 'kitchen', count: 2 });
    assert.equal(formatLogLine(line), '12:03:04.567 INFO  relay leading schema=kitchen count=2');
  });

  it('quotes values with spaces, prints objects as JSON and errors as type, message and first frame', () => {
    const err = {
      type: 'Error',
      message: 'connection refused',
      code: 'ECONNREFUSED',
      stack: 'Error: connection refused\n    at connect (net.js:1:1)\n    at x',
    };
    const line = JSON.stringify({ level: 50, time, msg: 'failed', note: 'two words', ids: [1, 2], err });
    assert.equal(
      formatLogLine(line),
      '12:03:04.567 ERROR failed note="two words" ids=[1,2] err="Error [ECONNREFUSED]: connection refused (at connect (net.js:1:1))"',
    );
  });

  it('keeps a multi-line message on one line and cuts long fields', () => {
    const line = JSON.stringify({ level: 40, time, msg: 'loaded\n\t* Mode: unmanaged', blob: 'x'.repeat(500) });
    const formatted = formatLogLine(line, 40);
    assert.ok(formatted.startsWith('12:03:04.567 WARN  loaded * Mode: unmanaged blob=xxxx'), formatted);
    assert.ok(formatted.endsWith('…'));
    assert.equal(formatted.length, '12:03:04.567 WARN  loaded * Mode: unmanaged '.length + 40);
  });

  it('leaves other lines alone', () => {
    assert.equal(formatLogLine('Enabling inline tracing for this subgraph.'), 'Enabling inline tracing for this subgraph.');
    assert.equal(formatLogLine('{not json'), '{not json');
    assert.equal(formatLogLine('{"a":1}'), '{"a":1}');
  });
});

describe('the distributed topology', () => {
  let dir: string;
  let supergraphPath: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ftgo-topology-'));
    supergraphPath = path.join(dir, 'supergraph.graphql');
    await writeFile(supergraphPath, 'schema { query: Query } type Query { a: Int }');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('refuses to start without DATABASE_URL and NATS_URL, saying what to set', () => {
    assert.throws(
      () => planTopology({ env: {}, supergraphPath }),
      (error: unknown) =>
        error instanceof DistributedEnvError &&
        /DATABASE_URL is not set/.test(error.message) &&
        /never starts an embedded one/.test(error.message) &&
        /NATS_URL is not set/.test(error.message),
    );
    assert.throws(() => planTopology({ env: { ...ENV, MESSAGING: 'local' }, supergraphPath }), /MESSAGING=local cannot work across processes/);
    assert.throws(() => planTopology({ env: ENV, supergraphPath: path.join(dir, 'none.graphql') }), /no supergraph at .*npm run schema/);
    assert.throws(() => planTopology({ env: { ...ENV, FTGO_BASE_PORT: 'x' }, supergraphPath }), /FTGO_BASE_PORT must be a port number/);
    assert.throws(() => planTopology({ env: ENV, basePort: 65530, supergraphPath }), /leaves no room/);
  });

  it('runs the seven services on 4001–4007 and the gateway on 4000 by default', () => {
    const topology = planTopology({ env: ENV, supergraphPath });
    assert.deepEqual(topology.ports, {
      gateway: 4000,
      consumer: 4001,
      restaurant: 4002,
      order: 4003,
      kitchen: 4004,
      accounting: 4005,
      delivery: 4006,
      'order-history': 4007,
    });
    assert.equal(topology.gatewayUrl, 'http://localhost:4000/graphql');
  });

  it('shifts every port with the base port, and wires the gateway to the services', () => {
    const topology = planTopology({ env: { ...ENV, FTGO_BASE_PORT: '4100', FTGO_NAMESPACE: 'ns1', PORT: '9999' }, supergraphPath, node: '/bin/node' });
    assert.deepEqual(
      topology.children.map((c) => c.name),
      ['consumer', 'restaurant', 'order', 'kitchen', 'accounting', 'delivery', 'order-history', 'gateway'],
    );
    const kitchen = topology.children.find((c) => c.name === 'kitchen')!;
    assert.equal(kitchen.command, '/bin/node');
    assert.deepEqual(kitchen.args, [SERVICE_MAIN, 'kitchen']);
    assert.equal(kitchen.env.PORT, '4104');
    assert.equal(kitchen.env.MESSAGING, 'nats');
    assert.equal(kitchen.env.DATABASE_URL, ENV.DATABASE_URL);
    assert.equal(kitchen.env.FTGO_NAMESPACE, 'ns1');

    const gateway = topology.children.find((c) => c.name === 'gateway')!;
    assert.deepEqual(gateway.args, [GATEWAY_MAIN]);
    assert.equal(gateway.stopFirst, true);
    assert.equal(gateway.env.PORT, '4100');
    assert.equal(gateway.env.SUPERGRAPH_PATH, supergraphPath);
    assert.equal(gateway.env.SUBGRAPH_ORDER_HISTORY_URL, 'http://127.0.0.1:4107/graphql');
    assert.equal(gateway.env.SUBGRAPH_CONSUMER_URL, 'http://127.0.0.1:4101/graphql');
    assert.equal(gateway.env.DATABASE_URL, undefined, 'the gateway needs no database');
    assert.equal(gateway.env.NATS_URL, undefined);
    assert.equal(gateway.env.FTGO_NAMESPACE, 'ns1');
  });
});

describe('a service process', () => {
  it('takes its port from PORT, else the port the supergraph names', () => {
    assert.equal(serviceProcessConfig('delivery', ENV).port, 4006);
    assert.equal(serviceProcessConfig('delivery', { ...ENV, PORT: '5006' }).port, 5006);
    const config = serviceProcessConfig('order-history', { ...ENV, FTGO_NAMESPACE: 'x1' });
    assert.equal(config.service.name, 'order-history');
    assert.equal(config.config.messaging, 'nats');
    assert.equal(config.config.namespace, 'x1');
    assert.deepEqual(
      DISTRIBUTED_SERVICES.map((s) => [s.name, s.port]),
      Object.entries(SERVICE_PORTS),
    );
  });

  it('refuses an unknown service or a missing server', () => {
    assert.throws(() => serviceProcessConfig('billing', ENV), /unknown service "billing": one of consumer, restaurant, order/);
    assert.throws(() => serviceProcessConfig(undefined, ENV), /no service named/);
    assert.throws(() => serviceProcessConfig('kitchen', { NATS_URL: ENV.NATS_URL }), /DATABASE_URL is not set/);
  });

  it('builds its subgraph over its own application only, and says so if the registry reaches for another one', () => {
    const kitchen = distributedService('kitchen')!;
    const app = { marker: true };
    const system = partialSystem(kitchen, app);
    assert.equal(system.kitchen, app);
    assert.throws(() => system.order, /the kitchen process runs only the kitchen service; its subgraph asked for system.order/);
    assert.equal(partialSystem(distributedService('order-history')!, app).orderHistory, app);
  });
});

describe('ProcessSupervisor', () => {
  const node = (name: string, script: string, extra: Partial<ChildSpec> = {}): ChildSpec => ({
    name,
    command: process.execPath,
    args: ['-e', script],
    env: process.env,
    ...extra,
  });
  const stayUp = "process.on('SIGTERM', () => { console.log('bye'); process.exit(0); }); setInterval(() => {}, 1000);";

  it('prefixes every line with the child name, and stops all children when asked', async () => {
    const lines: string[] = [];
    const supervisor = new ProcessSupervisor({ write: (line) => lines.push(line), names: ['a', 'bb'] });
    supervisor.start([
      node('a', `console.log(JSON.stringify({ level: 30, time: 0, msg: 'up', port: 1 })); ${stayUp}`),
      node('bb', `console.error('plain'); ${stayUp}`, { stopFirst: true }),
    ]);
    const pids = supervisor.pids();
    const deadline = Date.now() + 10_000;
    while (!(lines.some((l) => l.includes('up port=1')) && lines.some((l) => l.includes('plain'))) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await supervisor.stop();
    assert.deepEqual(await supervisor.done, { reason: 'stopped' });
    assert.ok(lines.includes('[a]          00:00:00.000 INFO  up port=1'), lines.join('\n'));
    assert.ok(lines.includes('[bb]         plain'), lines.join('\n'));
    assert.ok(lines.includes(`[supervisor] started a (pid ${pids.a})`), lines.join('\n'));
    // The stopFirst child goes first.
    assert.ok(lines.indexOf('[supervisor] bb stopped') < lines.indexOf('[supervisor] a stopped'), lines.join('\n'));
    assert.equal(alive(pids.a), false);
    assert.equal(alive(pids.bb), false);
  });

  it('when a child dies on its own, says so and stops the others', async () => {
    const lines: string[] = [];
    const supervisor = new ProcessSupervisor({ write: (line) => lines.push(line) });
    supervisor.start([node('steady', stayUp), node('fragile', 'setTimeout(() => process.exit(3), 300)')]);
    const pids = supervisor.pids();
    const outcome = await supervisor.done;
    assert.deepEqual(outcome, { reason: 'child-exited', exit: { name: 'fragile', code: 3, signal: null } });
    assert.ok(
      lines.some((l) => l.endsWith('fragile exited with code 3; stopping the others')),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => l.endsWith('steady stopped')),
      lines.join('\n'),
    );
    assert.equal(alive(pids.steady), false);
  });

  it('kills a child that does not stop within the grace period', async () => {
    const lines: string[] = [];
    const supervisor = new ProcessSupervisor({ write: (line) => lines.push(line), graceMs: 300 });
    supervisor.start([node('stubborn', "process.on('SIGTERM', () => console.log('not stopping')); console.log('ready'); setInterval(() => {}, 1000);")]);
    const pid = supervisor.pids().stubborn;
    const deadline = Date.now() + 10_000;
    while (!lines.some((l) => l.endsWith('ready')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await supervisor.stop();
    assert.ok(
      lines.some((l) => l.endsWith('stubborn did not stop within 0.3 s; killing it')),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => l.endsWith('stubborn stopped (was ended by SIGKILL)')),
      lines.join('\n'),
    );
    assert.equal(alive(pid), false);
  });

  it('reports a child that cannot be started', async () => {
    const lines: string[] = [];
    const supervisor = new ProcessSupervisor({ write: (line) => lines.push(line) });
    supervisor.start([{ name: 'ghost', command: path.join(tmpdir(), 'no-such-binary-ftgo'), args: [], env: {} }, node('steady', stayUp)]);
    const outcome = await supervisor.done;
    assert.equal(outcome.reason, 'child-exited');
    assert.match(lines.join('\n'), /ghost could not start \(spawn .*ENOENT\); stopping the others/);
  });
});
