import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerOptionsWithGateway, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { Logger } from '@ftgo/infra';
import type { FormattedExecutionResult, GraphQLSchema } from 'graphql';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { attachSubscriptionTransports, SubscriptionEngine, SubscriptionMetrics } from '../subscriptions/index.js';
import { LocalSubgraphDataSource, RemoteSubgraphDataSource, type SubgraphDataSource } from './data-sources.js';
import { formatGatewayError } from './errors.js';
import { duplicatedFederationPackages } from './federation-copies.js';
import { KeepAliveFetcher } from './http-fetcher.js';
import { IDE_ASSETS_PREFIX, IdeAssets, wantsIde } from './ide.js';
import { GatewayMetrics } from './metrics.js';
import { Readiness, type ReadinessCheck, type ReadinessReport } from './readiness.js';
import { forwardedHeaders, type GatewayContext } from './request-context.js';

/** A subgraph executed in the gateway's process (embedded mode). */
export interface LocalSubgraph {
  name: string;
  schema: GraphQLSchema;
}

export interface GatewayOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  /** The composed Federation 2 supergraph: a file, or its text. One of the two. */
  supergraphPath?: string;
  supergraphSdl?: string;
  /** Embedded mode: these subgraphs run in-process over their schemas, by supergraph name. */
  localSubgraphs?: readonly LocalSubgraph[];
  /** Embedded mode: a supergraph subgraph without a local schema is a start-up error, never an HTTP fallback. */
  localOnly?: boolean;
  /** Distributed mode: a subgraph's URL; when this gives none, the URL written in the supergraph. */
  subgraphUrl?: (name: string) => string | undefined;
  /** Where `/metrics` reads from; a fresh registry with Node's default metrics when absent. */
  registry?: Registry;
  logger: Logger;
  /** No stack traces and no internal error messages to clients. Default: NODE_ENV=production. */
  production?: boolean;
  /** Introspection stays on by default: the IDE (issue 5) and client tooling need it. */
  introspection?: boolean;
  /** More `/readyz` checks beside the subgraphs, e.g. the database in embedded mode. */
  readinessChecks?: Record<string, ReadinessCheck>;
  readinessTimeoutMs?: number;
  /** Per subgraph HTTP fetch. */
  subgraphTimeoutMs?: number;
  maxBodyBytes?: number;
  /** graphql-ws: subscriptions one connection may hold (default GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION or 50). */
  maxSubscriptionsPerConnection?: number;
  /** graphql-ws: a connection with no subscription is closed after this (default GATEWAY_SUBSCRIPTION_IDLE_TIMEOUT_MS or 60 s). */
  subscriptionIdleTimeoutMs?: number;
  /** graphql-ws: a connection whose client leaves more unsent bytes is closed with 1013 (default GATEWAY_SUBSCRIPTION_MAX_BUFFERED_BYTES or 16 MiB). */
  subscriptionMaxBufferedBytes?: number;
}

export interface SubgraphInfo {
  name: string;
  mode: SubgraphDataSource['mode'];
  url?: string;
}

export interface RunningGateway {
  port: number;
  /** The subgraphs of the supergraph and how each is reached. */
  subgraphs: SubgraphInfo[];
  readiness(): Promise<ReadinessReport>;
  metrics: GatewayMetrics;
  /** Federated subscriptions (graphql-ws and SSE on `/graphql`); `reload(sdl)` keeps open streams running. */
  subscriptions: SubscriptionEngine;
  subscriptionMetrics: SubscriptionMetrics;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'BAD_REQUEST', `request body exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

const ROUTES = new Set(['/graphql', '/metrics', '/healthz', '/readyz']);

/**
 * The federation gateway: Apollo Server 5 over `@apollo/gateway` 2.14 with a static supergraph (it
 * starts whether or not the subgraphs are up), on one node:http server that serves
 * `POST|GET /graphql`, `/metrics`, `/healthz` (the process is alive) and `/readyz` (every subgraph
 * answers). Each subgraph is served in-process when `localSubgraphs` has its schema, else over HTTP.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { logger } = options;
  const duplicated = duplicatedFederationPackages();
  if (duplicated.length > 0) {
    throw new Error(
      `@apollo/gateway and @apollo/query-planner load different copies of ${duplicated.join('; ')}: every query plan would fail. ` +
        'Keep every @apollo/* federation package (gateway, composition, subgraph) on one version and reinstall (npm dedupe).',
    );
  }
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const supergraphSdl = options.supergraphSdl ?? (options.supergraphPath ? await readFile(options.supergraphPath, 'utf8') : undefined);
  if (!supergraphSdl) throw new Error('startGateway needs supergraphPath or supergraphSdl');
  const registry = options.registry ?? new Registry();
  if (!options.registry) collectDefaultMetrics({ register: registry });
  const metrics = new GatewayMetrics(registry);
  const http = new KeepAliveFetcher(options.subgraphTimeoutMs ?? 30_000);
  const local = new Map((options.localSubgraphs ?? []).map((s) => [s.name, s.schema]));
  const sources = new Map<string, SubgraphDataSource>();

  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: logger.child({ component: 'apollo-gateway' }),
    buildService: ({ name, url }) => {
      const schema = local.get(name);
      let source: LocalSubgraphDataSource | RemoteSubgraphDataSource;
      if (schema) {
        source = new LocalSubgraphDataSource(name, schema, metrics, logger);
      } else {
        if (options.localOnly) throw new Error(`subgraph "${name}" of the supergraph has no in-process schema`);
        const target = options.subgraphUrl?.(name) ?? url;
        if (!target) throw new Error(`subgraph "${name}" has no URL: set it in the supergraph or override it`);
        source = new RemoteSubgraphDataSource(name, target, http, metrics);
      }
      sources.set(name, source);
      return source;
    },
  });

  const server = createServer();
  const apollo = new ApolloServer<GatewayContext>({
    // @apollo/server 5 speaks gateway-interface 2, @apollo/gateway 2.14 implements 1: the
    // executor contract is the same, the declared types differ by that major.
    gateway: gateway as unknown as ApolloServerOptionsWithGateway<GatewayContext>['gateway'],
    logger: logger.child({ component: 'apollo-server' }),
    includeStacktraceInErrorResponses: !production,
    hideSchemaDetailsFromClientErrors: production,
    introspection: options.introspection ?? true,
    formatError: formatGatewayError(production),
    plugins: [
      // No CDN-hosted landing page: browsers get the offline GraphQL IDE of ./ide.ts at GET /graphql.
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: 5_000 }),
      metrics.plugin(logger),
    ],
  });
  try {
    await apollo.start();
  } catch (error) {
    http.close();
    throw error;
  }
  const unused = [...local.keys()].filter((name) => !sources.has(name));
  if (unused.length > 0) logger.warn({ subgraphs: unused }, 'local subgraphs that the supergraph does not name');

  const subscriptionMetrics = new SubscriptionMetrics(registry);
  const subscriptions = new SubscriptionEngine({
    supergraphSdl,
    sources: () => sources as unknown as ReadonlyMap<string, import('@apollo/gateway').GraphQLDataSource>,
    upstream: (name) => {
      const schema = local.get(name);
      if (schema) return { kind: 'local', schema };
      const url = sources.get(name)?.url;
      return url ? { kind: 'remote', url } : undefined;
    },
    metrics: subscriptionMetrics,
    logger: logger.child({ component: 'subscriptions' }),
    formatError: formatGatewayError(production),
  });
  const transports = attachSubscriptionTransports(server, {
    engine: subscriptions,
    metrics: subscriptionMetrics,
    logger,
    maxSubscriptionsPerConnection: options.maxSubscriptionsPerConnection,
    idleTimeoutMs: options.subscriptionIdleTimeoutMs,
    maxBufferedBytes: options.subscriptionMaxBufferedBytes,
    // Queries and mutations sent over graphql-ws or SSE: Apollo's pipeline, as over POST.
    execute: async ({ document, operationName, variables, forward }) => {
      const response = await apollo.executeOperation(
        { query: document, operationName: operationName ?? undefined, variables: variables ?? undefined },
        { contextValue: { forward, correlationId: forward['x-correlation-id'], observation: { observed: false } } },
      );
      return (response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult) as FormattedExecutionResult;
    },
  });

  const readiness = new Readiness(() => [...sources.values()], options.readinessChecks ?? {}, options.readinessTimeoutMs ?? 2_000);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;

  const graphqlRoute = async (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    const forward = forwardedHeaders(req.headers);
    res.setHeader('x-correlation-id', forward['x-correlation-id']);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    const raw = await readBody(req, maxBodyBytes);
    let body: unknown = raw;
    if (raw && headers.get('content-type')?.includes('json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        throw new HttpError(400, 'BAD_REQUEST', 'request body is not valid JSON');
      }
    }
    const observation = { observed: false };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method?.toUpperCase() ?? 'GET', headers, search: new URL(req.url ?? '/', 'http://gateway').search, body },
      context: async () => ({ forward, correlationId: forward['x-correlation-id'], observation }),
    });
    res.statusCode = response.status ?? 200;
    for (const [key, value] of response.headers) res.setHeader(key, value);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      if (!observation.observed) metrics.recordRejected(Number(process.hrtime.bigint() - started) / 1e9, response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };

  const ide = new IdeAssets();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const route = req.url?.split('?')[0] ?? '/';
    res.on('finish', () => metrics.httpResponses.inc({ route: ROUTES.has(route) ? route : 'other', status: String(res.statusCode) }));
    const handle = async () => {
      switch (route) {
        case '/graphql':
          if (transports.isSse(req)) return transports.sse(req, res);
          // A browser navigating here gets the offline GraphQL IDE; GraphQL clients get GraphQL.
          return wantsIde(req) ? ide.serve(req, res, route) : graphqlRoute(req, res);
        case '/metrics':
          res.setHeader('content-type', registry.contentType);
          res.end(await registry.metrics());
          return;
        case '/healthz':
          return sendJson(res, 200, { status: 'ok' });
        case '/readyz': {
          const report = await readiness.report();
          return sendJson(res, report.status === 'ready' ? 200 : 503, report);
        }
        default:
          if (route.startsWith(IDE_ASSETS_PREFIX)) return ide.serve(req, res, route);
          return sendJson(res, 404, { errors: [{ message: `no route ${route}`, extensions: { code: 'NOT_FOUND' } }] });
      }
    };
    handle().catch((error: unknown) => {
      if (error instanceof HttpError) {
        if (route === '/graphql') metrics.recordRejected(0, JSON.stringify({ errors: [{ extensions: { code: error.code } }] }));
        // The rest of an oversized body is never read: this connection cannot carry another request.
        if (error.status === 413 && !res.headersSent) res.setHeader('connection', 'close');
        if (!res.headersSent) sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] });
        else res.end();
        return;
      }
      logger.error({ err: error, route }, 'gateway request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.destroy();
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await transports.close().catch(() => {});
    await apollo.stop().catch(() => {});
    http.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    subgraphs: [...sources.values()].map(({ name, mode, url }) => (mode === 'distributed' ? { name, mode, url } : { name, mode })),
    readiness: () => readiness.report(),
    metrics,
    subscriptions,
    subscriptionMetrics,
    close: () => {
      // apollo.stop() runs the drain plugin: stop accepting, let requests in flight finish, close the server.
      // Subscriptions first: open streams would hold the drain until its grace period.
      closing ??= transports
        .close()
        .catch((error: unknown) => logger.warn({ err: error }, 'closing subscriptions failed'))
        .then(() => apollo.stop())
        .finally(() => http.close());
      return closing;
    },
  };
}
