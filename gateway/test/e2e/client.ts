import assert from 'node:assert/strict';

/** A GraphQL error as a client receives it. */
export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** One GraphQL-over-HTTP answer: the HTTP status and the body's `data` and `errors`. */
export interface GraphQLAnswer<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLErrorBody[];
  /** The body as received, for comparing two answers byte by byte. */
  raw: string;
}

export type Variables = Record<string, unknown>;

/** The first error's code and message, e.g. `NOT_FOUND: order not found`. */
export const describeErrors = (errors: GraphQLErrorBody[] | undefined): string =>
  (errors ?? []).map((e) => `${e.extensions?.code ?? '?'}: ${e.message}`).join('; ') || 'no errors';

/** A GraphQL error that a journey did not expect: its code and message, and the operation that got it. */
export class UnexpectedErrors extends Error {
  constructor(
    readonly errors: GraphQLErrorBody[],
    query: string,
  ) {
    super(`${describeErrors(errors)} (in ${query.replace(/\s+/g, ' ').slice(0, 120)})`);
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/**
 * A minimal GraphQL-over-HTTP client: POST application/json to the gateway, nothing but `fetch`.
 * Journeys use only this, so they run against any topology that serves the supergraph.
 */
export class GraphQLClient {
  constructor(readonly url: string) {}

  async request<T>(query: string, variables: Variables = {}, headers: Record<string, string> = {}): Promise<GraphQLAnswer<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const raw = await response.text();
    let body: { data?: T | null; errors?: GraphQLErrorBody[] };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      throw new Error(`the gateway answered HTTP ${response.status} with a body that is not JSON: ${raw.slice(0, 200)}`);
    }
    return { status: response.status, data: body.data, errors: body.errors, raw };
  }

  /** The answer's data; any GraphQL error throws `UnexpectedErrors`. */
  async data<T>(query: string, variables: Variables = {}, headers: Record<string, string> = {}): Promise<T> {
    const answer = await this.request<T>(query, variables, headers);
    if (answer.errors?.length) throw new UnexpectedErrors(answer.errors, query);
    assert.ok(answer.data, `no data and no errors (HTTP ${answer.status})`);
    return answer.data;
  }

  /**
   * Asserts the operation fails with exactly one error of this `extensions.code` and message (a
   * RegExp matches the code or the message) and returns it.
   */
  async fails(
    query: string,
    variables: Variables,
    code: string | RegExp,
    message: string | RegExp,
    headers: Record<string, string> = {},
  ): Promise<GraphQLErrorBody> {
    const answer = await this.request<unknown>(query, variables, headers);
    const what = `${query.replace(/\s+/g, ' ').slice(0, 100)} ${JSON.stringify(variables).slice(0, 200)}`;
    assert.ok(answer.errors?.length, `expected ${code} "${message}" but it succeeded: ${what} → ${answer.raw.slice(0, 300)}`);
    assert.equal(answer.errors.length, 1, `expected one error: ${describeErrors(answer.errors)} for ${what}`);
    const [error] = answer.errors;
    if (typeof code === 'string') assert.equal(error.extensions?.code, code, `code of "${error.message}" for ${what}`);
    else assert.match(String(error.extensions?.code), code, `code of "${error.message}" for ${what}`);
    if (typeof message === 'string') assert.equal(error.message, message, `message for ${what}`);
    else assert.match(error.message, message, `message for ${what}`);
    return error;
  }
}

/** Polls `check` until it returns a truthy value (errors count as "not yet") or `timeoutMs` passes. */
export async function eventually<T>(check: () => Promise<T> | T, what: string, timeoutMs = 20_000, intervalMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = undefined;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(intervalMs);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The gateway's Prometheus text: `/metrics` next to the GraphQL endpoint. */
export async function subgraphFetchesFromMetrics(graphqlUrl: string): Promise<Record<string, number>> {
  const response = await fetch(new URL('/metrics', graphqlUrl));
  assert.equal(response.status, 200, 'the gateway serves /metrics');
  const counts: Record<string, number> = {};
  for (const line of (await response.text()).split('\n')) {
    const match = /^ftgo_gateway_subgraph_fetch_duration_seconds_count\{([^}]*)\} (\d+(?:\.\d+)?)$/.exec(line);
    if (!match) continue;
    const subgraph = /subgraph="([^"]*)"/.exec(match[1])?.[1] ?? '?';
    counts[subgraph] = (counts[subgraph] ?? 0) + Number(match[2]);
  }
  return counts;
}

/** `after - before` per key, zero entries left out. */
export function difference(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta !== 0) result[key] = delta;
  }
  return result;
}
