import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { formatGatewayError } from '../src/server/errors.js';
import { GatewayMetrics } from '../src/server/metrics.js';
import { forwardedHeaders } from '../src/server/request-context.js';
import { standaloneConfig, subgraphUrlVariable, UsageError } from '../src/server/standalone-config.js';

describe('the standalone gateway configuration', () => {
  it('takes flags over the environment', () => {
    const config = standaloneConfig(['--port', '5000', '--supergraph', '/flag.graphql'], { PORT: '4500', SUPERGRAPH_PATH: '/env.graphql' });
    assert.deepEqual(config, { port: 5000, supergraphPath: '/flag.graphql', subgraphUrls: {}, production: false, logLevel: 'info' });
    assert.deepEqual(standaloneConfig(['--port=0'], { SUPERGRAPH_PATH: '/s.graphql' }), {
      port: 0,
      supergraphPath: '/s.graphql',
      subgraphUrls: {},
      production: false,
      logLevel: 'info',
    });
  });

  it('reads the environment: PORT (default 4000), NODE_ENV, LOG_LEVEL and SUBGRAPH_<NAME>_URL', () => {
    const config = standaloneConfig([], {
      SUPERGRAPH_PATH: '/s.graphql',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SUBGRAPH_ORDER_HISTORY_URL: 'http://order-history:4007/graphql',
      SUBGRAPH_CONSUMER_URL: 'https://consumer.internal/graphql',
      SUBGRAPH_EMPTY_URL: '',
      UNRELATED: 'x',
    });
    assert.deepEqual(config, {
      port: 4000,
      supergraphPath: '/s.graphql',
      subgraphUrls: { SUBGRAPH_ORDER_HISTORY_URL: 'http://order-history:4007/graphql', SUBGRAPH_CONSUMER_URL: 'https://consumer.internal/graphql' },
      production: true,
      logLevel: 'warn',
    });
  });

  it('names the override variable after the subgraph', () => {
    assert.equal(subgraphUrlVariable('order-history'), 'SUBGRAPH_ORDER_HISTORY_URL');
    assert.equal(subgraphUrlVariable('consumer'), 'SUBGRAPH_CONSUMER_URL');
    assert.equal(subgraphUrlVariable('my.svc-2'), 'SUBGRAPH_MY_SVC_2_URL');
  });

  it('refuses what it cannot run, with the reason', () => {
    assert.throws(
      () => standaloneConfig([], {}),
      (e: unknown) => e instanceof UsageError && /SUPERGRAPH_PATH/.test(e.message),
    );
    assert.throws(() => standaloneConfig(['--port', 'abc', '--supergraph', 's'], {}), /--port must be a port number/);
    assert.throws(() => standaloneConfig(['--supergraph', 's'], { PORT: '70000' }), /PORT must be a port number/);
    assert.throws(() => standaloneConfig(['--nope'], {}), UsageError);
    assert.throws(() => standaloneConfig(['--supergraph', 's'], { SUBGRAPH_X_URL: 'not a url' }), /SUBGRAPH_X_URL is not a URL/);
    assert.throws(() => standaloneConfig(['--supergraph', 's'], { SUBGRAPH_X_URL: 'ftp://x/graphql' }), /must be an http\(s\) URL/);
    assert.equal(standaloneConfig(['--help'], {}), 'help');
  });
});

describe('headers forwarded to subgraphs', () => {
  it('keeps the client’s idempotency key, correlation id and a valid traceparent', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    assert.deepEqual(forwardedHeaders({ 'idempotency-key': 'k1', 'x-correlation-id': 'c-1', traceparent }), {
      'idempotency-key': 'k1',
      'x-correlation-id': 'c-1',
      traceparent,
    });
  });

  it('mints a correlation id when there is none or it is unusable, and drops a malformed traceparent', () => {
    const minted = forwardedHeaders({ traceparent: 'garbage' });
    assert.match(minted['x-correlation-id'], /^[0-9a-f-]{36}$/);
    assert.equal(minted.traceparent, undefined);
    assert.equal(minted['idempotency-key'], undefined);
    assert.notEqual(forwardedHeaders({ 'x-correlation-id': 'bad\u0001id' })['x-correlation-id'], 'bad\u0001id');
    assert.notEqual(forwardedHeaders({})['x-correlation-id'], forwardedHeaders({})['x-correlation-id']);
  });
});

describe('errors as clients see them', () => {
  const stacktrace = ['Error: boom', '    at somewhere (file.js:1:1)'];

  it('keeps contract codes and messages, and strips stack traces in production', () => {
    const error = { message: 'consumer not found', path: ['updateConsumer'], extensions: { code: 'NOT_FOUND', serviceName: 'consumer', stacktrace } };
    assert.deepEqual(formatGatewayError(true)(error), { ...error, extensions: { code: 'NOT_FOUND', serviceName: 'consumer' } });
    assert.deepEqual(formatGatewayError(false)(error), error);
  });

  it('turns anything else into INTERNAL_SERVER_ERROR, with a neutral message in production', () => {
    const downstream = { message: 'request to http://10.0.0.5:4001/graphql failed', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', stacktrace } };
    assert.deepEqual(formatGatewayError(true)(downstream), { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    assert.deepEqual(formatGatewayError(false)(downstream), { ...downstream, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace } });
    assert.deepEqual(formatGatewayError(true)({ message: 'no code' }), { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});

describe('gateway metrics', () => {
  it('bounds the operation names clients can create as labels', () => {
    const metrics = new GatewayMetrics(new Registry());
    assert.equal(metrics.operationLabel(undefined), '(anonymous)');
    assert.equal(metrics.operationLabel('x'.repeat(300)), 'x'.repeat(100));
    for (let i = 0; i < 600; i++) metrics.operationLabel(`op${i}`);
    assert.equal(metrics.operationLabel('op1'), 'op1');
    assert.equal(metrics.operationLabel('op599'), '(other)');
  });
});
