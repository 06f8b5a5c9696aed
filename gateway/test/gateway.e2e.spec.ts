import 'reflect-metadata';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { type ConsumerApplication, consumerSchema, consumerService } from '@ftgo/consumer';
import { createLogger, type Platform, type RunningService } from '@ftgo/infra';
import { printSubgraphSchema, serveSubgraph } from '@ftgo/infra/graphql';
import { dropNamespace, eventually, testPlatform } from '@ftgo/infra/testing';
import { type GraphQLSchema, parse } from 'graphql';
import { Registry } from 'prom-client';
import { startGateway } from '../src/server/gateway-server.js';

/**
 * The gateway end to end over a supergraph composed from the consumer subgraph alone, on real
 * Postgres: (a) the standalone product (`gateway-main`, a child process) in front of the consumer
 * subgraph served over HTTP by `serveSubgraph`, and (b) the embedded variant, the same subgraph
 * executed in-process. Both must answer clients alike.
 */

const GATEWAY_MAIN = fileURLToPath(new URL('../src/gateway-main.js', import.meta.url));
/** Written into the supergraph; the standalone gateway must take SUBGRAPH_CONSUMER_URL instead. */
const UNREACHABLE = 'http://127.0.0.1:9/graphql';

interface Recorded {
  command: string;
  options: { idempotencyKey?: string; context?: { correlationId?: string; traceparent?: string } } | undefined;
}

interface Fixture {
  platform: Platform;
  consumer: RunningService<ConsumerApplication>;
  schema: GraphQLSchema;
  supergraphSdl: string;
  /** Every command the consumer application ran, with the options the resolvers passed. */
  calls: Recorded[];
}

let fixture: Fixture;

/** The application with every command recorded: what reached the subgraph's resolvers. */
function recording(app: ConsumerApplication, calls: Recorded[]): ConsumerApplication {
  const commands = new Proxy(app.commands, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push({ command: String(prop), options: args[1] as Recorded['options'] });
        return value.apply(target, args);
      };
    },
  });
  return { ...app, commands };
}

before(async () => {
  const platform = await testPlatform(undefined, 'local', { services: ['consumer'] });
  const consumer = await consumerService.start(platform);
  const calls: Recorded[] = [];
  const schema = await consumerSchema(recording(consumer.app, calls));
  const composed = composeServices([{ name: 'consumer', url: UNREACHABLE, typeDefs: parse(printSubgraphSchema(schema)) }]);
  if (composed.errors) throw new Error(`the consumer supergraph does not compose: ${composed.errors.map((e) => e.message).join('; ')}`);
  fixture = { platform, consumer, schema, supergraphSdl: composed.supergraphSdl, calls };
});

after(async () => {
  await fixture?.consumer.stop();
  await fixture?.platform.close();
  if (fixture) await dropNamespace(fixture.platform.config);
});

// ---------------------------------------------------------------- helpers

interface GraphQLAnswer {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
  };
}

async function gql(base: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphQLAnswer> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLAnswer['body'] };
}

const REGISTER = 'mutation Register($name: String!) { registerConsumer(input: { name: $name }) { id name addresses { id } } }';
const CONSUMER = 'query Consumer($id: ID!) { consumer(id: $id) { id name addresses { id address { street1 street2 city state zip } } } }';
const ADD_ADDRESS = `mutation AddAddress($id: ID!) {
  addConsumerAddress(consumerId: $id, addressId: "Home", address: { street1: "1 Main St", city: "Oakland", state: "CA", zip: "94611" }) { id }
}`;

/** The answer's data, after checking it has no errors. */
function dataOf(answer: GraphQLAnswer): Record<string, Record<string, unknown>> {
  assert.equal(answer.body.errors, undefined, JSON.stringify(answer.body.errors));
  assert.ok(answer.body.data);
  return answer.body.data as Record<string, Record<string, unknown>>;
}

async function register(base: string, name: string, headers: Record<string, string> = {}): Promise<string> {
  return dataOf(await gql(base, REGISTER, { name }, headers)).registerConsumer.id as string;
}

async function json(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function metricsText(base: string): Promise<string> {
  const response = await fetch(`${base}/metrics`);
  assert.equal(response.status, 200);
  return response.text();
}

/** The value of one sample line, e.g. `metric{a="b",c="d"}`; 0 when the series does not exist yet. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface StandaloneGateway {
  base: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `node gateway/dist/src/gateway-main.js --supergraph <file> --port 0`, as an operator runs it. */
async function startStandalone(supergraphFile: string, env: Record<string, string>): Promise<StandaloneGateway> {
  const child = spawn(process.execPath, [GATEWAY_MAIN, '--supergraph', supergraphFile, '--port', '0'], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`the gateway did not start: ${output.join('')}`)), 20_000);
    lines.on('line', (line) => {
      output.push(`${line}\n`);
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'gateway started' && typeof entry.port === 'number') {
          clearTimeout(timer);
          resolve(entry.port);
        }
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited with ${code}: ${output.join('')}`));
    });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// ---------------------------------------------------------------- the checks both modes pass

function contractChecks(mode: string, target: () => { base: string; production: boolean }) {
  it(`registers a consumer and reads it back through the gateway (${mode})`, async () => {
    const { base } = target();
    const id = await register(base, '  Ada Lovelace ');
    const added = await gql(base, ADD_ADDRESS, { id });
    assert.equal(added.body.errors, undefined, JSON.stringify(added.body.errors));
    const read = await gql(base, CONSUMER, { id });
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, {
      data: {
        consumer: {
          id,
          name: 'Ada Lovelace',
          addresses: [{ id: 'Home', address: { street1: '1 Main St', street2: null, city: 'Oakland', state: 'CA', zip: '94611' } }],
        },
      },
    });
    assert.deepEqual((await gql(base, CONSUMER, { id: 'not-a-uuid' })).body, { data: { consumer: null } });
    assert.deepEqual((await gql(base, CONSUMER, { id: randomUUID() })).body, { data: { consumer: null } });
  });

  it(`answers errors with the contract's codes and no stack traces in production (${mode})`, async () => {
    const { base, production } = target();
    const blank = await gql(base, REGISTER, { name: '   ' });
    assert.equal(blank.body.data, null);
    assert.equal(blank.body.errors?.length, 1);
    assert.equal(blank.body.errors[0].message, 'cannot register a consumer without a name');
    assert.equal(blank.body.errors[0].extensions?.code, 'BAD_USER_INPUT');
    assert.deepEqual(blank.body.errors[0].path, ['registerConsumer']);

    const unknown = await gql(base, 'mutation Rename($id: ID!) { updateConsumer(id: $id, name: "X") { id } }', { id: randomUUID() });
    assert.equal(unknown.body.errors?.[0].message, 'consumer not found');
    assert.equal(unknown.body.errors?.[0].extensions?.code, 'NOT_FOUND');

    const parseFailure = await gql(base, '{ consumer(');
    assert.equal(parseFailure.status, 400);
    assert.equal(parseFailure.body.errors?.[0].extensions?.code, 'GRAPHQL_PARSE_FAILED');

    const invalid = await gql(base, '{ noSuchField }');
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');

    if (production) {
      for (const answer of [blank, unknown, parseFailure, invalid]) {
        for (const error of answer.body.errors ?? []) assert.equal(error.extensions?.stacktrace, undefined, JSON.stringify(error));
      }
    }
  });

  it(`forwards Idempotency-Key, x-correlation-id and traceparent to the subgraph (${mode})`, async () => {
    const { base } = target();
    const key = randomUUID();
    const traceparent = `00-${randomUUID().replace(/-/g, '')}-${'a1b2c3d4e5f60718'}-01`;
    const first = await gql(base, REGISTER, { name: 'Grace' }, { 'idempotency-key': key, 'x-correlation-id': 'corr-e2e-1', traceparent });
    const second = await gql(base, REGISTER, { name: 'Grace' }, { 'idempotency-key': key });
    const id = dataOf(first).registerConsumer.id;
    assert.equal(dataOf(second).registerConsumer.id, id, 'same key, same consumer');
    assert.notEqual(await register(base, 'Grace', { 'idempotency-key': randomUUID() }), id, 'another key, another consumer');
    assert.equal(first.headers.get('x-correlation-id'), 'corr-e2e-1');

    const withKey = fixture.calls.filter((c) => c.options?.idempotencyKey === key);
    assert.equal(withKey.length, 2);
    assert.deepEqual(withKey[0].options?.context, { correlationId: 'corr-e2e-1', traceparent });

    // No correlation id from the client: the gateway mints one per request, answers it and forwards it.
    const minted = second.headers.get('x-correlation-id');
    assert.match(minted ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(withKey[1].options?.context?.correlationId, minted);
    assert.equal(withKey[1].options?.context?.traceparent, undefined);
  });

  it(`counts requests, latency and errors by operation and code on /metrics (${mode})`, async () => {
    const { base } = target();
    const probe = `probe_${randomUUID().slice(0, 8)}`;
    const before = await metricsText(base);
    for (let i = 0; i < 3; i++) await gql(base, `query ${probe}($id: ID!) { consumer(id: $id) { id } }`, { id: randomUUID() });
    await gql(base, `mutation ${probe}_bad { registerConsumer(input: { name: "" }) { id } }`);
    await gql(base, '{ consumer(');
    const text = await metricsText(base);
    assert.equal(sample(text, `ftgo_gateway_operations_total{operation="${probe}",type="query"}`), 3);
    assert.equal(sample(text, `ftgo_gateway_operation_duration_seconds_count{operation="${probe}",type="query"}`), 3);
    assert.equal(sample(text, `ftgo_gateway_errors_total{operation="${probe}_bad",code="BAD_USER_INPUT"}`), 1);
    const parseFailures = (t: string) => sample(t, 'ftgo_gateway_errors_total{operation="(invalid)",code="GRAPHQL_PARSE_FAILED"}');
    assert.equal(parseFailures(text) - parseFailures(before), 1);
    assert.ok(sample(text, 'ftgo_gateway_subgraph_fetch_duration_seconds_count{subgraph="consumer",outcome="ok"}') >= 3);
    assert.ok(sample(text, 'ftgo_gateway_http_responses_total{route="/graphql",status="200"}') >= 4);
  });

  it(`serves /healthz and /readyz (${mode})`, async () => {
    const { base } = target();
    assert.deepEqual(await json(`${base}/healthz`), { status: 200, body: { status: 'ok' } });
    const ready = await json(`${base}/readyz`);
    assert.equal(ready.status, 200, JSON.stringify(ready.body));
    assert.equal(ready.body.status, 'ready');
    assert.deepEqual(ready.body.unready, []);
    assert.equal((ready.body.subgraphs as Record<string, { ready: boolean }>).consumer.ready, true);
    assert.equal((await fetch(`${base}/nope`)).status, 404);
  });
}

// ---------------------------------------------------------------- (a) standalone, over HTTP

describe('the standalone gateway in front of an HTTP subgraph', () => {
  let dir: string;
  let supergraphFile: string;
  let subgraph: Awaited<ReturnType<typeof serveSubgraph>>;
  let gateway: StandaloneGateway;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ftgo-gateway-'));
    supergraphFile = path.join(dir, 'supergraph.graphql');
    await writeFile(supergraphFile, fixture.supergraphSdl);
    subgraph = await serveSubgraph({ name: 'consumer', schema: fixture.schema, port: 0, registry: new Registry() });
    gateway = await startStandalone(supergraphFile, { SUBGRAPH_CONSUMER_URL: `http://127.0.0.1:${subgraph.port}/graphql` });
  });

  after(async () => {
    await gateway?.stop();
    await subgraph?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  contractChecks('standalone', () => ({ base: gateway.base, production: true }));

  it('reports the subgraph unready while it is down, and recovers when it is back', async () => {
    const port = subgraph.port;
    await subgraph.close();
    const down = await json(`${gateway.base}/readyz`);
    assert.equal(down.status, 503);
    assert.equal(down.body.status, 'unready');
    assert.deepEqual(down.body.unready, ['consumer']);
    assert.equal((down.body.subgraphs as Record<string, { ready: boolean }>).consumer.ready, false);
    assert.equal((await json(`${gateway.base}/healthz`)).status, 200, 'alive all the same');

    const failed = await gql(gateway.base, CONSUMER, { id: randomUUID() });
    assert.equal(failed.body.errors?.[0].extensions?.code, 'INTERNAL_SERVER_ERROR');
    assert.equal(failed.body.errors?.[0].message, 'Internal server error', 'no hosts or ports in production');

    subgraph = await serveSubgraph({ name: 'consumer', schema: fixture.schema, port, registry: new Registry() });
    await eventually(async () => (await fetch(`${gateway.base}/readyz`)).status === 200, 10_000, 'the gateway to be ready again');
    assert.ok(await register(gateway.base, 'Back again'));
  });

  it('starts, and answers /healthz and /readyz, while its subgraph is down', async () => {
    const port = await freePort();
    const late = await startStandalone(supergraphFile, { SUBGRAPH_CONSUMER_URL: `http://127.0.0.1:${port}/graphql` });
    let lateSubgraph: Awaited<ReturnType<typeof serveSubgraph>> | undefined;
    try {
      assert.equal((await json(`${late.base}/healthz`)).status, 200);
      const down = await json(`${late.base}/readyz`);
      assert.equal(down.status, 503);
      assert.deepEqual(down.body.unready, ['consumer']);

      lateSubgraph = await serveSubgraph({ name: 'consumer', schema: fixture.schema, port, registry: new Registry() });
      assert.equal((await json(`${late.base}/readyz`)).status, 200);
      const id = await register(late.base, 'Late but fine');
      assert.equal(dataOf(await gql(late.base, CONSUMER, { id })).consumer.name, 'Late but fine');
    } finally {
      await late.stop();
      await lateSubgraph?.close();
    }
  });

  it('refuses to start without a supergraph, with the usage', async () => {
    const child = spawn(process.execPath, [GATEWAY_MAIN], { env: { ...process.env, SUPERGRAPH_PATH: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
    assert.match(stderr, /SUPERGRAPH_PATH/);
  });
});

// ---------------------------------------------------------------- (b) embedded, in-process

describe('the embedded gateway over in-process subgraph schemas', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;

  before(async () => {
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      supergraphSdl: fixture.supergraphSdl,
      localSubgraphs: [{ name: 'consumer', schema: fixture.schema }],
      localOnly: true,
      registry: new Registry(),
      logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      production: false,
      readinessChecks: { postgres: () => fixture.platform.db.query('SELECT 1') },
    });
  });

  after(async () => {
    await gateway?.close();
  });

  contractChecks('embedded', () => ({ base: `http://127.0.0.1:${gateway.port}`, production: false }));

  it('runs every subgraph in-process and checks its extra readiness checks', async () => {
    assert.deepEqual(gateway.subgraphs, [{ name: 'consumer', mode: 'embedded' }]);
    const report = await gateway.readiness();
    assert.deepEqual(report.checks, { postgres: { ready: true } });
    assert.deepEqual(report.subgraphs, { consumer: { mode: 'embedded', ready: true } });
  });

  it('refuses a supergraph subgraph that has no in-process schema', async () => {
    await assert.rejects(
      startGateway({
        port: 0,
        supergraphSdl: fixture.supergraphSdl,
        localSubgraphs: [],
        localOnly: true,
        registry: new Registry(),
        logger: createLogger('silent'),
      }),
      /subgraph "consumer" of the supergraph has no in-process schema/,
    );
  });
});
