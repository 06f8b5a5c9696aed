/**
 * Subscription fan-out benchmark (issue 5; `npm run bench:fanout`).
 *
 * One embedded stack in this process (every service on one Platform in a fresh FTGO_NAMESPACE, every
 * subgraph schema in-process, the gateway over the checked-in supergraph on a free port), seeded through
 * GraphQL mutations. For each N: N `sagaProgress(orderId)` subscriptions over graphql-ws, spread
 * round-robin over `--orders` orders, many per WebSocket, with a federated selection (`order { state
 * restaurant { name } }` needs an entity fetch per event). The clients run in a worker thread
 * (fanout-clients.ts).
 *
 * A subscription to an order that does not exist yet is NOT_FOUND, so the orders are created first with
 * their CreateOrder sagas held: this process keeps the consumer service's inbox locked (EXCLUSIVE: reads
 * pass, inserts wait), so ValidateOrderByConsumer cannot be handled and the sagas stop after their first
 * rows. Once every subscription is open (ftgo_gateway_active_subscriptions = N) and has its replay of the
 * stored rows, the lock is released and the sagas run: every event after that is live, and its delivery
 * latency is the client's receive time − the event's `at`.
 *
 * Options: --subscribers 1000,10000 --orders 100 --per-connection 100 --timeout 240 (s per N)
 * --report path. Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test),
 * NATS_URL (NATS messaging when set, else local), LOG_LEVEL.
 */
import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { createLogger, ident, loadConfig, Platform } from '@ftgo/infra';
import { dropNamespace, freshNamespace } from '@ftgo/infra/testing';
import { Registry } from 'prom-client';
import type { ClientsJob, ClientsResult, ClientsStatus, FromClients } from './fanout-clients.js';

// `@ftgo/gateway` exports only its system; the gateway server and the subgraph list are loaded from
// its build, next to the package's entry point.
type GatewayServer = typeof import('../../gateway/src/server/gateway-server.js');
type GatewaySubgraphs = typeof import('../../gateway/src/subgraphs.js');
const gatewayEntry = import.meta.resolve('@ftgo/gateway');
const { startGateway } = (await import(new URL('./server/gateway-server.js', gatewayEntry).href)) as GatewayServer;
const { SUBGRAPHS } = (await import(new URL('./subgraphs.js', gatewayEntry).href)) as GatewaySubgraphs;
const { startSystem } = await import('@ftgo/gateway');

const SUPERGRAPH = fileURLToPath(new URL('../../../schema/supergraph.graphql', gatewayEntry));
const EVENTS_PER_ORDER = 12;
const GOAL = { subscribers: 10_000, p99Ms: 100 };

const { values: argv } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000,10000' },
    orders: { type: 'string', default: '100' },
    'per-connection': { type: 'string', default: '100' },
    timeout: { type: 'string', default: '240' },
    report: { type: 'string', default: fileURLToPath(new URL('../../reports/fanout.md', import.meta.url)) },
  },
});
const settings = {
  subscribers: argv.subscribers.split(',').map(Number),
  orders: Number(argv.orders),
  perConnection: Number(argv['per-connection']),
  timeoutMs: Number(argv.timeout) * 1000,
  report: argv.report,
  databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  natsUrl: process.env.NATS_URL,
};

const QUERY = `subscription Fanout($orderId: ID!) {
  sagaProgress(orderId: $orderId) { orderSequence kind at order { state restaurant { name } } }
}`;

interface Answer {
  data?: Record<string, Record<string, unknown>> | null;
  errors?: { message: string }[];
}

interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function percentiles(values: number[]): Percentiles | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] };
}

interface RunResult {
  subscribers: number;
  orders: number;
  connections: number;
  /** Where it stopped, when it did not complete. */
  broke?: string;
  subscribeSeconds?: number;
  active: number;
  clients: ClientsResult;
  expected: number;
  /** Live events: from the release of the sagas to the last event received. */
  liveSeconds: number;
  latency?: Percentiles;
  firstEvent?: Percentiles;
  fetches: number;
  fetchesBySubgraph: Record<string, number>;
  distinctEvents: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  heapPeakMb: number;
  cpuSeconds: number;
  wallSeconds: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

class Bench {
  private constructor(
    readonly platform: Platform,
    readonly system: Awaited<ReturnType<typeof startSystem>>,
    readonly gateway: Awaited<ReturnType<typeof startGateway>>,
    readonly registryRef: Registry,
  ) {}

  restaurantId = '';
  consumerIds: string[] = [];

  get base(): string {
    return `http://127.0.0.1:${this.gateway.port}`;
  }

  static async start(maxPerConnection: number): Promise<Bench> {
    const config = loadConfig({
      DATABASE_URL: settings.databaseUrl,
      NATS_URL: settings.natsUrl,
      MESSAGING: settings.natsUrl ? 'nats' : 'local',
      FTGO_NAMESPACE: freshNamespace('fanout'),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
      // Held consumer handlers each keep a connection while the sagas wait: room for them and the rest.
      PG_POOL_MAX: process.env.PG_POOL_MAX ?? '40',
    });
    // As \`npm start\` runs it: default poll interval (1 s) and retry policy.
    const platform = await Platform.start({ config, logger: createLogger(config.logLevel, 'fanout') });
    try {
      const system = await startSystem(platform);
      const subgraphs = await Promise.all(SUBGRAPHS.map(async (d) => ({ name: d.name, schema: await d.schema(system) })));
      const registry = new Registry();
      const gateway = await startGateway({
        port: 0,
        host: '127.0.0.1',
        supergraphPath: SUPERGRAPH,
        localSubgraphs: subgraphs,
        localOnly: true,
        registry,
        logger: platform.logger,
        maxSubscriptionsPerConnection: maxPerConnection,
      });
      return new Bench(platform, system, gateway, registry);
    } catch (error) {
      await platform.close();
      await dropNamespace(config);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.gateway.close().catch(() => {});
    await this.system.stop().catch(() => {});
    await this.platform.close().catch(() => {});
    await dropNamespace(this.platform.config);
  }

  async gql(query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
    const response = await fetch(`${this.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as Answer;
  }

  async data(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, Record<string, unknown>>> {
    const answer = await this.gql(query, variables);
    if (answer.errors?.length || !answer.data) throw new Error(JSON.stringify(answer.errors));
    return answer.data;
  }

  async seed(consumers: number): Promise<void> {
    const restaurant = await this.data(
      `mutation { createRestaurant(input: {
        name: "Ajanta", address: { street1: "1 Main Street", city: "Oakland", state: "CA", zip: "94611" },
        menu: [{ id: "item1", name: "Chicken Vindaloo", price: 1299 }, { id: "item2", name: "Chicken Tikka Masala", price: 1499 }, { id: "item3", name: "Garlic Naan", price: 399 }]
      }) { id } }`,
    );
    this.restaurantId = restaurant.createRestaurant.id as string;
    for (let i = 0; i < consumers; i++) {
      const consumer = await this.data(`mutation R($name: String!) { registerConsumer(input: { name: $name }) { id } }`, { name: `Bench Consumer ${i}` });
      const id = consumer.registerConsumer.id as string;
      await this.data(
        `mutation Address($id: ID!) { addConsumerAddress(consumerId: $id, addressId: "Home", address: { street1: "123 Main St.", city: "Oakland", state: "CA", zip: "94612" }) { id } }`,
        { id },
      );
      this.consumerIds.push(id);
    }
    for (const id of this.consumerIds)
      await this.until(async () => (await this.gql(`query A($id: ID!) { account(id: $id) { id } }`, { id })).data?.account, 30_000, 'accounts');
  }

  async until<T>(check: () => Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      const value = await check().catch((error: unknown) => {
        last = error;
        return undefined;
      });
      if (value) return value as NonNullable<T>;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last instanceof Error ? last.message : String(last)}` : ''}`);
      await sleep(50);
    }
  }

  /** createOrder as a client does it: retried while the order service's replicas catch up. */
  async placeOrder(i: number): Promise<string> {
    return this.until(
      async () => {
        const answer = await this.gql(`mutation Place($input: CreateOrderInput!) { createOrder(input: $input) { id } }`, {
          input: {
            consumerId: this.consumerIds[i % this.consumerIds.length],
            restaurantId: this.restaurantId,
            lineItems: [
              { menuItemId: 'item1', quantity: 2 },
              { menuItemId: 'item3', quantity: 1 },
            ],
            deliverToAddressId: 'Home',
          },
        });
        if (answer.errors?.length) {
          if (answer.errors.some((e) => /not found|an address with that identifier/.test(e.message))) return undefined;
          throw new Error(JSON.stringify(answer.errors));
        }
        return answer.data?.createOrder?.id as string | undefined;
      },
      30_000,
      'createOrder',
    );
  }

  async placeOrders(count: number, concurrency = 8): Promise<string[]> {
    const ids: string[] = new Array(count);
    let next = 0;
    const lane = async () => {
      while (next < count) {
        const i = next++;
        ids[i] = await this.placeOrder(i);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    return ids;
  }

  async sagaEnded(orderId: string): Promise<boolean> {
    const sagas = await this.system.order.queries.sagasOfOrder(orderId);
    return sagas.length >= 1 && sagas.every((s) => s.endedAt !== null);
  }

  async counter(name: string): Promise<Record<string, number>> {
    const metric = this.registryRef.getSingleMetric(name);
    const out: Record<string, number> = {};
    if (!metric) return out;
    for (const v of (await metric.get()).values) out[String(Object.values(v.labels)[0] ?? '')] = v.value;
    return out;
  }

  async active(): Promise<number> {
    return Object.values(await this.counter('ftgo_gateway_active_subscriptions')).reduce((a, b) => a + b, 0);
  }
}

/** Holds every CreateOrder saga before ValidateOrderByConsumer: the consumer service cannot insert into its inbox. */
async function holdSagas(platform: Platform): Promise<{ release(): Promise<void> }> {
  const client = await platform.db.dedicated();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${ident(platform.schema('consumer'))}.inbox IN EXCLUSIVE MODE`);
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      await client.query('COMMIT');
      await client.end();
    },
  };
}

async function runOnce(bench: Bench, subscribers: number): Promise<RunResult> {
  const orderCount = Math.min(settings.orders, subscribers);
  const connections = Math.ceil(subscribers / settings.perConnection);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const hold = await holdSagas(bench.platform);
  let worker: Worker | undefined;
  try {
    console.log(`  N=${subscribers}: placing ${orderCount} orders (sagas held) ...`);
    const orders = await bench.placeOrders(orderCount);
    const fetchesBefore = await bench.counter('ftgo_gateway_subscription_fetches_total');
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    let heapPeak = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      rssPeak = Math.max(rssPeak, m.rss);
      heapPeak = Math.max(heapPeak, m.heapUsed);
    }, 200);
    const cpuBefore = process.cpuUsage();
    const wallStart = Date.now();
    loop.enable();

    const job: ClientsJob = {
      url: `ws://127.0.0.1:${bench.gateway.port}/graphql`,
      orders,
      subscribers,
      perConnection: settings.perConnection,
      query: QUERY,
      connectConcurrency: 20,
    };
    const w = new Worker(new URL('./fanout-clients.js', import.meta.url), { workerData: job });
    worker = w;
    let status: ClientsStatus = { type: 'status', connected: 0, connectionFailures: 0, closedEarly: 0, sent: 0, received: 0, firstEvents: 0, errors: 0 };
    let resultOf: ((r: ClientsResult) => void) | undefined;
    let liveAck: (() => void) | undefined;
    w.on('message', (m: FromClients) => {
      if (m.type === 'status') status = m;
      else if (m.type === 'live-ack') liveAck?.();
      else resultOf?.(m);
    });
    w.on('error', (error) => console.error('clients worker failed:', error));

    const deadline = wallStart + settings.timeoutMs;
    let broke: string | undefined;
    let active = 0;
    // 1. Every subscription open at the gateway (its upstream stream listening), and its replay received.
    const subscribeStarted = Date.now();
    let lastLog = 0;
    for (;;) {
      active = await bench.active();
      if (active >= subscribers) break;
      if (
        status.connectionFailures + status.closedEarly > 0 &&
        status.connected + status.connectionFailures >= connections &&
        active + status.errors >= subscribers
      ) {
        broke = `subscribing: ${active} of ${subscribers} open, ${status.connectionFailures} connections failed, ${status.closedEarly} closed; first error: ${status.firstError}`;
        break;
      }
      if (Date.now() > deadline) {
        broke = `subscribing: timed out with ${active} of ${subscribers} open (${status.connected}/${connections} connections, ${status.sent} subscribe messages sent, ${status.errors} errors${status.firstError ? `: ${status.firstError}` : ''})`;
        break;
      }
      if (Date.now() - lastLog > 5_000) {
        lastLog = Date.now();
        console.log(`    ${active}/${subscribers} open, ${status.connected}/${connections} connections, rss ${mb(process.memoryUsage().rss)} MiB`);
      }
      await sleep(100);
    }
    const subscribeSeconds = (Date.now() - subscribeStarted) / 1000;
    console.log(`    ${active} open after ${subscribeSeconds.toFixed(1)} s; waiting for the replays ...`);
    while (!broke && status.firstEvents < subscribers && Date.now() < deadline) await sleep(100);
    if (!broke && status.firstEvents < subscribers)
      broke = `replay: only ${status.firstEvents} of ${subscribers} subscriptions had their first event before the timeout`;
    let stable = status.received;
    let stableSince = Date.now();
    while (Date.now() - stableSince < 1_000 && Date.now() < deadline) {
      await sleep(100);
      if (status.received !== stable) {
        stable = status.received;
        stableSince = Date.now();
      }
    }
    const replayedBeforeRelease = status.received;

    // 2. Release the sagas: everything from here is live.
    await new Promise<void>((resolve) => {
      liveAck = resolve;
      w.postMessage({ type: 'live' });
    });
    await hold.release();
    const expected = subscribers * EVENTS_PER_ORDER;
    let lastReceived = status.received;
    let quietSince = Date.now();
    for (;;) {
      await sleep(200);
      if (status.received >= expected) break;
      if (status.received !== lastReceived) {
        lastReceived = status.received;
        quietSince = Date.now();
      }
      if (Date.now() - quietSince > 15_000) {
        broke ??= `delivery: stalled at ${status.received} of ${expected} events for 15 s`;
        break;
      }
      if (Date.now() > deadline + 60_000) {
        broke ??= `delivery: timed out at ${status.received} of ${expected} events`;
        break;
      }
    }
    const clients = await new Promise<ClientsResult>((resolve) => {
      resultOf = resolve;
      w.postMessage({ type: 'finish' });
    });
    loop.disable();
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpuBefore);
    const wallSeconds = (Date.now() - wallStart) / 1000;
    const fetchesAfter = await bench.counter('ftgo_gateway_subscription_fetches_total');
    const fetchesBySubgraph: Record<string, number> = {};
    for (const [k, v] of Object.entries(fetchesAfter)) {
      const d = v - (fetchesBefore[k] ?? 0);
      if (d) fetchesBySubgraph[k] = d;
    }
    const endedSagas = (await Promise.all(orders.map((o) => bench.sagaEnded(o)))).filter(Boolean).length;
    console.log(`    ${clients.status.received}/${expected} events (${replayedBeforeRelease} replayed), ${endedSagas}/${orders.length} sagas ended`);
    // Each order's saga is 12 progress rows: the distinct events the gateway resolved.
    const distinctEvents = orderCount * EVENTS_PER_ORDER;
    return {
      subscribers,
      orders: orderCount,
      connections,
      broke,
      subscribeSeconds,
      active,
      clients,
      expected,
      liveSeconds: Math.max(0.001, (clients.lastReceivedAt - clients.liveStartedAt) / 1000),
      latency: percentiles(clients.latencies),
      firstEvent: percentiles(clients.firstEventMs),
      fetches: Object.values(fetchesBySubgraph).reduce((a, b) => a + b, 0),
      fetchesBySubgraph,
      distinctEvents,
      rssBeforeMb: mb(rssBefore),
      rssPeakMb: mb(rssPeak),
      heapPeakMb: mb(heapPeak),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      wallSeconds,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      loopDelayMaxMs: loop.max / 1e6,
    };
  } finally {
    await hold.release().catch(() => {});
    if (worker) await worker.terminate().catch(() => {});
    // Let the gateway finish closing the sockets before the next N.
    await bench.until(async () => (await bench.active()) === 0 || undefined, 30_000, 'subscriptions to close').catch(() => {});
  }
}

const f = (v: number | undefined, digits = 0) => (v === undefined ? '–' : v.toFixed(digits));
const msCell = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(0)} ms`);

function table(results: RunResult[]): string {
  const rows: [string, (r: RunResult) => string][] = [
    ['subscribers / orders / WebSockets', (r) => `${r.subscribers} / ${r.orders} / ${r.connections}`],
    ['completed', (r) => (r.broke ? `**no**: ${r.broke}` : 'yes')],
    ['all subscribed after', (r) => `${f(r.subscribeSeconds, 1)} s (${r.active} active)`],
    ['subscribe → first event p50 / p99 / max', (r) => `${msCell(r.firstEvent?.p50)} / ${msCell(r.firstEvent?.p99)} / ${msCell(r.firstEvent?.max)}`],
    ['events received / expected (replayed + live)', (r) => `${r.clients.status.received} / ${r.expected} (${r.clients.replayed} + ${r.clients.live})`],
    ['sagas completed (SAGA_COMPLETED seen by subscribers)', (r) => `${r.clients.completed} / ${r.subscribers}`],
    ['live delivery latency p50', (r) => msCell(r.latency?.p50)],
    ['live delivery latency p90', (r) => msCell(r.latency?.p90)],
    ['live delivery latency p99', (r) => msCell(r.latency?.p99)],
    ['live delivery latency max', (r) => msCell(r.latency?.max)],
    ['live events/s delivered', (r) => `${f(r.clients.live / r.liveSeconds)} (${r.clients.live} in ${r.liveSeconds.toFixed(2)} s)`],
    [
      'entity fetches per distinct event',
      (r) =>
        `${(r.fetches / r.distinctEvents).toFixed(2)} (${r.fetches} fetches: ${Object.entries(r.fetchesBySubgraph)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}; ${r.distinctEvents} events)`,
    ],
    ['RSS before subscribing → peak (heap peak)', (r) => `${r.rssBeforeMb} → ${r.rssPeakMb} MiB (${r.heapPeakMb} MiB)`],
    ['CPU (process, all threads) / wall', (r) => `${r.cpuSeconds.toFixed(1)} s / ${r.wallSeconds.toFixed(1)} s`],
    ['gateway event-loop delay p99 / max', (r) => `${r.loopDelayP99Ms.toFixed(0)} ms / ${r.loopDelayMaxMs.toFixed(0)} ms`],
  ];
  const header = `| | ${results.map((r) => `N = ${r.subscribers}`).join(' | ')} |\n|---|${results.map(() => '---|').join('')}`;
  return [header, ...rows.map(([name, cell]) => `| ${name} | ${results.map(cell).join(' | ')} |`)].join('\n');
}

function report(facts: Record<string, string>, results: RunResult[]): string {
  const target = results.find((r) => r.subscribers >= GOAL.subscribers && !r.broke);
  const p99 = target?.latency?.p99;
  const verdict = target && p99 !== undefined ? (p99 <= GOAL.p99Ms ? 'met' : '**missed**') : '**not reached**';
  return `# Subscription fan-out benchmark

Generated by \`npm run bench:fanout\` (bench/src/fanout.bench.ts, clients in bench/src/fanout-clients.ts).
One embedded stack in one process: every service on one Platform (fresh FTGO_NAMESPACE), every subgraph
in-process, the gateway (gateway/src/subscriptions) on a free port. The graphql-ws clients run in a
**worker thread** of the same process (own event loop, same two cores, counted in the process RSS/CPU).

Each subscriber runs \`${QUERY.replace(/\s+/g, ' ')}\`, subscribers spread round-robin over the orders,
${settings.perConnection} per WebSocket (the gateway's per-connection limit raised to match). The orders
are created first with their CreateOrder sagas held (the consumer service's inbox locked, so
ValidateOrderByConsumer waits); once all N subscriptions are open (\`ftgo_gateway_active_subscriptions\`
= N) and have received the replay of the rows already stored, the sagas are released. Live delivery
latency = the client's receive time − the event's \`at\` (the progress row's time, ms precision), for
every event after the release; subscribe → first event = the first (replayed) event's arrival − the
subscribe message's send. Fetches per event = the delta of \`ftgo_gateway_subscription_fetches_total\`
over the run / (orders × 12 distinct events).

## Machine

${Object.entries(facts)
  .map(([k, v]) => `- ${k}: ${v}`)
  .join('\n')}

## Goal

| goal | target | measured | |
|---|---|---|---|
| ${GOAL.subscribers.toLocaleString('en-US')} subscribers, live delivery p99 | ≤ ${GOAL.p99Ms} ms | ${target ? msCell(p99) : 'did not complete'} | ${verdict} |

## Results

${table(results)}
`;
}

async function main(): Promise<void> {
  const messaging = settings.natsUrl ? `NATS (${settings.natsUrl})` : 'local (Postgres outbox + LISTEN/NOTIFY)';
  console.log(`fanout bench: ${settings.databaseUrl.replace(/:[^:@/]*@/, ':***@')}, messaging ${messaging}`);
  const facts: Record<string, string> = {
    date: new Date().toISOString(),
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    messaging,
    'load average before (1/5/15 min)': loadAverage(),
    'bench settings': `subscribers ${settings.subscribers.join(', ')}; orders ${settings.orders}; ${settings.perConnection} subscriptions per WebSocket; timeout ${settings.timeoutMs / 1000} s per N`,
  };
  const bench = await Bench.start(settings.perConnection + 1);
  const results: RunResult[] = [];
  try {
    const { rows } = await bench.platform.db.query<{ version: string }>('SELECT version() AS version');
    facts.postgres = rows[0].version.split(',')[0];
    console.log('seeding through GraphQL ...');
    await bench.seed(5);
    // Warm-up: one order through the whole saga (replicas caught up, plans cached).
    const warm = await bench.placeOrder(0);
    await bench.until(() => bench.sagaEnded(warm), 30_000, 'the warm-up saga');
    for (const n of settings.subscribers) {
      const result = await runOnce(bench, n);
      results.push(result);
      console.table({
        [`N=${n}`]: {
          completed: result.broke ? 'no' : 'yes',
          received: `${result.clients.status.received}/${result.expected}`,
          'first p50': msCell(result.firstEvent?.p50),
          p50: msCell(result.latency?.p50),
          p90: msCell(result.latency?.p90),
          p99: msCell(result.latency?.p99),
          max: msCell(result.latency?.max),
          'events/s': f(result.clients.live / result.liveSeconds),
          'fetches/event': (result.fetches / result.distinctEvents).toFixed(2),
          'rss peak MiB': result.rssPeakMb,
        },
      });
      if (result.broke) console.log(`  broke: ${result.broke}`);
    }
  } finally {
    // The report first: with thousands of live tails queued, shutting the stack down can take minutes.
    facts['load average after (1/5/15 min)'] = loadAverage();
    await mkdir(path.dirname(settings.report), { recursive: true });
    await writeFile(settings.report, report(facts, results));
    console.log(table(results));
    console.log(`report written to ${settings.report}`);
    await Promise.race([bench.close(), sleep(30_000).then(() => console.log('stack still closing after 30 s: exiting'))]);
  }
}

await main();
process.exit(0);
