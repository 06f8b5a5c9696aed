import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dropNamespace, freshNamespace, messagingKinds, testConfig } from '@ftgo/infra/testing';
import { DEFAULT_SUPERGRAPH } from '../src/distributed/topology.js';
import { DEMO_CONSUMER, DEMO_ORDER_LINE_ITEMS, DEMO_ORDER_TOTAL, DEMO_RESTAURANT } from '../src/seed/demo-data.js';
import { GatewayClient, GraphQLRequestError } from '../src/seed/gateway-client.js';
import { seedDemoData } from '../src/seed/seed-demo.js';
import { alive, freeBasePort, processesInNamespace } from './e2e/distributed-stack.js';

/**
 * The distributed mode end to end on the real Postgres and NATS: `npm run start:distributed`'s
 * supervisor (a child process) runs the seven services and the gateway as eight processes on free
 * ports in a fresh FTGO_NAMESPACE; through the gateway over HTTP the seed creates the demo data
 * (twice, without duplicates) and an order goes to APPROVED by the CreateOrder saga across the
 * processes; SIGTERM then stops every process.
 */

const SUPERVISOR = fileURLToPath(new URL('../src/distributed/supervisor.js', import.meta.url));
const natsAvailable = messagingKinds().includes('nats');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('distributed mode: seven service processes and the gateway', { skip: natsAvailable ? false : 'NATS_URL is not set' }, () => {
  const namespace = freshNamespace('dist');
  const output: string[] = [];
  const pids = new Map<string, number>();
  let supervisor: ChildProcess;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let basePort: number;
  let gatewayUrl: string;
  let stateDir: string;
  let client: GatewayClient;
  let failed = false;

  before(async () => {
    assert.ok(existsSync(DEFAULT_SUPERGRAPH), `no checked-in supergraph at ${DEFAULT_SUPERGRAPH}: run \`npm run schema\``);
    stateDir = await mkdtemp(path.join(tmpdir(), 'ftgo-seed-'));
    basePort = await freeBasePort();
    gatewayUrl = `http://127.0.0.1:${basePort}/graphql`;
    client = new GatewayClient({ url: gatewayUrl, retryForMs: 20_000 });
    supervisor = spawn(process.execPath, [SUPERVISOR], {
      env: {
        ...process.env,
        DATABASE_URL: testConfig('nats', namespace).databaseUrl,
        FTGO_NAMESPACE: namespace,
        FTGO_BASE_PORT: String(basePort),
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => supervisor.once('exit', (code, signal) => resolve({ code, signal })));
    for (const stream of [supervisor.stdout!, supervisor.stderr!])
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        const started = /^\[supervisor\]\s+started (\S+) \(pid (\d+)\)$/.exec(line);
        if (started) pids.set(started[1], Number(started[2]));
      });
  });

  after(async () => {
    if (failed || process.env.TEST_LOG_LEVEL) console.log(`--- supervisor output (${namespace}) ---\n${output.slice(-150).join('\n')}`);
    // Whatever happened above, leave nothing running.
    if (supervisor && supervisor.exitCode === null && supervisor.signalCode === null) supervisor.kill('SIGKILL');
    for (const pid of [...pids.values(), ...processesInNamespace(namespace)]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await dropNamespace(testConfig('nats', namespace));
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  const step = (name: string, body: () => Promise<void>) =>
    it(name, async () => {
      try {
        await body();
      } catch (error) {
        failed = true;
        throw error;
      }
    });

  step('starts the seven services and the gateway, which becomes ready', async () => {
    const deadline = Date.now() + 45_000;
    for (;;) {
      if (supervisor.exitCode !== null) assert.fail(`the supervisor exited (${supervisor.exitCode}) before the gateway was ready`);
      const ready = await fetch(`http://127.0.0.1:${basePort}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) assert.fail('the gateway was not ready within 45 s');
      await sleep(250);
    }
    assert.deepEqual([...pids.keys()].sort(), ['accounting', 'consumer', 'delivery', 'gateway', 'kitchen', 'order', 'order-history', 'restaurant']);
    // Each service serves its own subgraph, /metrics and /healthz on its port.
    const health = await fetch(`http://127.0.0.1:${basePort + 4}/healthz`);
    assert.equal(health.status, 200);
    const metrics = await (await fetch(`http://127.0.0.1:${basePort + 4}/metrics`)).text();
    assert.match(metrics, /ftgo_relay_published_total/);
  });

  let restaurantId: string;
  let consumerId: string;

  step('seeds the demo data through the gateway, and a second run creates nothing', async () => {
    const statePath = path.join(stateDir, 'seed.json');
    const first = await seedDemoData({ gatewayUrl, statePath, waitMs: 20_000 });
    assert.equal(first.restaurant, 'created');
    assert.equal(first.consumer, 'registered');
    assert.equal(first.address, 'added');
    assert.equal(first.accountEnabled, true);
    assert.equal(first.courier, 'made available');
    restaurantId = first.restaurantId;
    consumerId = first.consumerId;

    const second = await seedDemoData({ gatewayUrl, statePath, waitMs: 20_000 });
    assert.deepEqual(second, {
      ...first,
      restaurant: 'from the state file',
      consumer: 'from the state file',
      address: 'present',
      courier: 'already available',
    });

    // Without the state file: the restaurant is found by name, the consumer comes back through its idempotency key.
    const third = await seedDemoData({ gatewayUrl, statePath: path.join(stateDir, 'other.json'), waitMs: 20_000 });
    assert.equal(third.restaurant, 'found by name');
    assert.equal(third.restaurantId, restaurantId);
    assert.equal(third.consumerId, consumerId);
    assert.equal(third.address, 'present');

    const { restaurants } = await client.request<{ restaurants: { edges: { node: { id: string; name: string } }[] } }>(
      '{ restaurants(first: 50) { edges { node { id name } } } }',
    );
    assert.deepEqual(
      restaurants.edges.filter((e) => e.node.name === DEMO_RESTAURANT.name).map((e) => e.node.id),
      [restaurantId],
    );
  });

  step('creates an order that the CreateOrder saga approves across the processes', async () => {
    const input = { consumerId, restaurantId, lineItems: DEMO_ORDER_LINE_ITEMS, deliverToAddressId: DEMO_CONSUMER.addressId };
    const key = randomUUID();
    let order: { id: string; state: string; orderTotal: number } | undefined;
    // The order service learns of the restaurant and the consumer from their events: allow it a moment.
    const deadline = Date.now() + 15_000;
    while (!order) {
      try {
        ({ createOrder: order } = await client.request<{ createOrder: { id: string; state: string; orderTotal: number } }>(
          'mutation ($input: CreateOrderInput!) { createOrder(input: $input) { id state orderTotal } }',
          { input },
          { idempotencyKey: key },
        ));
      } catch (error) {
        if (!(error instanceof GraphQLRequestError && error.code === 'NOT_FOUND') || Date.now() > deadline) throw error;
        await sleep(200);
      }
    }
    assert.equal(order.state, 'APPROVAL_PENDING');
    assert.equal(order.orderTotal, DEMO_ORDER_TOTAL);

    type Polled = { order: { state: string; orderTotal: number; consumer: { name: string } | null; ticket: { state: string } | null } | null };
    let polled: Polled['order'] = null;
    const approvedBy = Date.now() + 20_000;
    while (polled?.state !== 'APPROVED') {
      if (Date.now() > approvedBy) assert.fail(`the order did not reach APPROVED within 20 s: ${JSON.stringify(polled)}`);
      await sleep(200);
      ({ order: polled } = await client.request<Polled>('query ($id: ID!) { order(id: $id) { state orderTotal consumer { name } ticket { state } } }', {
        id: order.id,
      }));
    }
    assert.equal(polled.orderTotal, DEMO_ORDER_TOTAL);
    assert.equal(polled.consumer?.name, DEMO_CONSUMER.name);
    assert.equal(polled.ticket?.state, 'AWAITING_ACCEPTANCE');
  });

  step('stops every process on SIGTERM', async () => {
    supervisor.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([exited, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 25_000)))]);
    clearTimeout(timer);
    assert.ok(result, 'the supervisor did not exit within 25 s of SIGTERM');
    assert.deepEqual(result, { code: 0, signal: null });
    assert.ok(output.some((line) => /^\[supervisor\]\s+stopped$/.test(line)));
    const left = [...pids.entries()].filter(([, pid]) => alive(pid));
    assert.deepEqual(left, [], 'children still running');
    assert.deepEqual(processesInNamespace(namespace), [], 'processes of the namespace still running');
  });
});
