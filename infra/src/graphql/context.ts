import DataLoader from 'dataloader';

/** Request headers a subgraph reads, as the gateway forwards them (lower-case names). */
export type RequestHeaders = Record<string, string | string[] | undefined> | Headers | Map<string, string>;

/** What every subgraph resolver gets: the request's command metadata and its DataLoaders. */
export interface SubgraphContext {
  /** `Idempotency-Key`: a retried mutation has one effect and gets the first response. */
  idempotencyKey?: string;
  correlationId?: string;
  traceparent?: string;
  loaders: Loaders;
}

/**
 * DataLoaders of one request, created on first use by name: a list of 50 orders asking for their
 * ticket makes one batched lookup, not 50.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();

  get<V>(name: string, batch: (keys: readonly string[]) => Promise<readonly (V | null)[]>): DataLoader<string, V | null> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader<string, unknown>(batch as (keys: readonly string[]) => Promise<unknown[]>);
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<string, V | null>;
  }
}

function header(headers: RequestHeaders | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const value =
    typeof (headers as Headers).get === 'function' ? (headers as Headers).get(name) : (headers as Record<string, string | string[] | undefined>)[name];
  if (Array.isArray(value)) return value[0];
  return value ?? undefined;
}

export function subgraphContext(headers?: RequestHeaders): SubgraphContext {
  return {
    idempotencyKey: header(headers, 'idempotency-key'),
    correlationId: header(headers, 'x-correlation-id'),
    traceparent: header(headers, 'traceparent'),
    loaders: new Loaders(),
  };
}

/** What a mutation passes to its application command. */
export const commandOptions = (ctx: SubgraphContext) => ({
  idempotencyKey: ctx.idempotencyKey,
  context: { correlationId: ctx.correlationId, traceparent: ctx.traceparent },
});
