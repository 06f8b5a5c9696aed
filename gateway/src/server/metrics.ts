import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@ftgo/infra';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { GatewayContext } from './request-context.js';

/** Operation names are chosen by clients: past this many distinct ones, the rest count as `(other)`. */
const MAX_OPERATION_NAMES = 500;
const MAX_NAME_LENGTH = 100;

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The gateway's Prometheus metrics (DESIGN, Observability): GraphQL requests and their latency by
 * operation name and type, errors by `extensions.code` as the client saw them, subgraph fetch
 * latency by subgraph and outcome, and HTTP responses by route and status.
 */
export class GatewayMetrics {
  readonly operations: Counter<'operation' | 'type'>;
  readonly operationSeconds: Histogram<'operation' | 'type'>;
  readonly errors: Counter<'operation' | 'code'>;
  readonly subgraphFetchSeconds: Histogram<'subgraph' | 'outcome'>;
  readonly httpResponses: Counter<'route' | 'status'>;
  private readonly names = new Set<string>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.operations = new Counter({
      name: 'ftgo_gateway_operations_total',
      help: 'GraphQL requests by operation name ((anonymous), or (invalid) when the document did not parse or validate) and type',
      labelNames: ['operation', 'type'],
      registers,
    });
    this.operationSeconds = new Histogram({
      name: 'ftgo_gateway_operation_duration_seconds',
      help: 'GraphQL request latency at the gateway, from the request to the response',
      labelNames: ['operation', 'type'],
      buckets: SECONDS,
      registers,
    });
    this.errors = new Counter({
      name: 'ftgo_gateway_errors_total',
      help: 'GraphQL errors sent to clients, by operation and extensions.code',
      labelNames: ['operation', 'code'],
      registers,
    });
    this.subgraphFetchSeconds = new Histogram({
      name: 'ftgo_gateway_subgraph_fetch_duration_seconds',
      help: 'Subgraph fetches of query plans, by subgraph and outcome (ok, errors, failed)',
      labelNames: ['subgraph', 'outcome'],
      buckets: SECONDS,
      registers,
    });
    this.httpResponses = new Counter({
      name: 'ftgo_gateway_http_responses_total',
      help: 'HTTP responses of the gateway by route and status',
      labelNames: ['route', 'status'],
      registers,
    });
  }

  /** A bounded label for a client-chosen operation name. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return '(anonymous)';
    const label = name.slice(0, MAX_NAME_LENGTH);
    if (this.names.has(label)) return label;
    if (this.names.size >= MAX_OPERATION_NAMES) return '(other)';
    this.names.add(label);
    return label;
  }

  /** Times one subgraph fetch; call the result with its outcome. */
  fetchTimer(subgraph: string): (outcome: 'ok' | 'errors' | 'failed') => void {
    const end = this.subgraphFetchSeconds.startTimer({ subgraph });
    return (outcome) => {
      end({ outcome });
    };
  }

  /**
   * A request Apollo rejected before its pipeline (a POST without a query, a CSRF-blocked GET, a
   * body that is not JSON): counted as an `(invalid)` operation with the error codes it answered.
   */
  recordRejected(seconds: number, body: string | undefined): void {
    const labels = { operation: '(invalid)', type: 'unknown' };
    this.operations.inc(labels);
    this.operationSeconds.observe(labels, seconds);
    let codes: string[] = ['BAD_REQUEST'];
    try {
      const parsed = JSON.parse(body ?? '') as { errors?: { extensions?: { code?: unknown } }[] };
      if (Array.isArray(parsed.errors) && parsed.errors.length > 0) codes = parsed.errors.map((e) => String(e.extensions?.code ?? 'BAD_REQUEST'));
    } catch {
      // not JSON: one BAD_REQUEST
    }
    for (const code of codes) this.errors.inc({ operation: '(invalid)', code });
  }

  /** The Apollo plugin that counts requests, latency and errors, and logs the internal errors. */
  plugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async ({ contextValue }) => {
        contextValue.observation.observed = true;
        const started = process.hrtime.bigint();
        let resolved = false;
        return {
          didResolveOperation: async () => {
            resolved = true;
          },
          didEncounterErrors: async ({ errors, operationName, contextValue: ctx }) => {
            for (const error of errors) {
              const code = error.extensions?.code;
              if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && code !== 'DOWNSTREAM_SERVICE_ERROR') continue;
              logger.error({ err: error.originalError ?? error, operationName, correlationId: ctx.correlationId, path: error.path }, 'GraphQL request failed');
            }
          },
          willSendResponse: async ({ operationName, operation, response }) => {
            const name = resolved ? this.operationLabel(operationName) : '(invalid)';
            const labels = { operation: name, type: operation?.operation ?? 'unknown' };
            this.operations.inc(labels);
            this.operationSeconds.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
            if (response.body.kind !== 'single') return;
            for (const error of response.body.singleResult.errors ?? []) {
              const code = error.extensions?.code;
              this.errors.inc({ operation: name, code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR' });
            }
          },
        };
      },
    };
  }
}
