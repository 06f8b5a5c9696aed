/**
 * Subscription fan-out benchmark (issue 5; `npm run bench:fanout`): N concurrent `sagaProgress`
 * subscribers across many orders on ONE gateway process; delivery latency p50/p99 and entity fetches
 * per event. Goal: 10,000 subscribers, p99 ≤ 100 ms.
 *
 * Processes, by `--services` (the topology of the seven services):
 * - `distributed` (default; needs NATS_URL), as `npm run start:distributed` runs them: seven service
 *   processes, `node gateway/dist/src/distributed/service-main.js <service>` with DATABASE_URL, NATS_URL,
 *   FTGO_NAMESPACE (fresh), PORT (free), HOST=127.0.0.1, LOG_LEVEL=error; each migrates its own schema,
 *   runs its relay and handlers and serves its subgraph. This process keeps a Platform in the same
 *   namespace with no services (no migrations, relays or handlers: `Platform.start({ services: [] })`)
 *   for the saga hold (a lock on the consumer service's inbox), the live listeners on the orders'
 *   progress subjects, and nothing else; seeding and the "saga ended" checks go through the gateway.
 * - `one-process`: every service on one Platform in this process, each of the seven subgraph schemas
 *   served over HTTP + graphql-ws (`serveSubgraph`) on a free port of 127.0.0.1, next to the live
 *   listeners (NATS messaging when NATS_URL is set, else local).
 * In both: the gateway, `node gateway/dist/src/gateway-main.js --supergraph schema/supergraph.graphql
 * --port <free>` as users run it, `SUBGRAPH_<NAME>_URL` pointing at the subgraph servers, its Prometheus
 * metrics read over HTTP (`/metrics`); the clients (fanout-clients.ts, child_process.fork): raw
 * graphql-transport-ws, driven over IPC. Every child has an IPC channel and stops when it goes away.
 *
 * Each subscriber runs `sagaProgress(orderId)` with a federated selection (`order { state restaurant
 * { name } }` needs an entity fetch per event). A run (N subscribers, O orders, W waves) goes in W waves,
 * each of O/W orders and N/W subscribers, round-robin over the wave's orders. Per wave: the consumer
 * service's inbox is locked (EXCLUSIVE: reads pass, inserts wait), so the wave's CreateOrder sagas stop
 * before ValidateOrderByConsumer; the wave's orders are placed; the clients open the wave's subscriptions
 * on new WebSockets (earlier waves' stay open: at the end all N are open at once, checked against
 * `ftgo_gateway_active_subscriptions`); once they are open and have their replays, the wave is marked
 * live and the lock released; the run waits for the wave's events (subscribers × 12), then goes on.
 * `--waves 1` is the all-at-once burst: every saga released at the same instant.
 *
 * Per live event two latencies: end-to-end = client receive time − the event's `at` (the progress row's
 * time, ms precision); fan-out = client receive time − the time the progress event was published on the
 * bus, as first seen by this process's live listener (`bus.live(naming.progress(orderId))`, the feed the
 * order subgraph's subscriptions read). Every process reads `performance.timeOrigin + performance.now()`.
 *
 * Options: --services distributed|one-process --subscribers 1000,10000 --orders 100 --waves 100,10,1 (a list:
 * one run per subscribers × waves) --per-connection 100 --timeout 240 (s per run) --report path.
 * Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), NATS_URL (required by
 * `distributed`; `one-process` uses NATS when set, else local messaging), LOG_LEVEL (this process; the
 * gateway and the service processes run at `error`).
 */
import 'reflect-metadata';
import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Config, createLogger, ident, loadConfig, Platform, type Subscription } from '@ftgo/infra';
import { dropNamespace, freshNamespace } from '@ftgo/infra/testing';
import { SERVICES, saga } from '@ftgo/schema';
import {
  type Buckets,
  bucketsBetween,
  freePort,
  type GatewayMetrics,
  GatewayProcess,
  histogramQuantile,
  type LoopLag,
  machineBusySeconds,
  type ProcSample,
  procSample,
  resetPeak,
  ServiceProcesses,
} from './fanout-processes.js';
import { type ClientsResult, type ClientsStatus, type FromClients, newStatus, type ToClients, type WaveJob } from './fanout-protocol.js';

// `@ftgo/gateway` exports only its system; the subgraph list, the gateway's bin and the service bin are
// loaded from its build, next to the package's entry point. The system and the subgraph list (every
// service's code) are loaded only in one-process mode.
type GatewaySubgraphs = typeof import('../../gateway/src/subgraphs.js');
type GatewayPackage = typeof import('@ftgo/gateway');
type System = Awaited<ReturnType<GatewayPackage['startSystem']>>;
const gatewayEntry = import.meta.resolve('@ftgo/gateway');

const REPO = fileURLToPath(new URL('../../../', gatewayEntry));
const GATEWAY_MAIN = fileURLToPath(new URL('./gateway-main.js', gatewayEntry));
const SERVICE_MAIN = fileURLToPath(new URL('./distributed/service-main.js', gatewayEntry));
const SUPERGRAPH = 'schema/supergraph.graphql';
const EVENTS_PER_ORDER = 12;
/** Slots per order in the publication table (orderSequence 1..12 and some room). */
const SEQ_SLOTS = 16;
const GOAL = { subscribers: 10_000, p99Ms: 100 };
const TOPOLOGIES = ['distributed', 'one-process'] as const;
type Topology = (typeof TOPOLOGIES)[number];

const { values: argv } = parseArgs({
  options: {
    services: { type: 'string', default: 'distributed' },
    subscribers: { type: 'string', default: '1000,10000' },
    orders: { type: 'string', default: '100' },
    waves: { type: 'string', default: '100,10,1' },
    'per-connection': { type: 'string', default: '100' },
    timeout: { type: 'string', default: '240' },
    report: { type: 'string', default: fileURLToPath(new URL('../../reports/fanout.md', import.meta.url)) },
  },
});
const numbers = (value: string, what: string) => {
  const list = value.split(',').map((v) => Number(v.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--${what} must be positive integers, got "${value}"`);
  return list;
};
const usage = (message: string): never => {
  process.stderr.write(`fanout bench: ${message}\n`);
  process.exit(2);
};
if (!(TOPOLOGIES as readonly string[]).includes(argv.services)) usage(`--services must be ${TOPOLOGIES.join(' or ')}, got "${argv.services}"`);
const topology = argv.services as Topology;
if (topology === 'distributed' && !process.env.NATS_URL)
  usage(
    'NATS_URL is not set: --services distributed (the default) runs every service as its own process, as `npm run start:distributed` does, ' +
      'and they talk over NATS JetStream (e.g. NATS_URL=nats://127.0.0.1:4222). Set NATS_URL, or pass --services one-process ' +
      '(every service in the bench process, local messaging without NATS_URL).',
  );
const settings = {
  topology,
  subscribers: numbers(argv.subscribers, 'subscribers'),
  orders: numbers(argv.orders, 'orders')[0],
  waves: numbers(argv.waves, 'waves'),
  perConnection: numbers(argv['per-connection'], 'per-connection')[0],
  timeoutMs: Number(argv.timeout) * 1000,
  report: argv.report,
  databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  natsUrl: process.env.NATS_URL,
};
const distributed = settings.topology === 'distributed';

const QUERY = `subscription Fanout($orderId: ID!) {
  sagaProgress(orderId: $orderId) { orderSequence kind at order { state restaurant { name } } }
}`;

const now = () => performance.timeOrigin + performance.now();

interface Answer {
  data?: Record<string, Record<string, unknown>> | null;
  errors?: { message: string }[];
}

interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  count: number;
}

function percentiles(values: ArrayLike<number>): Percentiles | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1], count: sorted.length };
}

/** Percentiles (ms) of a histogram's observations (seconds), as histogram_quantile estimates them. */
function deliveryPercentiles(buckets: Buckets): RunResult['gatewayDelivery'] {
  const count = buckets.at(-1)?.[1] ?? 0;
  const q = (p: number) => (histogramQuantile(p, buckets) ?? 0) * 1000;
  return count === 0 ? undefined : { p50: q(0.5), p90: q(0.9), p99: q(0.99), count };
}

/** The i-th of `parts` near-equal shares of `total`. */
const share = (total: number, parts: number, i: number) => Math.floor((total * (i + 1)) / parts) - Math.floor((total * i) / parts);

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

/** Children to kill on any way out (errors, signals, process.exit). */
const children = new Set<{ kill(): void }>();
process.on('exit', () => {
  for (const child of children) child.kill();
});
/** What a signal runs before exiting: the held sagas released, the stack closed, the namespace dropped. */
let cleanup: (() => Promise<void>) | undefined;
let interrupted = false;
/**
 * SIGINT and SIGTERM: kill the children, run `cleanup`, exit 130. Installed before the stack starts and
 * again once it is up, replacing the handlers that each subgraph's ApolloServer installs in one-process
 * mode (they stop their server and send the signal again, which would cut the cleanup short).
 */
function handleSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      console.log(`${signal}: killing the gateway, the services' processes and the clients, dropping the namespace (${signal} again exits at once)`);
      for (const child of children) child.kill();
      void Promise.race([(cleanup?.() ?? Promise.resolve()).catch(() => {}), sleep(15_000)]).finally(() => process.exit(130));
    });
  }
}
/** The current wave's hold on the sagas, if any. */
let currentHold: { release(): Promise<void> } | undefined;

const subgraphUrlVariable = (name: string) => `SUBGRAPH_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;

/** This process's environment without what the bench sets per child. */
function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^SUBGRAPH_.*_URL$/.test(k) && !['PORT', 'HOST', 'SUPERGRAPH_PATH', 'MESSAGING', 'FTGO_NAMESPACE'].includes(k)) env[k] = v;
  return env;
}

/** The bench's config: a fresh namespace, shared with the service processes in distributed mode. */
function benchConfig(): Config {
  return loadConfig({
    DATABASE_URL: settings.databaseUrl,
    NATS_URL: settings.natsUrl,
    MESSAGING: settings.natsUrl ? 'nats' : 'local',
    FTGO_NAMESPACE: freshNamespace('fanout'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    // one-process: held consumer handlers each keep a connection while the sagas wait, room for them and the
    // rest. distributed: this process only runs a few statements (the hold has its own connection); the
    // services' processes have their own pools (PG_POOL_MAX, if set, else the default, as in production).
    PG_POOL_MAX: distributed ? '4' : (process.env.PG_POOL_MAX ?? '40'),
  });
}

/** one-process: every service on this process's Platform, its subgraphs served here. */
interface OneProcessStack {
  kind: 'one-process';
  system: System;
  subgraphServers: { name: string; port: number; close(): Promise<void> }[];
}

/** distributed: the seven services as child processes. */
interface DistributedStack {
  kind: 'distributed';
  services: ServiceProcesses;
}

class Bench {
  private constructor(
    readonly platform: Platform,
    readonly stack: OneProcessStack | DistributedStack,
    readonly gateway: GatewayProcess,
  ) {}

  restaurantId = '';
  consumerIds: string[] = [];

  get base(): string {
    return this.gateway.base;
  }

  /** The service processes (distributed mode). */
  get services(): ServiceProcesses | undefined {
    return this.stack.kind === 'distributed' ? this.stack.services : undefined;
  }

  /** Why the stack cannot go on: the gateway or a service process exited. */
  get dead(): string | undefined {
    return this.gateway.exited ?? this.services?.exited;
  }

  /**
   * The stack in `config`'s namespace. On failure everything started is stopped and the namespace dropped.
   * distributed: this process's Platform first (no services: it only connects, and creates the namespace's
   * streams before the services do), then the seven services at once, then the gateway once they answer.
   */
  static async start(config: Config, maxPerConnection: number): Promise<Bench> {
    // As \`npm start\` runs it: default poll interval (1 s) and retry policy.
    const platform = await Platform.start({
      config,
      logger: createLogger(config.logLevel, 'fanout'),
      ...(distributed ? { services: [] } : {}),
    });
    let system: System | undefined;
    let services: ServiceProcesses | undefined;
    const servers: { name: string; port: number; close(): Promise<void> }[] = [];
    try {
      const subgraphUrls: Record<string, string> = {};
      let stack: OneProcessStack | DistributedStack;
      if (distributed) {
        services = await ServiceProcesses.spawn({
          main: SERVICE_MAIN,
          cwd: REPO,
          services: SERVICES,
          env: {
            ...inheritedEnv(),
            DATABASE_URL: settings.databaseUrl,
            NATS_URL: settings.natsUrl ?? '',
            MESSAGING: 'nats',
            FTGO_NAMESPACE: config.namespace,
            HOST: '127.0.0.1',
            LOG_LEVEL: 'error',
          },
        });
        children.add(services);
        console.log(`services starting: ${services.list.map((s) => `${s.name} (pid ${s.pid}, port ${s.port})`).join(', ')}`);
        const started = Date.now();
        await services.ready();
        console.log(`services ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
        for (const s of services.list) subgraphUrls[s.name] = s.graphqlUrl;
        stack = { kind: 'distributed', services };
      } else {
        const { startSystem } = (await import('@ftgo/gateway')) as GatewayPackage;
        const { SUBGRAPHS } = (await import(new URL('./subgraphs.js', gatewayEntry).href)) as GatewaySubgraphs;
        const { serveSubgraph } = await import('@ftgo/infra/graphql');
        system = await startSystem(platform);
        for (const d of SUBGRAPHS) {
          const server = await serveSubgraph({ name: d.name, schema: await d.schema(system), port: 0, host: '127.0.0.1', registry: platform.metrics.registry });
          servers.push({ name: d.name, port: server.port, close: server.close });
          subgraphUrls[d.name] = `http://127.0.0.1:${server.port}/graphql`;
          // ApolloServer installs its own SIGINT/SIGTERM handlers: ours again, alone.
          if (!interrupted) handleSignals();
        }
        stack = { kind: 'one-process', system, subgraphServers: servers };
      }
      const env = inheritedEnv();
      for (const [name, url] of Object.entries(subgraphUrls)) env[subgraphUrlVariable(name)] = url;
      env.GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION = String(maxPerConnection);
      env.LOG_LEVEL = 'error';
      const gateway = await GatewayProcess.start({ main: GATEWAY_MAIN, cwd: REPO, supergraph: SUPERGRAPH, port: await freePort(), env });
      children.add(gateway);
      return new Bench(platform, stack, gateway);
    } catch (error) {
      for (const s of servers) await s.close().catch(() => {});
      await system?.stop().catch(() => {});
      await services?.stop().catch(() => {});
      if (services) children.delete(services);
      await platform.close().catch(() => {});
      await dropNamespace(config).catch(() => {});
      throw error;
    }
  }

  private closed: Promise<void> | undefined;

  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  /** The gateway first, then the services (their processes, or this process's subgraphs and system), then the namespace. */
  private async shutDown(): Promise<void> {
    await this.gateway.stop().catch(() => {});
    children.delete(this.gateway);
    if (this.stack.kind === 'distributed') {
      await this.stack.services.stop().catch(() => {});
      children.delete(this.stack.services);
    } else {
      for (const s of this.stack.subgraphServers) await s.close().catch(() => {});
      await this.stack.system.stop().catch(() => {});
    }
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

  async placeOrders(from: number, count: number, concurrency = 8): Promise<string[]> {
    const ids: string[] = new Array(count);
    let next = 0;
    const lane = async () => {
      while (next < count) {
        const i = next++;
        ids[i] = await this.placeOrder(from + i);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
    return ids;
  }

  /** Every saga of the order ended: one-process asks the order service's queries, distributed the gateway. */
  async sagaEnded(orderId: string): Promise<boolean> {
    const sagas =
      this.stack.kind === 'one-process'
        ? await this.stack.system.order.queries.sagasOfOrder(orderId)
        : (((await this.data(`query Sagas($id: ID!) { order(id: $id) { sagas { endedAt } } }`, { id: orderId })).order?.sagas ?? []) as {
            endedAt: string | null;
          }[]);
    return sagas.length >= 1 && sagas.every((s) => s.endedAt !== null);
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

/**
 * When each progress event was published on the bus, as first seen by a live listener in this process:
 * the same `bus.live` feed, on the same event loop, as the order subgraph that streams `sagaProgress`
 * to the gateway. Indexed by (the order's index in the run, orderSequence).
 */
class Publications {
  readonly at: Float64Array;
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly platform: Platform,
    orders: number,
  ) {
    this.at = new Float64Array(orders * SEQ_SLOTS);
  }

  async watch(orderId: string, orderIndex: number): Promise<void> {
    const subscription = await this.platform.bus.live(this.platform.config.naming.progress(orderId), (envelope) => {
      const seen = now();
      if (!saga.SagaProgressRecorded.is(envelope) || envelope.aggregateId !== orderId) return;
      const sequence = envelope.payload.orderSequence;
      if (sequence < 0 || sequence >= SEQ_SLOTS) return;
      const k = orderIndex * SEQ_SLOTS + sequence;
      if (this.at[k] === 0) this.at[k] = seen;
    });
    this.subscriptions.push(subscription);
  }

  async close(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((s) => s.close().catch(() => {})));
  }
}

/** The clients' child process, driven over IPC. */
class Clients {
  status: ClientsStatus = newStatus();
  exited: string | undefined;
  private resultOf: ((r: ClientsResult) => void) | undefined;
  private readonly liveAcks = new Map<number, () => void>();

  private constructor(readonly child: ChildProcess) {
    child.on('message', (m: FromClients) => {
      if (m.type === 'status') this.status = m;
      else if (m.type === 'live-ack') this.liveAcks.get(m.wave)?.();
      else this.resultOf?.(m);
    });
    child.on('exit', (code, signal) => {
      this.exited = `the clients' process exited (${signal ?? `code ${code}`})`;
    });
    child.on('error', (error) => console.error('clients process:', error));
  }

  static start(): Clients {
    const child = fork(fileURLToPath(new URL('./fanout-clients.js', import.meta.url)), [], {
      serialization: 'advanced',
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Clients(child);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  send(message: ToClients): void {
    if (this.exited) throw new Error(this.exited);
    this.child.send(message);
  }

  async live(wave: number, timeoutMs = 10_000): Promise<void> {
    const acked = new Promise<void>((resolve) => this.liveAcks.set(wave, resolve));
    this.send({ type: 'live', wave });
    const ok = await Promise.race([acked.then(() => true), sleep(timeoutMs).then(() => false)]);
    if (!ok) throw new Error(`the clients did not acknowledge wave ${wave + 1} live within ${timeoutMs / 1000} s`);
  }

  /** Closes the clients' sockets and collects their result; undefined if they do not answer in time. */
  async finish(timeoutMs = 30_000): Promise<ClientsResult | undefined> {
    if (this.exited) return undefined;
    const result = new Promise<ClientsResult>((resolve) => {
      this.resultOf = resolve;
    });
    this.child.send({ type: 'finish' } satisfies ToClients);
    return Promise.race([result, sleep(timeoutMs).then(() => undefined)]);
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.kill();
    await Promise.race([exited, sleep(5_000)]);
  }
}

interface RunConfig {
  subscribers: number;
  waves: number;
}

interface WaveResult {
  orders: number;
  subscribers: number;
  connections: number;
  /** Wave's subscribe messages sent → all open at the gateway. */
  subscribeSeconds?: number;
  /** Release → the wave's last event. */
  deliverSeconds?: number;
  fanout?: Percentiles;
  /** The gateway's event-loop lag from just before the release to the wave's last event. */
  gatewayLoopP99Ms?: number;
  gatewayLoopMaxMs?: number;
}

interface ProcessCost {
  cpuSeconds?: number;
  rssBeforeMb?: number;
  rssPeakMb?: number;
}

interface RunResult {
  subscribers: number;
  orders: number;
  /** Orders placed before the run ended (all of them unless it broke early). */
  ordersPlaced: number;
  waves: WaveResult[];
  connections: number;
  /** Where it stopped, when it did not complete. */
  broke?: string;
  /** Open at the gateway once the last wave subscribed, and the cumulative count expected then. */
  active: number;
  activeExpected: number;
  clients: ClientsResult;
  expected: number;
  /** Sum over the waves of (the wave marked live → its last live event). */
  liveSeconds: number;
  fanout?: Percentiles;
  endToEnd?: Percentiles;
  /**
   * The gateway's own `ftgo_gateway_subscription_delivery_seconds` over the run (an event's arrival from the
   * order subgraph → its result handed to each subscriber's socket), from the histogram's buckets.
   */
  gatewayDelivery?: Omit<Percentiles, 'max'> & { count: number };
  /** Live events whose publication the bench's listener did not see (no fan-out latency). */
  unobserved: number;
  firstEvent?: Percentiles;
  endedSagas: number;
  fetches: number;
  fetchesBySubgraph: Record<string, number>;
  distinctEvents: number;
  gateway: ProcessCost;
  /** This process: in one-process mode the services and the bench, in distributed mode the bench alone. */
  self: ProcessCost;
  /** distributed: the seven service processes, summed (peak RSS: the sum of each one's peak), and the busiest by CPU. */
  services?: ProcessCost & { busiest?: { name: string; cpuSeconds: number } };
  clientsCost: ProcessCost;
  machineCpuSeconds?: number;
  wallSeconds: number;
  /** Worst wave's gateway event-loop lag p99 during delivery, the max during delivery, the max over the whole run. */
  gatewayLoopDeliveryP99Ms?: number;
  gatewayLoopDeliveryMaxMs?: number;
  gatewayLoopRunMaxMs?: number;
  /** This process's event-loop delay over the run (one-process: the services' loop). */
  selfLoopP99Ms: number;
  selfLoopMaxMs: number;
  /** distributed: each service's event-loop lag over the run (prom-client's, from its /metrics). */
  servicesLoop?: Record<string, LoopLag>;
}

const emptyResult = (status: ClientsStatus): ClientsResult => ({
  type: 'result',
  liveOrder: new Int32Array(0),
  liveSequence: new Int32Array(0),
  liveReceivedAt: new Float64Array(0),
  liveAt: new Float64Array(0),
  firstEventMs: new Float64Array(0),
  replayed: 0,
  live: 0,
  waves: [],
  bySequence: {},
  completed: 0,
  status,
});

const label = (c: { subscribers: number; waves: number }) => `N = ${c.subscribers}, ${c.waves === 1 ? '1 wave (burst)' : `${c.waves} waves`}`;

/** How many sagas a run's waves release at once. */
const sagasAtOnce = (r: RunResult) => Math.ceil(r.orders / Math.max(1, r.waves.length));

async function runOnce(bench: Bench, config: RunConfig): Promise<RunResult> {
  const { subscribers } = config;
  const orderCount = Math.min(settings.orders, subscribers);
  const waveCount = Math.min(config.waves, orderCount);
  const waves: WaveResult[] = Array.from({ length: waveCount }, (_, w) => {
    const n = share(subscribers, waveCount, w);
    return { orders: share(orderCount, waveCount, w), subscribers: n, connections: Math.ceil(n / settings.perConnection) };
  });
  const connections = waves.reduce((a, w) => a + w.connections, 0);
  const orderWave = new Int32Array(orderCount);
  const orders: string[] = [];
  const publications = new Publications(bench.platform, orderCount);
  const gateway = bench.gateway;
  let gatewayLoopRunMaxMs = 0;
  const scrape = async (): Promise<GatewayMetrics> => {
    const m = await gateway.metrics();
    gatewayLoopRunMaxMs = Math.max(gatewayLoopRunMaxMs, m.loopLagMaxMs);
    return m;
  };

  const selfLoop = monitorEventLoopDelay({ resolution: 10 });
  const metricsBefore = await scrape();
  const fetchesBefore = metricsBefore.fetches;
  gatewayLoopRunMaxMs = 0;
  const servicePids = bench.services?.pids() ?? [];
  // The services' lag histograms reset (a scrape): the next scrape covers the run.
  await bench.services?.loopLag();
  resetPeak(gateway.pid);
  resetPeak('self');
  for (const s of servicePids) resetPeak(s.pid);
  const gatewayBefore = procSample(gateway.pid);
  const selfBefore = procSample('self');
  const servicesBefore = servicePids.map((s) => procSample(s.pid));
  const machineBefore = machineBusySeconds();
  const wallStart = Date.now();
  const deadline = wallStart + settings.timeoutMs;
  selfLoop.enable();
  const clients = Clients.start();
  children.add(clients);
  let broke: string | undefined;
  let active = 0;
  let activeExpected = 0;
  let expected = 0;
  let hold: { release(): Promise<void> } | undefined;
  let clientsAfter: ProcSample | undefined;
  let gatewayAfter: ProcSample | undefined;
  let selfAfter: ProcSample | undefined;
  let servicesAfter: (ProcSample | undefined)[] = [];
  let servicesLoop: Record<string, LoopLag> | undefined;
  let machineAfter: number | undefined;
  let wallSeconds = 0;
  let result: ClientsResult | undefined;
  try {
    let cumulativeSubscribers = 0;
    let cumulativeConnections = 0;
    for (let w = 0; w < waveCount && !broke; w++) {
      const wave = waves[w];
      const tag = `  ${label({ subscribers, waves: waveCount })}, wave ${w + 1}/${waveCount}`;
      // 1. The wave's sagas held, its orders placed, the bench listening to their progress subjects.
      hold = await holdSagas(bench.platform);
      currentHold = hold;
      const base = orders.length;
      const ids = await bench.placeOrders(base, wave.orders);
      for (let k = 0; k < ids.length; k++) {
        orders.push(ids[k]);
        orderWave[base + k] = w;
        await publications.watch(ids[k], base + k);
      }
      cumulativeSubscribers += wave.subscribers;
      cumulativeConnections += wave.connections;
      expected += wave.subscribers * EVENTS_PER_ORDER;

      // 2. The wave's subscriptions, on new WebSockets; every earlier one stays open.
      const job: WaveJob = {
        type: 'wave',
        wave: w,
        url: `ws://127.0.0.1:${gateway.port}/graphql`,
        orders: ids,
        orderIndexBase: base,
        subscribers: wave.subscribers,
        perConnection: settings.perConnection,
        query: QUERY,
        connectConcurrency: 20,
      };
      const subscribeStarted = Date.now();
      clients.send(job);
      let lastLog = Date.now();
      for (;;) {
        active = (await scrape()).active;
        const status = clients.status;
        if (active >= cumulativeSubscribers) break;
        if (clients.exited || bench.dead) {
          broke = `subscribing, wave ${w + 1}: ${clients.exited ?? bench.dead}`;
          break;
        }
        if (
          status.connectionFailures + status.closedEarly > 0 &&
          status.connected + status.connectionFailures >= cumulativeConnections &&
          active + status.errors >= cumulativeSubscribers
        ) {
          broke = `subscribing, wave ${w + 1}: ${active} of ${cumulativeSubscribers} open, ${status.connectionFailures} connections failed, ${status.closedEarly} closed; first error: ${status.firstError}`;
          break;
        }
        if (Date.now() > deadline) {
          broke = `subscribing, wave ${w + 1}: timed out with ${active} of ${cumulativeSubscribers} open (${status.connected}/${cumulativeConnections} connections, ${status.sent} subscribe messages sent, ${status.errors} errors${status.firstError ? `: ${status.firstError}` : ''})`;
          break;
        }
        if (Date.now() - lastLog > 5_000) {
          lastLog = Date.now();
          console.log(`${tag}: ${active}/${cumulativeSubscribers} open, ${status.connected}/${cumulativeConnections} connections`);
        }
        await sleep(100);
      }
      activeExpected = cumulativeSubscribers;
      if (broke) break;
      wave.subscribeSeconds = (Date.now() - subscribeStarted) / 1000;

      // 3. Their replays (the rows stored before the hold), then a second with nothing new.
      while (clients.status.firstEvents < cumulativeSubscribers && Date.now() < deadline && !clients.exited) await sleep(50);
      if (clients.status.firstEvents < cumulativeSubscribers) {
        broke = `replay, wave ${w + 1}: only ${clients.status.firstEvents} of ${cumulativeSubscribers} subscriptions had their first event${clients.exited ? ` (${clients.exited})` : ' before the timeout'}`;
        break;
      }
      let stable = clients.status.received;
      let stableSince = Date.now();
      while (Date.now() - stableSince < 1_000 && Date.now() < deadline) {
        await sleep(100);
        if (clients.status.received !== stable) {
          stable = clients.status.received;
          stableSince = Date.now();
        }
      }

      // 4. Live: the gateway's lag histogram reset (a scrape), the wave marked live, the sagas released.
      await scrape();
      await clients.live(w);
      const released = Date.now();
      await hold.release();
      let lastReceived = clients.status.received;
      let quietSince = Date.now();
      for (;;) {
        await sleep(50);
        const received = clients.status.received;
        if (received >= expected) break;
        if (clients.exited || bench.dead) {
          broke = `delivery, wave ${w + 1}: ${clients.exited ?? bench.dead}`;
          break;
        }
        if (received !== lastReceived) {
          lastReceived = received;
          quietSince = Date.now();
        }
        if (Date.now() - quietSince > 15_000) {
          broke = `delivery, wave ${w + 1}: stalled at ${received} of ${expected} events for 15 s`;
          break;
        }
        if (Date.now() > deadline + 60_000) {
          broke = `delivery, wave ${w + 1}: timed out at ${received} of ${expected} events`;
          break;
        }
      }
      wave.deliverSeconds = (Date.now() - released) / 1000;
      const lag = await scrape();
      wave.gatewayLoopP99Ms = lag.loopLagP99Ms;
      wave.gatewayLoopMaxMs = lag.loopLagMaxMs;
      console.log(
        `${tag}: ${wave.subscribers} subscribers on ${wave.orders} orders open in ${wave.subscribeSeconds.toFixed(1)} s (${active} active), ` +
          `events ${clients.status.received}/${expected} ${wave.deliverSeconds.toFixed(1)} s after the release`,
      );
    }
  } catch (error) {
    broke ??= `error: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await hold?.release().catch(() => {});
    currentHold = undefined;
    // Every process sampled at the same instant, before the clients close their sockets.
    selfLoop.disable();
    wallSeconds = (Date.now() - wallStart) / 1000;
    gatewayAfter = procSample(gateway.pid);
    selfAfter = procSample('self');
    servicesAfter = servicePids.map((s) => procSample(s.pid));
    clientsAfter = procSample(clients.pid);
    machineAfter = machineBusySeconds();
    servicesLoop = await bench.services?.loopLag();
    result = await clients.finish().catch(() => undefined);
    await clients.stop();
    children.delete(clients);
  }
  const after = await scrape().catch(() => undefined);
  const fetchesBySubgraph: Record<string, number> = {};
  for (const [k, v] of Object.entries(after?.fetches ?? {})) {
    const d = v - (fetchesBefore[k] ?? 0);
    if (d) fetchesBySubgraph[k] = d;
  }
  const clientsResult = result ?? emptyResult(clients.status);
  if (!result) broke ??= `the clients returned no result (${clients.exited ?? 'no answer'})`;

  // Latencies per live event.
  const count = clientsResult.liveReceivedAt.length;
  const endToEnd = new Float64Array(count);
  const fanout: number[] = [];
  const fanoutByWave: number[][] = waves.map(() => []);
  let unobserved = 0;
  for (let i = 0; i < count; i++) {
    const received = clientsResult.liveReceivedAt[i];
    endToEnd[i] = received - clientsResult.liveAt[i];
    const order = clientsResult.liveOrder[i];
    const sequence = clientsResult.liveSequence[i];
    const published = sequence >= 0 && sequence < SEQ_SLOTS ? publications.at[order * SEQ_SLOTS + sequence] : 0;
    if (!published) {
      unobserved += 1;
      continue;
    }
    fanout.push(received - published);
    fanoutByWave[orderWave[order]]?.push(received - published);
  }
  waves.forEach((wave, w) => {
    wave.fanout = percentiles(fanoutByWave[w]);
  });
  await publications.close();

  const endedSagas = (await Promise.all(orders.map((o) => bench.sagaEnded(o).catch(() => false)))).filter(Boolean).length;
  console.log(`    ${clientsResult.status.received}/${expected} events (${clientsResult.replayed} replayed), ${endedSagas}/${orders.length} sagas ended`);
  // Let the gateway finish closing the sockets before the next run.
  await bench.until(async () => (await gateway.metrics()).active === 0 || undefined, 30_000, 'subscriptions to close').catch(() => {});

  const cost = (before: ProcSample | undefined, last: ProcSample | undefined): ProcessCost => ({
    cpuSeconds: before && last ? last.cpuSeconds - before.cpuSeconds : last?.cpuSeconds,
    rssBeforeMb: before?.rssMb,
    rssPeakMb: last?.peakMb,
  });
  const serviceCosts = servicePids.map((s, i) => ({ name: s.name, ...cost(servicesBefore[i], servicesAfter[i]) }));
  const summed = (pick: (c: ProcessCost) => number | undefined) =>
    serviceCosts.some((c) => pick(c) === undefined) ? undefined : serviceCosts.reduce((a, c) => a + (pick(c) ?? 0), 0);
  const busiest = serviceCosts.reduce<{ name: string; cpuSeconds: number } | undefined>(
    (best, c) => (c.cpuSeconds !== undefined && (!best || c.cpuSeconds > best.cpuSeconds) ? { name: c.name, cpuSeconds: c.cpuSeconds } : best),
    undefined,
  );
  const liveSeconds = clientsResult.waves.reduce((a, w) => a + (w && w.lastLiveAt > w.liveStartedAt ? w.lastLiveAt - w.liveStartedAt : 0), 0) / 1000;
  const delivered = waves.filter((w) => w.gatewayLoopP99Ms !== undefined);
  return {
    subscribers,
    orders: orderCount,
    ordersPlaced: orders.length,
    waves,
    connections,
    broke,
    active,
    activeExpected,
    clients: clientsResult,
    expected,
    liveSeconds: Math.max(0.001, liveSeconds),
    fanout: percentiles(fanout),
    endToEnd: percentiles(endToEnd),
    gatewayDelivery: after ? deliveryPercentiles(bucketsBetween(metricsBefore.delivery, after.delivery)) : undefined,
    unobserved,
    firstEvent: percentiles(clientsResult.firstEventMs),
    endedSagas,
    fetches: Object.values(fetchesBySubgraph).reduce((a, b) => a + b, 0),
    fetchesBySubgraph,
    distinctEvents: orderCount * EVENTS_PER_ORDER,
    gateway: cost(gatewayBefore, gatewayAfter),
    self: cost(selfBefore, selfAfter),
    services: serviceCosts.length
      ? { cpuSeconds: summed((c) => c.cpuSeconds), rssBeforeMb: summed((c) => c.rssBeforeMb), rssPeakMb: summed((c) => c.rssPeakMb), busiest }
      : undefined,
    // The clients' process starts with the run: its lifetime figures are the run's.
    clientsCost: { cpuSeconds: clientsAfter?.cpuSeconds, rssPeakMb: clientsAfter?.peakMb },
    machineCpuSeconds: machineBefore !== undefined && machineAfter !== undefined ? machineAfter - machineBefore : undefined,
    wallSeconds,
    gatewayLoopDeliveryP99Ms: delivered.length ? Math.max(...delivered.map((w) => w.gatewayLoopP99Ms ?? 0)) : undefined,
    gatewayLoopDeliveryMaxMs: delivered.length ? Math.max(...delivered.map((w) => w.gatewayLoopMaxMs ?? 0)) : undefined,
    gatewayLoopRunMaxMs,
    selfLoopP99Ms: selfLoop.percentile(99) / 1e6,
    selfLoopMaxMs: selfLoop.max / 1e6,
    servicesLoop,
  };
}

const f = (v: number | undefined, digits = 0) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits));
const msCell = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(v < 10 ? 1 : 0)} ms`);
const pCells = (p: Percentiles | undefined) => `${msCell(p?.p50)} / ${msCell(p?.p90)} / ${msCell(p?.p99)} / ${msCell(p?.max)}`;
const cpuCell = (c: ProcessCost, wall: number) =>
  c.cpuSeconds === undefined ? '–' : `${c.cpuSeconds.toFixed(1)} s (${Math.round((100 * c.cpuSeconds) / Math.max(wall, 0.001))} % of a core)`;
const rssCell = (c: ProcessCost) => (c.rssBeforeMb === undefined ? `${f(c.rssPeakMb)} MiB` : `${f(c.rssBeforeMb)} → ${f(c.rssPeakMb)} MiB`);

type Row = [string, (r: RunResult) => string];

/** The CPU rows of the bench's and the services' processes, by topology. */
function processRows(): Row[] {
  if (!distributed) return [['CPU: services + bench process', (r) => cpuCell(r.self, r.wallSeconds)]];
  return [
    [
      'CPU: seven service processes, summed (busiest)',
      (r) =>
        r.services
          ? `${cpuCell(r.services, r.wallSeconds)}${r.services.busiest ? `; busiest: ${r.services.busiest.name} ${r.services.busiest.cpuSeconds.toFixed(1)} s` : ''}`
          : '–',
    ],
    ['CPU: bench process (placing orders, saga hold, bus observation)', (r) => cpuCell(r.self, r.wallSeconds)],
  ];
}

/** Worst service by max lag, then the restaurant and order services (the entity fetch and the stream). */
function servicesLoopCell(lags: Record<string, LoopLag> | undefined): string {
  if (!lags || Object.keys(lags).length === 0) return '–';
  const cell = (name: string) => (lags[name] ? `${name} ${msCell(lags[name].p99Ms)} / ${msCell(lags[name].maxMs)}` : `${name} –`);
  const worst = Object.entries(lags).reduce((a, b) => (b[1].maxMs > a[1].maxMs ? b : a))[0];
  return [cell(worst), ...['restaurant', 'order'].filter((n) => n !== worst).map(cell)].join('; ');
}

function table(results: RunResult[]): string {
  const rows: Row[] = [
    ['subscribers / orders / waves / WebSockets', (r) => `${r.subscribers} / ${r.orders} / ${r.waves.length} / ${r.connections}`],
    [
      'per wave: orders / subscribers',
      (r) => {
        const o = new Set(r.waves.map((w) => w.orders));
        const s = new Set(r.waves.map((w) => w.subscribers));
        return `${[...o].join('–')} / ${[...s].join('–')}`;
      },
    ],
    ['completed', (r) => (r.broke ? `**no**: ${r.broke}` : 'yes')],
    ['open at the gateway after the last wave subscribed / expected', (r) => `${r.active} / ${r.activeExpected}`],
    [
      "a wave's subscriptions all open after (mean / max)",
      (r) => {
        const s = r.waves.flatMap((w) => (w.subscribeSeconds === undefined ? [] : [w.subscribeSeconds]));
        return s.length ? `${(s.reduce((a, b) => a + b, 0) / s.length).toFixed(2)} s / ${Math.max(...s).toFixed(2)} s` : '–';
      },
    ],
    ['subscribe → first event p50 / p99 / max', (r) => `${msCell(r.firstEvent?.p50)} / ${msCell(r.firstEvent?.p99)} / ${msCell(r.firstEvent?.max)}`],
    ['events received / expected (replayed + live)', (r) => `${r.clients.status.received} / ${r.expected} (${r.clients.replayed} + ${r.clients.live})`],
    [
      'sagas completed (SAGA_COMPLETED seen by subscribers; sagas ended)',
      (r) => `${r.clients.completed} / ${r.subscribers}; ${r.endedSagas} / ${r.ordersPlaced}`,
    ],
    ['**fan-out** (bus publication → client) p50 / p90 / p99 / max', (r) => pCells(r.fanout)],
    [
      "**gateway delivery** (event from the order subgraph → handed to the subscriber's socket; its histogram) p50 / p90 / p99",
      (r) =>
        r.gatewayDelivery
          ? `${msCell(r.gatewayDelivery.p50)} / ${msCell(r.gatewayDelivery.p90)} / ${msCell(r.gatewayDelivery.p99)} (${r.gatewayDelivery.count} observations)`
          : '–',
    ],
    ['fan-out p99 by wave', (r) => (r.waves.length > 1 ? `${r.waves.map((w) => f(w.fanout?.p99)).join(' · ')} ms` : '–')],
    ['live events without a bus observation', (r) => `${r.unobserved}`],
    ['**end-to-end** (event `at` → client) p50 / p90 / p99 / max', (r) => pCells(r.endToEnd)],
    ['live events/s delivered', (r) => `${f(r.clients.live / r.liveSeconds)} (${r.clients.live} in ${r.liveSeconds.toFixed(2)} s)`],
    [
      'entity fetches per distinct event',
      (r) =>
        `${(r.fetches / r.distinctEvents).toFixed(2)} (${r.fetches} fetches: ${
          Object.entries(r.fetchesBySubgraph)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ') || 'none'
        }; ${r.distinctEvents} events)`,
    ],
    ['CPU: gateway process', (r) => cpuCell(r.gateway, r.wallSeconds)],
    ...processRows(),
    ['CPU: clients process', (r) => cpuCell(r.clientsCost, r.wallSeconds)],
    ['CPU: whole machine (incl. Postgres, nats-server) / wall', (r) => `${f(r.machineCpuSeconds, 1)} s / ${r.wallSeconds.toFixed(1)} s`],
    ['RSS: gateway before → peak', (r) => rssCell(r.gateway)],
    ...(distributed
      ? ([
          ['RSS: seven service processes, summed, before → sum of peaks', (r) => (r.services ? rssCell(r.services) : '–')],
          ['RSS: bench process before → peak', (r) => rssCell(r.self)],
        ] satisfies Row[])
      : ([['RSS: services + bench before → peak', (r) => rssCell(r.self)]] satisfies Row[])),
    ['RSS: clients peak', (r) => rssCell(r.clientsCost)],
    ['gateway event-loop lag during delivery, worst wave: p99 / max', (r) => `${msCell(r.gatewayLoopDeliveryP99Ms)} / ${msCell(r.gatewayLoopDeliveryMaxMs)}`],
    ['gateway event-loop lag max, whole run', (r) => msCell(r.gatewayLoopRunMaxMs)],
    ...(distributed
      ? ([
          ['services event-loop lag p99 / max, whole run: worst service; restaurant; order', (r) => servicesLoopCell(r.servicesLoop)],
          ['bench process event-loop delay p99 / max, whole run', (r) => `${msCell(r.selfLoopP99Ms)} / ${msCell(r.selfLoopMaxMs)}`],
        ] satisfies Row[])
      : ([['services event-loop delay p99 / max, whole run', (r) => `${msCell(r.selfLoopP99Ms)} / ${msCell(r.selfLoopMaxMs)}`]] satisfies Row[])),
  ];
  const header = `| | ${results.map((r) => label({ subscribers: r.subscribers, waves: r.waves.length })).join(' | ')} |\n|---|${results.map(() => '---|').join('')}`;
  return [header, ...rows.map(([name, cell]) => `| ${name} | ${results.map(cell).join(' | ')} |`)].join('\n');
}

function goal(results: RunResult[]): string {
  const largest = Math.max(0, ...results.map((r) => r.subscribers));
  const shown = results.filter((r) => r.subscribers >= Math.min(GOAL.subscribers, largest));
  const rows = shown.map((r) => {
    const reached = r.subscribers >= GOAL.subscribers;
    const p99 = r.fanout?.p99;
    const verdict = !reached
      ? `n/a (N < ${GOAL.subscribers.toLocaleString('en-US')})`
      : r.broke || p99 === undefined
        ? '**did not complete**'
        : p99 <= GOAL.p99Ms
          ? 'met'
          : '**missed**';
    return `| ${label({ subscribers: r.subscribers, waves: r.waves.length })}, ${r.orders} orders | ${sagasAtOnce(r)} | ${msCell(r.gatewayDelivery?.p99)} | ${msCell(p99)} | ${verdict} | ${msCell(r.endToEnd?.p99)} |`;
  });
  return [
    `| run | sagas released at once | gateway delivery p99 (its histogram) | **fan-out p99 (bus publication → client)**, goal ≤ ${GOAL.p99Ms} ms | | end-to-end p99 (event \`at\` → client) |`,
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** The report's list of processes, by topology. */
function processesText(): string {
  const gateway = `- **gateway**: \`node gateway/dist/src/gateway-main.js --supergraph ${SUPERGRAPH}\` as users run it,
  \`SUBGRAPH_<NAME>_URL\` pointing at the subgraph servers, \`GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION\` =
  ${settings.perConnection + 1}, its figures read from its \`/metrics\` and from /proc;
- **clients**: a forked process speaking graphql-transport-ws directly, driven over IPC.`;
  if (!distributed)
    return `Three processes on one machine:

- **services + bench**: every service on one Platform (fresh FTGO_NAMESPACE), each of the seven subgraphs
  served over HTTP + graphql-ws (\`serveSubgraph\`) on 127.0.0.1, and the bench's own live listeners on the
  orders' progress subjects: the seven services share one event loop and one Postgres pool, so the
  subgraph that answers the gateway's entity fetch is also running the sagas' steps;
${gateway}`;
  return `Ten processes on one machine, the services as in the documented deployment
(\`npm run start:distributed\`, infra/deploy): each service its own process, event loop and Postgres pool.

- **seven services**: \`node gateway/dist/src/distributed/service-main.js <service>\` each, with DATABASE_URL,
  NATS_URL, a fresh FTGO_NAMESPACE, PORT (free), HOST=127.0.0.1, LOG_LEVEL=error; each migrates its own
  schema, runs its outbox relay and message handlers, and serves its subgraph over HTTP + graphql-ws;
${gateway}
- **bench**: a Platform in the same namespace with no services (no migrations, relays or handlers):
  the saga hold (a lock on the consumer service's inbox), the live listeners on the orders' progress
  subjects; seeding, placing the orders and the "saga ended" checks go through the gateway.`;
}

/** The report's definition of the fan-out latency, by topology. */
function fanoutText(): string {
  if (!distributed)
    return `- **fan-out** = client receive time − the time the progress event was published on the bus, as first seen
  by a live listener in the services' process (\`bus.live(naming.progress(orderId))\`, the same feed and the
  same event loop as the order subgraph's subscriptions): the subscription path from the bus to the
  client, i.e. the order subgraph's stream to the gateway, the gateway's entity fetch (the restaurant
  subgraph, served by the services' process) and its write to each subscriber;`;
  return `- **fan-out** = client receive time − the time the progress event was published on the bus, as first seen
  by a live listener in the bench process (\`bus.live(naming.progress(orderId))\`: a NATS subscription to the
  subject the order service's \`sagaProgress\` subscriptions read, in a lightly loaded process of its own,
  so its sighting is close to the publication): the subscription path from the bus to the client, i.e. the
  order service's receipt of the event and its stream to the gateway, the gateway's entity fetch (the
  restaurant service's own process) and its write to each subscriber;`;
}

function report(facts: Record<string, string>, results: RunResult[]): string {
  return `# Subscription fan-out benchmark

Generated by \`npm run bench:fanout\` (bench/src/fanout.bench.ts; clients in bench/src/fanout-clients.ts).
**Services topology: ${settings.topology}** (\`--services ${settings.topology}\`). ${processesText()}

Each subscriber runs \`${QUERY.replace(/\s+/g, ' ')}\`, ${settings.perConnection} per WebSocket. A run of N
subscribers over O orders goes in W waves of O/W orders and N/W subscribers (round-robin over the wave's
orders). Per wave: the wave's CreateOrder sagas are held (the consumer service's inbox locked, so
ValidateOrderByConsumer waits), its orders placed, its subscriptions opened on new WebSockets while every
earlier wave's stay open (at the end all N are open at once: \`ftgo_gateway_active_subscriptions\` is
checked against the cumulative count), their replays of the stored rows received; then the wave is marked
live, the sagas released, and the next wave starts once this one's N/W × 12 events have arrived. One wave
is the all-at-once burst of every saga at the same instant.

Two latencies per live event (every event after its wave's release), every process reading
\`performance.timeOrigin + performance.now()\`:

${fanoutText()}
- **end-to-end** = client receive time − the event's \`at\` (the progress row's time, ms precision): adds
  the saga step, its commit and the outbox relay before the publication.

Subscribe → first event = the first (replayed) event's arrival − the subscribe message's send. Fetches per
event = the delta of the gateway's \`ftgo_gateway_subscription_fetches_total\` over the run / (orders × 12
distinct events). Live events/s = live events / the sum over waves of (marked live → its last live event).
CPU = utime + stime from /proc/<pid>/stat over the run; peak RSS = VmHWM, reset at the run's start
(/proc/<pid>/clear_refs). The gateway's event-loop lag is prom-client's (\`monitorEventLoopDelay\`, 10 ms
resolution), which resets at every scrape: "during delivery" is the window from just before a wave's release
to its last event. ${
    distributed
      ? `Each service's lag is the same prom-client histogram, read from its \`/metrics\` at the run's start and
end (so over the whole run); the bench process's delay is \`monitorEventLoopDelay\` in this process. All of
them include the 10 ms sampling interval: an idle loop reads about 10 ms. The services' CPU is the sum
over the seven processes, their RSS the sum of each process's own peak.`
      : `Like the services' delay (the same histogram in this process) it includes the 10 ms
sampling interval: an idle loop reads about 10 ms.`
  }

## Machine

${Object.entries(facts)
  .map(([k, v]) => `- ${k}: ${v}`)
  .join('\n')}

## Goal

${GOAL.subscribers.toLocaleString('en-US')} subscribers on one gateway process, p99 ≤ ${GOAL.p99Ms} ms, judged on the client-observed
fan-out latency (bus publication → client: the order service's stream, the gateway, its entity fetch, its
write to each subscriber). Gateway delivery is the part spent in the gateway process (the event's arrival
from the order subgraph → its result handed to the subscriber's socket, entity fetch included), from its
\`ftgo_gateway_subscription_delivery_seconds\` histogram (an estimate within one bucket). End-to-end (the
progress row's \`at\` → client) also counts the saga step, its commit and the outbox relay. The runs differ
in how many CreateOrder sagas start at the same instant on this machine's two cores, which also run
Postgres, NATS, the seven services and the clients: one at a time is a steady stream of orders; 10 or 100
at once is a burst.

${goal(results)}

## Results

${table(results)}
`;
}

async function main(): Promise<void> {
  const messaging = settings.natsUrl ? `NATS (${settings.natsUrl})` : 'local (Postgres outbox + LISTEN/NOTIFY)';
  console.log(`fanout bench: ${settings.databaseUrl.replace(/:[^:@/]*@/, ':***@')}, messaging ${messaging}, services ${settings.topology}`);
  const runs: RunConfig[] = settings.subscribers.flatMap((subscribers) => settings.waves.map((waves) => ({ subscribers, waves })));
  const facts: Record<string, string> = {
    date: new Date().toISOString(),
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    messaging,
    'services topology': distributed
      ? 'distributed: seven service processes (`gateway/dist/src/distributed/service-main.js <service>`, as `npm run start:distributed` runs them)'
      : 'one-process: every service on one Platform in the bench process (`--services one-process`)',
    'load average before (1/5/15 min)': loadAverage(),
    'bench settings': `subscribers ${settings.subscribers.join(', ')}; orders ${settings.orders}; waves ${settings.waves.join(', ')}; ${settings.perConnection} subscriptions per WebSocket; timeout ${settings.timeoutMs / 1000} s per run`,
  };
  const config = benchConfig();
  // Until the stack is up, a signal kills whatever children have started and drops the namespace.
  cleanup = () => dropNamespace(config);
  handleSignals();
  const bench = await Bench.start(config, settings.perConnection + 1);
  cleanup = async () => {
    await currentHold?.release().catch(() => {});
    await bench.close();
  };
  handleSignals();
  const results: RunResult[] = [];
  try {
    const { rows } = await bench.platform.db.query<{ version: string }>('SELECT version() AS version');
    facts.postgres = rows[0].version.split(',')[0];
    console.log(`namespace ${bench.platform.config.namespace}; gateway pid ${bench.gateway.pid} on port ${bench.gateway.port}; seeding through GraphQL ...`);
    await bench.seed(5);
    // Warm-up: one order through the whole saga (replicas caught up, plans cached).
    const warm = await bench.placeOrder(0);
    await bench.until(() => bench.sagaEnded(warm), 30_000, 'the warm-up saga');
    for (const run of runs) {
      console.log(`${label(run)}:`);
      const result = await runOnce(bench, run);
      results.push(result);
      console.table({
        [label(run)]: {
          completed: result.broke ? 'no' : 'yes',
          received: `${result.clients.status.received}/${result.expected}`,
          'first p50': msCell(result.firstEvent?.p50),
          'fan-out p50': msCell(result.fanout?.p50),
          'fan-out p99': msCell(result.fanout?.p99),
          'e2e p50': msCell(result.endToEnd?.p50),
          'e2e p99': msCell(result.endToEnd?.p99),
          'events/s': f(result.clients.live / result.liveSeconds),
          'fetches/event': (result.fetches / result.distinctEvents).toFixed(2),
          'gateway CPU s': f(result.gateway.cpuSeconds, 1),
          'gateway peak MiB': f(result.gateway.rssPeakMb),
        },
      });
      if (result.broke) console.log(`  broke: ${result.broke}`);
      if (bench.dead) {
        console.log(`  ${bench.dead}: no further runs`);
        break;
      }
    }
  } finally {
    // Stopped by a signal: no report (it would replace the last complete one); the handler exits.
    if (interrupted) await new Promise(() => {});
    // The report first: with thousands of live tails queued, shutting the stack down can take minutes.
    facts['load average after (1/5/15 min)'] = loadAverage();
    await mkdir(path.dirname(settings.report), { recursive: true });
    await writeFile(settings.report, report(facts, results));
    console.log(table(results));
    console.log(`report written to ${settings.report}`);
    await Promise.race([bench.close(), sleep(30_000).then(() => console.log('stack still closing after 30 s: exiting'))]);
  }
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
process.exit();
