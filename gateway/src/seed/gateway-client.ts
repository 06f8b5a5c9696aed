import { randomUUID } from 'node:crypto';

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: unknown };
}

/** Codes of errors that say the request itself was refused (API.graphql): repeating it changes nothing. */
const FINAL_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FAILED_PRECONDITION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
]);

/** The gateway answered with errors of the contract (a refused command, a bad document). */
export class GraphQLRequestError extends Error {
  constructor(readonly errors: readonly GraphQLErrorShape[]) {
    super(errors.map((e) => `${String(e.extensions?.code ?? 'ERROR')}: ${e.message}`).join('; '));
  }

  /** The first error's `extensions.code`. */
  get code(): string | undefined {
    const code = this.errors[0]?.extensions?.code;
    return typeof code === 'string' ? code : undefined;
  }
}

export interface GatewayClientOptions {
  /** The gateway's GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  url: string;
  /** How long to keep retrying a request the gateway does not answer properly (default 60 s). */
  retryForMs?: number;
  /** One request's time limit (default 10 s). */
  timeoutMs?: number;
  /** Sent as `x-correlation-id` with every request (default: one per client). */
  correlationId?: string;
  /** Called before each retry, with why the last attempt failed. */
  onRetry?: (reason: string, attempt: number) => void;
}

export interface RequestOptions {
  /** `Idempotency-Key`: the service runs the command once and answers a repeat with the first response. */
  idempotencyKey?: string;
  /** Default: queries always, mutations only with an idempotency key (only then is a repeat harmless). */
  retry?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const reasonOf = (error: unknown): string => {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
};

/**
 * GraphQL over HTTP to the gateway, as any client would use it. A request that cannot be sent, or
 * that the gateway answers with an HTTP error or a non-contract error (INTERNAL_SERVER_ERROR: a
 * subgraph still starting, a broker hiccup) is retried with backoff until `retryForMs` passes, when
 * repeating it is harmless; errors of the contract (NOT_FOUND, CONFLICT, …) are thrown at once.
 */
export class GatewayClient {
  private readonly correlationId: string;

  constructor(private readonly options: GatewayClientOptions) {
    this.correlationId = options.correlationId ?? `ftgo-seed-${randomUUID()}`;
  }

  get url(): string {
    return this.options.url;
  }

  async request<T>(query: string, variables: Record<string, unknown> = {}, options: RequestOptions = {}): Promise<T> {
    const retry = options.retry ?? (!/^\s*mutation\b/.test(query) || options.idempotencyKey !== undefined);
    const deadline = Date.now() + (this.options.retryForMs ?? 60_000);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', 'x-correlation-id': this.correlationId };
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    for (let attempt = 1; ; attempt++) {
      let reason: string;
      try {
        const response = await fetch(this.options.url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        const text = await response.text();
        let body: { data?: T | null; errors?: GraphQLErrorShape[] } | undefined;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        const errors = body?.errors ?? [];
        if (body?.data && errors.length === 0) return body.data;
        if (errors.length > 0 && errors.every((e) => FINAL_CODES.has(String(e.extensions?.code)))) throw new GraphQLRequestError(errors);
        reason = errors.length > 0 ? `${String(errors[0].extensions?.code ?? 'ERROR')}: ${errors[0].message}` : `HTTP ${response.status}`;
        if (!retry && errors.length > 0) throw new GraphQLRequestError(errors);
      } catch (error) {
        if (error instanceof GraphQLRequestError) throw error;
        reason = reasonOf(error);
      }
      if (!retry || Date.now() >= deadline) throw new Error(`${this.options.url} did not answer: ${reason}`);
      this.options.onRetry?.(reason, attempt);
      await sleep(Math.min(2_000, 250 * attempt));
    }
  }
}
