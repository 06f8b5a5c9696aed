// type-graphql (loaded by @ftgo/infra/graphql) needs the metadata polyfill before any decorator runs.
import 'reflect-metadata';
import { type GraphQLDataSourceProcessOptions, LocalGraphQLDataSource, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Logger } from '@ftgo/infra';
import { subgraphContext } from '@ftgo/infra/graphql';
import { type GraphQLFormattedError, type GraphQLSchema, graphql } from 'graphql';
import type { KeepAliveFetcher } from './http-fetcher.js';
import type { GatewayMetrics } from './metrics.js';
import type { ForwardedHeaders, GatewayContext } from './request-context.js';

type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;
type SubgraphResponse = Awaited<ReturnType<LocalGraphQLDataSource['process']>>;

/** One subgraph behind the gateway, in-process or over HTTP, and how `/readyz` asks it. */
export interface SubgraphDataSource {
  readonly name: string;
  readonly mode: 'embedded' | 'distributed';
  readonly url?: string;
  /** Resolves when the subgraph answers `{ __typename }`; rejects with the reason otherwise. */
  probe(timeoutMs: number): Promise<void>;
}

/** Health checks and schema loads run outside any client request: they forward nothing. */
const forwardedOf = (context: unknown): Partial<ForwardedHeaders> => (context as Partial<GatewayContext> | undefined)?.forward ?? {};

/**
 * Embedded mode: the subgraph's schema executed in-process. `LocalGraphQLDataSource` hands the
 * gateway's context to the subgraph as is and has no `willSendRequest`, so each fetch builds the
 * subgraph's own context from the forwarded headers, exactly as the subgraph's HTTP server does
 * (`subgraphContext(headers)`: idempotency key, correlation id, traceparent, fresh DataLoaders).
 * Errors are serialised as they would travel over HTTP, with INTERNAL_SERVER_ERROR for code-less
 * ones (logged here with their stack), so both modes answer clients alike.
 */
export class LocalSubgraphDataSource extends LocalGraphQLDataSource<GatewayContext> implements SubgraphDataSource {
  readonly mode = 'embedded' as const;

  constructor(
    readonly name: string,
    schema: GraphQLSchema,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {
    super(schema);
  }

  override async process({ request, context }: ProcessOptions): Promise<SubgraphResponse> {
    const done = this.metrics.fetchTimer(this.name);
    try {
      const forward = forwardedOf(context);
      const result = await graphql({
        schema: this.schema,
        source: request.query ?? '',
        variableValues: request.variables,
        operationName: request.operationName,
        contextValue: subgraphContext(forward),
      });
      const errors = result.errors?.map((error): GraphQLFormattedError => {
        const formatted = error.toJSON();
        if (typeof formatted.extensions?.code === 'string') return formatted;
        // No path: the request itself was refused before execution (a variable or literal that does not
        // coerce, e.g. a malformed DateTime), which is the client's error, as an HTTP subgraph reports it.
        if (!formatted.path) return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
        this.logger.error({ err: error.originalError ?? error, subgraph: this.name, correlationId: forward['x-correlation-id'] }, 'subgraph resolver failed');
        return { ...formatted, extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR' } };
      });
      done(errors ? 'errors' : 'ok');
      return { ...result, errors };
    } catch (error) {
      done('failed');
      throw error;
    }
  }

  async probe(): Promise<void> {
    const result = await graphql({ schema: this.schema, source: '{ __typename }', contextValue: subgraphContext() });
    if (result.errors?.length) throw new Error(result.errors[0].message);
  }
}

/**
 * Distributed mode: the subgraph over HTTP through a keep-alive connection pool, with the
 * client's Idempotency-Key, correlation id and traceparent on every fetch.
 */
export class RemoteSubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> implements SubgraphDataSource {
  readonly mode = 'distributed' as const;

  constructor(
    readonly name: string,
    url: string,
    private readonly http: KeepAliveFetcher,
    private readonly metrics: GatewayMetrics,
  ) {
    super({ url, fetcher: http.fetch });
  }

  override willSendRequest({ request, context }: ProcessOptions): void {
    for (const [header, value] of Object.entries(forwardedOf(context))) if (value) request.http?.headers.set(header, value);
  }

  override async process(options: ProcessOptions): Promise<SubgraphResponse> {
    const done = this.metrics.fetchTimer(this.name);
    try {
      const response = await super.process(options);
      done(response.errors?.length ? 'errors' : 'ok');
      return response;
    } catch (error) {
      // Apollo Server answers a request it refuses before execution (a variable that does not coerce) with
      // HTTP 400 and a GraphQL body: that is the subgraph's answer, with its codes, not a transport failure.
      const refused = refusedRequest(error);
      if (refused) {
        done('errors');
        return { errors: refused };
      }
      done('failed');
      throw error;
    }
  }

  async probe(timeoutMs: number): Promise<void> {
    const response = await this.http.request(
      this.url,
      { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"query":"{ __typename }"}' },
      timeoutMs,
    );
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = (await response.json()) as { data?: { __typename?: unknown } };
    if (typeof body.data?.__typename !== 'string') throw new Error('unexpected answer to { __typename }');
  }
}

function refusedRequest(error: unknown): GraphQLFormattedError[] | undefined {
  const response = (error as { extensions?: { response?: { status?: number; body?: unknown } } })?.extensions?.response;
  const errors = (response?.body as { errors?: GraphQLFormattedError[] } | undefined)?.errors;
  return response?.status === 400 && Array.isArray(errors) && errors.length > 0 ? errors : undefined;
}
