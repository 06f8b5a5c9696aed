import { operationFromDocument, type Schema, Supergraph } from '@apollo/federation-internals';
import { buildOperationContext, executeQueryPlan, type GraphQLDataSource } from '@apollo/gateway';
import { type FetchNode, type QueryPlan, QueryPlanner, type SubscriptionNode } from '@apollo/query-planner';
import type { Logger } from '@ftgo/infra';
import { subgraphContext } from '@ftgo/infra/graphql';
import {
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  GraphQLError,
  type GraphQLField,
  type GraphQLFormattedError,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  isObjectType,
  parse,
  print,
  subscribe,
  validate,
} from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { ForwardedHeaders } from '../server/request-context.js';
import { Channel } from './channel.js';
import type { SubscriptionMetrics } from './metrics.js';
import { type Resumable, resumable, type SharedPrimary, withoutAfter } from './resume.js';

/** How the gateway reaches the subgraph that owns a subscription field. */
export type Upstream = { kind: 'local'; schema: GraphQLSchema } | { kind: 'remote'; url: string };

export interface SubscriptionEngineOptions {
  supergraphSdl: string;
  /** The gateway's data sources by subgraph name: entity fetches of events go through them. */
  sources: () => ReadonlyMap<string, GraphQLDataSource>;
  upstream: (subgraph: string) => Upstream | undefined;
  metrics: SubscriptionMetrics;
  logger: Logger;
  formatError: (error: GraphQLFormattedError) => GraphQLFormattedError;
  /**
   * Subscribers of the same selection (document, operation, variables) whose upstream delivers the same
   * event within this window share one execution of the rest of the plan. Default 5 s.
   */
  shareWindowMs?: number;
  /** Distributed mode: reconnect attempts to a subgraph that went away mid-stream. Default 10. */
  retryAttempts?: number;
}

export interface SubscribeArgs {
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  forward: ForwardedHeaders;
}

export type SubscriptionResult = FormattedExecutionResult | AsyncIterableIterator<FormattedExecutionResult>;

const EVENT_SERVICE = '__subscription_event__';
const STOPPED = Symbol('stopped');
const MAX_PLANS = 1_000;
const MAX_SHARED = 10_000;
/** Past this many shared results, expired ones are swept on insert. */
const SWEEP_SHARED = 500;
/** Events a multiplexed upstream keeps for replays to joiners; a joiner wanting older ones gets its own stream. */
const MAX_HISTORY = 10_000;
let plannerSerial = 0;

type UpstreamEvent = ExecutionResult | FormattedExecutionResult;

/** One event of a multiplexed upstream, with its resolutions by selection (the same object for every subscriber). */
interface SharedEvent {
  kind: 'event';
  /** When the upstream delivered it (performance.now()): the start of its delivery latency. */
  receivedAt: number;
  sequence: number | undefined;
  data: unknown;
  errors: GraphQLFormattedError[] | undefined;
  resolved: Map<string, { at: number; result: Promise<FormattedExecutionResult> }>;
}
type SharedItem = SharedEvent | { kind: 'error'; error: unknown };

/**
 * One upstream stream shared by every subscriber of (subgraph, primary operation without `after`, its
 * variables): opened by the first, ref-counted, closed when the last detaches. It streams from the first
 * event (no `after`) and keeps what it has seen, so a joiner gets its own replay (events after its `after`)
 * from memory, spliced with the live ones by `orderSequence`: no gap, no duplicate.
 */
interface SharedUpstream {
  key: string;
  history: SharedEvent[];
  /** The first sequence still in `history` once it was trimmed (undefined: nothing was dropped). */
  firstKept: number | undefined;
  feeds: Set<(item: SharedItem) => void>;
  enders: Set<() => void>;
  /** Resolves to an error result when the subgraph refused the subscription, to undefined once it streams. */
  ready: Promise<ExecutionResult | undefined>;
  iterator: AsyncIterator<UpstreamEvent> | undefined;
  /** Counted in the upstreams gauge (it streams). */
  counted: boolean;
  closed: boolean;
}

interface EventContext {
  planner: SupergraphPlanner;
  node: SubscriptionNode;
  operationContext: OperationContext;
  variables: Record<string, unknown>;
  forward: ForwardedHeaders;
}

type ServiceMap = Parameters<typeof executeQueryPlan>[1];
type RequestContext = Parameters<typeof executeQueryPlan>[2];

type OperationContext = ReturnType<typeof buildOperationContext>;

/** What the engine needs of one subscription document over one supergraph: computed once per document. */
type Prepared =
  | { kind: 'refused'; errors: GraphQLFormattedError[] }
  | {
      kind: 'planned';
      planKey: string;
      node: SubscriptionNode;
      operationContext: OperationContext;
      /** Set when the field is multiplexed (`sagaProgress`): the primary fetch every subscriber shares. */
      shared: SharedPrimary | undefined;
    };

/** One supergraph's planner: a reload makes a new one, streams planned by the old one keep it. */
export class SupergraphPlanner {
  readonly apiSchema: Schema;
  readonly api: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  private readonly planner: QueryPlanner;
  private readonly plans = new Map<string, QueryPlan>();
  /**
   * By document object: the transports hand the same parsed document to every subscriber who sent the same
   * text, so validating, printing and planning happen once per distinct subscription, not per subscriber.
   */
  private readonly prepared = new WeakMap<DocumentNode, Map<string, Prepared>>();
  /** Tells planners apart in sharing keys: results planned over different supergraphs are never shared. */
  readonly serial = ++plannerSerial;

  constructor(readonly sdl: string) {
    const supergraph = Supergraph.build(sdl);
    this.apiSchema = supergraph.apiSchema();
    this.api = this.apiSchema.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
  }

  prepare(document: DocumentNode, operationName?: string | null): Prepared {
    let byName = this.prepared.get(document);
    if (!byName) {
      byName = new Map();
      this.prepared.set(document, byName);
    }
    let prepared = byName.get(operationName ?? '');
    if (!prepared) {
      prepared = this.prepareOnce(document, operationName);
      byName.set(operationName ?? '', prepared);
    }
    return prepared;
  }

  private prepareOnce(document: DocumentNode, operationName?: string | null): Prepared {
    const validation = validate(this.api, document);
    if (validation.length > 0)
      return { kind: 'refused', errors: validation.map((e) => ({ ...e.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) };
    const planKey = `${operationName ?? ''}\n${print(document)}`;
    let plan: QueryPlan;
    let operationContext: OperationContext;
    try {
      operationContext = buildOperationContext({ schema: this.api, operationDocument: document, operationName: operationName ?? undefined });
      if (operationContext.operation.operation !== 'subscription') throw new GraphQLError('not a subscription operation');
      plan = this.plan(document, planKey, operationName);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { kind: 'refused', errors: [{ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] };
    }
    const node = plan.node as SubscriptionNode | undefined;
    if (node?.kind !== 'Subscription')
      return { kind: 'refused', errors: [{ message: 'the operation has no subscription field', extensions: { code: 'BAD_REQUEST' } }] };
    const shared = this.multiplexes(node.primary) ? withoutAfter(node.primary.operation) : undefined;
    return { kind: 'planned', planKey, node, operationContext, shared };
  }

  private plan(document: DocumentNode, key: string, operationName?: string | null): QueryPlan {
    let plan = this.plans.get(key);
    if (!plan) {
      const operation = operationFromDocument(this.apiSchema, document, { operationName: operationName ?? undefined });
      plan = this.planner.buildQueryPlan(operation);
      if (this.plans.size >= MAX_PLANS) this.plans.delete(this.plans.keys().next().value as string);
      this.plans.set(key, plan);
    }
    return plan;
  }

  /** Multiplexed: the field takes `after` and its events carry `orderSequence` (so joiners can be spliced). */
  private multiplexes(primary: FetchNode): boolean {
    const field = rootFieldOf(this, primary);
    if (!field?.args.some((a) => a.name === 'after')) return false;
    const type = getNamedType(field.type);
    return isObjectType(type) && 'orderSequence' in type.getFields();
  }
}

const isAsyncIterable = <T>(value: unknown): value is AsyncIterable<T> => typeof (value as AsyncIterable<T> | null)?.[Symbol.asyncIterator] === 'function';

/** The primary fetch's variables, from the client's. */
function pickVariables(primary: FetchNode, variables: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of primary.variableUsages ?? []) if (variables[name] !== undefined) picked[name] = variables[name];
  return picked;
}

/** The API schema's definition of the subscription field the primary fetch streams. */
function rootFieldOf(planner: SupergraphPlanner, primary: FetchNode): GraphQLField<unknown, unknown> | undefined {
  const field = /^\s*subscription\b[^{]*\{\s*(?:\w+\s*:\s*)?(\w+)/.exec(primary.operation)?.[1];
  return field ? planner.api.getSubscriptionType()?.getFields()[field] : undefined;
}

const codeOf = (error: GraphQLFormattedError): unknown => error.extensions?.code;

function errorResult(errors: readonly GraphQLFormattedError[], format: SubscriptionEngineOptions['formatError']): FormattedExecutionResult {
  return { errors: errors.map(format) };
}

/** Subgraph errors as they would travel over HTTP: code-less ones become INTERNAL_SERVER_ERROR. */
function subgraphErrors(errors: readonly (GraphQLError | GraphQLFormattedError)[] | undefined): GraphQLFormattedError[] | undefined {
  return errors?.map((error) => {
    const formatted = error instanceof GraphQLError ? error.toJSON() : error;
    return typeof codeOf(formatted) === 'string' ? formatted : { ...formatted, extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR' } };
  });
}

/**
 * Federated subscriptions (DESIGN, GraphQL: subscriptions). `@apollo/gateway` refuses to execute a plan
 * whose root is a `SubscriptionNode`, so the engine plans the operation with Apollo's query planner, streams
 * the plan's `primary` fetch from the owning subgraph (in-process `subscribe()` in embedded mode, graphql-ws
 * in distributed mode) and runs the plan's `rest` per event with `@apollo/gateway`'s `executeQueryPlan`:
 * the event is served by a one-shot data source standing in for the primary fetch, then the rest's
 * entity fetches go through the gateway's data sources and the result is shaped to the client's selection.
 *
 * Multiplexing: a field that takes `after: Int` and whose events carry `orderSequence` (`sagaProgress`) is
 * streamed ONCE per (subgraph, primary operation without `after`, its variables): the first subscriber opens
 * the upstream (from the first event), later ones attach (ref-counted), the last one closes it
 * (`ftgo_gateway_subscription_upstreams`). A joiner attaches first, is given the events the upstream has
 * already seen after its own `after` (its replay: they came from the subgraph's store), then the live ones,
 * each only past the last `orderSequence` it got: no gap, no duplicate. The upstream keeps up to 10,000
 * events for that; a joiner wanting older ones than it kept gets a stream of its own. Each event is resolved
 * once per selection (normalised document, operation name, variables without `after`) and the same result
 * object goes to every subscriber of that selection. The upstream is opened with the first subscriber's
 * forwarded headers (correlation id, traceparent: no identity travels in them, so none is in the key).
 * A subgraph restart is resumed on the shared upstream as before (after its last `orderSequence`).
 *
 * Other fields (`orderStateChanged`: "the current state first" for each subscriber) keep a stream per
 * subscriber; subscribers with the same normalised document, operation name and variables whose upstream
 * delivers the same event within the share window share one execution of the rest (one `_entities` fetch
 * per subgraph per event, however many subscribers).
 */
export class SubscriptionEngine {
  private planner: SupergraphPlanner;
  private readonly shared = new Map<string, { at: number; result: Promise<FormattedExecutionResult> }>();
  private readonly open = new Set<Channel<FormattedExecutionResult>>();
  private readonly upstreams = new Map<string, SharedUpstream>();
  private closed = false;

  constructor(private readonly options: SubscriptionEngineOptions) {
    this.planner = new SupergraphPlanner(options.supergraphSdl);
  }

  /** The API schema subscriptions are validated against (the current supergraph's). */
  get schema(): GraphQLSchema {
    return this.planner.api;
  }

  get activeCount(): number {
    return this.open.size;
  }

  /** A new supergraph: new subscriptions are planned over it; open ones continue on the plan they had. */
  reload(supergraphSdl: string): void {
    this.planner = new SupergraphPlanner(supergraphSdl);
    this.shared.clear();
  }

  /** Whether the document's selected operation is a subscription (false for invalid documents). */
  isSubscription(document: DocumentNode, operationName?: string | null): boolean {
    return getOperationAST(document, operationName ?? undefined)?.operation === 'subscription';
  }

  async subscribe(args: SubscribeArgs): Promise<SubscriptionResult> {
    const { formatError } = this.options;
    if (this.closed) return errorResult([{ message: 'the gateway is shutting down', extensions: { code: 'UNAVAILABLE' } }], formatError);
    const planner = this.planner;
    const prepared = planner.prepare(args.document, args.operationName);
    if (prepared.kind === 'refused') return errorResult(prepared.errors, formatError);
    const { node, operationContext, planKey, shared } = prepared;
    const variables = args.variables ?? {};
    const ctx: EventContext = { planner, node, operationContext, variables, forward: args.forward };
    if (shared) return this.subscribeShared(ctx, planKey, shared);
    return this.subscribeAlone(ctx, `${planKey}\n${JSON.stringify(variables)}`);
  }

  /** A subscriber with its own upstream stream (fields that cannot be multiplexed, e.g. `orderStateChanged`). */
  private async subscribeAlone(ctx: EventContext, shareKey: string): Promise<SubscriptionResult> {
    const { formatError, metrics } = this.options;
    const primary = ctx.node.primary;
    const upstream = await this.openUpstream(ctx.planner, primary, primary.operation, pickVariables(primary, ctx.variables), ctx.forward);
    if (!isAsyncIterable<UpstreamEvent>(upstream)) return errorResult(subgraphErrors(upstream.errors) ?? [], formatError);

    metrics.upstreams.inc();
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      metrics.upstreams.dec();
    };
    const iterator = upstream[Symbol.asyncIterator]();
    const channel: Channel<FormattedExecutionResult> = new Channel(() => {
      this.open.delete(channel);
      release();
      void iterator.return?.()?.catch(() => {});
    });
    this.open.add(channel);
    const run = async () => {
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done || channel.done) break;
          const receivedAt = performance.now();
          const result = await this.resolveEvent(shareKey, next.value, ctx);
          channel.push(result);
          metrics.delivery.observe((performance.now() - receivedAt) / 1000);
        }
      } catch (error) {
        this.options.logger.error({ err: error }, 'subscription stream failed');
        channel.push(
          errorResult([{ message: error instanceof Error ? error.message : String(error), extensions: { code: 'INTERNAL_SERVER_ERROR' } }], formatError),
        );
      } finally {
        this.open.delete(channel);
        release();
        channel.end();
      }
    };
    void run();
    return channel;
  }

  /**
   * A subscriber of a multiplexed field: it attaches to the shared upstream first (so nothing live is
   * missed), is fed the events the upstream has already seen after its own `after` (its replay), then the
   * live ones, each only if its `orderSequence` is past the last one it was given. Each event is resolved
   * once per selection (document, operation name, variables without `after`) and that one result object
   * goes to every subscriber of the selection.
   */
  private async subscribeShared(ctx: EventContext, planKey: string, primaryShared: SharedPrimary): Promise<SubscriptionResult> {
    const { formatError } = this.options;
    const primary = ctx.node.primary;
    const primaryVariables = pickVariables(primary, ctx.variables);
    const shared = { operation: primaryShared.operation, ...primaryShared.split(primaryVariables) };
    const key = `${primary.serviceName}\n${primary.operationName ?? ''}\n${shared.operation}\n${JSON.stringify(shared.variables)}`;
    const clientVariables = { ...ctx.variables };
    for (const name of Object.keys(primaryVariables)) if (!(name in shared.variables)) delete clientVariables[name];
    const selectionKey = `${ctx.planner.serial}\n${planKey}\n${JSON.stringify(clientVariables)}`;

    let upstream = this.upstreams.get(key);
    // Its replay reaches further back than the shared stream remembers: this subscriber streams alone.
    if (upstream?.firstKept !== undefined && (shared.after ?? 0) < upstream.firstKept - 1)
      return this.subscribeAlone(ctx, `${planKey}\n${JSON.stringify(ctx.variables)}`);
    upstream ??= this.openShared(key, ctx.planner, primary, shared.operation, shared.variables, ctx.forward);
    const up = upstream;

    const raw = new Channel<SharedItem>(() => {});
    let last = shared.after;
    const feed = (item: SharedItem) => {
      if (item.kind === 'event' && item.sequence !== undefined) {
        if (last !== undefined && item.sequence <= last) return;
        last = item.sequence;
      }
      raw.push(item);
      // Resolved as soon as it arrives (the first subscriber of the selection starts it, the others share
      // it): events that arrive close together get their entity fetches at once, not one after the other
      // behind this subscriber's queue. Events a subscriber skips are never resolved for it.
      if (item.kind === 'event') void this.resolveShared(item, selectionKey, ctx);
    };
    const end = () => raw.end();
    // Replayed events (what the upstream saw before this subscriber came) are not part of delivery latency.
    const attachedAt = performance.now();
    for (const item of up.history) feed(item);
    up.feeds.add(feed);
    up.enders.add(end);
    let detached = false;
    const detach = () => {
      if (detached) return;
      detached = true;
      up.feeds.delete(feed);
      up.enders.delete(end);
      if (up.feeds.size === 0) this.closeShared(up);
    };

    const refused = await up.ready;
    if (refused) {
      detach();
      return errorResult(subgraphErrors(refused.errors) ?? [], formatError);
    }

    const channel: Channel<FormattedExecutionResult> = new Channel(() => {
      this.open.delete(channel);
      detach();
      raw.end();
    });
    this.open.add(channel);
    const run = async () => {
      try {
        for (;;) {
          const next = await raw.next();
          if (next.done || channel.done) break;
          const item = next.value;
          if (item.kind === 'error') {
            const message = item.error instanceof Error ? item.error.message : String(item.error);
            channel.push(errorResult([{ message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }], formatError));
            break;
          }
          channel.push(await this.resolveShared(item, selectionKey, ctx));
          if (item.receivedAt >= attachedAt) this.options.metrics.delivery.observe((performance.now() - item.receivedAt) / 1000);
        }
      } catch (error) {
        this.options.logger.error({ err: error }, 'subscription stream failed');
        channel.push(
          errorResult([{ message: error instanceof Error ? error.message : String(error), extensions: { code: 'INTERNAL_SERVER_ERROR' } }], formatError),
        );
      } finally {
        this.open.delete(channel);
        detach();
        channel.end();
      }
    };
    void run();
    return channel;
  }

  private openShared(
    key: string,
    planner: SupergraphPlanner,
    primary: FetchNode,
    operation: string,
    variables: Record<string, unknown>,
    forward: ForwardedHeaders,
  ): SharedUpstream {
    const up: SharedUpstream = {
      key,
      history: [],
      firstKept: undefined,
      feeds: new Set(),
      enders: new Set(),
      ready: Promise.resolve(undefined),
      iterator: undefined,
      counted: false,
      closed: false,
    };
    this.upstreams.set(key, up);
    up.ready = (async () => {
      let stream: ExecutionResult | AsyncIterable<UpstreamEvent>;
      try {
        stream = await this.openUpstream(planner, primary, operation, variables, forward);
      } catch (error) {
        stream = { errors: [new GraphQLError(error instanceof Error ? error.message : String(error))] };
      }
      if (!isAsyncIterable<UpstreamEvent>(stream)) {
        this.closeShared(up);
        return stream;
      }
      const iterator = stream[Symbol.asyncIterator]();
      up.iterator = iterator;
      if (up.closed) {
        void iterator.return?.()?.catch(() => {});
        return undefined;
      }
      up.counted = true;
      this.options.metrics.upstreams.inc();
      void this.pump(up, iterator);
      return undefined;
    })();
    return up;
  }

  private async pump(up: SharedUpstream, iterator: AsyncIterator<UpstreamEvent>): Promise<void> {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done || up.closed) break;
        const event = next.value;
        const root = event.data ? Object.values(event.data)[0] : undefined;
        const sequence = (root as { orderSequence?: unknown } | null | undefined)?.orderSequence;
        const item: SharedEvent = {
          kind: 'event',
          receivedAt: performance.now(),
          sequence: typeof sequence === 'number' ? sequence : undefined,
          data: event.data,
          errors: subgraphErrors(event.errors),
          resolved: new Map(),
        };
        up.history.push(item);
        if (up.history.length > MAX_HISTORY) {
          up.history.shift();
          up.firstKept = up.history[0]?.sequence ?? Number.MAX_SAFE_INTEGER;
        }
        for (const feed of [...up.feeds]) feed(item);
      }
    } catch (error) {
      if (!up.closed) {
        this.options.logger.error({ err: error }, 'subscription stream failed');
        for (const feed of [...up.feeds]) feed({ kind: 'error', error });
      }
    } finally {
      // Ended: later subscribers open a fresh stream; attached ones drain what they were given, then complete.
      for (const end of [...up.enders]) end();
      this.closeShared(up);
    }
  }

  private closeShared(up: SharedUpstream): void {
    if (up.closed) return;
    up.closed = true;
    if (this.upstreams.get(up.key) === up) this.upstreams.delete(up.key);
    void up.iterator?.return?.()?.catch(() => {});
    if (up.counted) this.options.metrics.upstreams.dec();
  }

  /** The rest of the plan for one event of a multiplexed upstream, once per selection (within the share window). */
  private resolveShared(item: SharedEvent, selectionKey: string, ctx: EventContext): Promise<FormattedExecutionResult> {
    const now = Date.now();
    const hit = item.resolved.get(selectionKey);
    if (hit && now - hit.at <= (this.options.shareWindowMs ?? 5_000)) return hit.result;
    const result = this.execute({ data: item.data, errors: item.errors }, ctx);
    // Shared while it runs, however long that takes; the window counts from when it is done.
    const entry = { at: Number.POSITIVE_INFINITY, result };
    item.resolved.set(selectionKey, entry);
    result.then(
      () => {
        entry.at = Date.now();
      },
      () => item.resolved.delete(selectionKey),
    );
    return result;
  }

  /** Completes every open subscription (shutdown); new ones are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const channel of [...this.open]) await channel.return();
    this.shared.clear();
  }

  private async openUpstream(
    planner: SupergraphPlanner,
    primary: FetchNode,
    operation: string,
    variables: Record<string, unknown>,
    forward: ForwardedHeaders,
  ): Promise<ExecutionResult | AsyncIterable<UpstreamEvent>> {
    const target = this.options.upstream(primary.serviceName);
    if (!target) return { errors: [new GraphQLError(`subgraph "${primary.serviceName}" is unknown`)] };
    if (target.kind === 'local') {
      return subscribe({
        schema: target.schema,
        document: parse(operation),
        variableValues: variables,
        operationName: primary.operationName ?? undefined,
        contextValue: subgraphContext({ ...forward }),
      });
    }
    const takesAfter = rootFieldOf(planner, primary)?.args.some((a) => a.name === 'after') ?? false;
    const resume = takesAfter ? resumable(operation) : undefined;
    return remoteStream(target.url, { ...primary, operation }, variables, forward, resume, this.options.retryAttempts ?? 10, this.options.logger);
  }

  /** The rest of the plan for one event, shared by every subscriber of the same selection. */
  private resolveEvent(shareKey: string, event: UpstreamEvent, ctx: EventContext): Promise<FormattedExecutionResult> {
    const errors = subgraphErrors(event.errors);
    const key = `${shareKey}\n${JSON.stringify({ data: event.data, errors })}`;
    const now = Date.now();
    const window = this.options.shareWindowMs ?? 5_000;
    const hit = this.shared.get(key);
    if (hit && now - hit.at <= window) return hit.result;
    if (this.shared.size >= SWEEP_SHARED) {
      for (const [k, v] of this.shared) if (now - v.at > window || this.shared.size >= MAX_SHARED) this.shared.delete(k);
    }
    const result = this.execute({ data: event.data, errors }, ctx);
    this.shared.set(key, { at: now, result });
    result.catch(() => this.shared.delete(key));
    return result;
  }

  private async execute(
    event: { data?: unknown; errors?: GraphQLFormattedError[] },
    ctx: {
      planner: SupergraphPlanner;
      node: SubscriptionNode;
      operationContext: ReturnType<typeof buildOperationContext>;
      variables: Record<string, unknown>;
      forward: ForwardedHeaders;
    },
  ): Promise<FormattedExecutionResult> {
    const { metrics, formatError } = this.options;
    const serviceMap: ServiceMap = {};
    for (const [name, source] of this.options.sources()) {
      serviceMap[name] = {
        process: (request) => {
          metrics.fetches.inc({ subgraph: name });
          return source.process(request);
        },
      } as GraphQLDataSource;
    }
    // The primary fetch already happened upstream: this stand-in hands its event to the plan.
    serviceMap[EVENT_SERVICE] = {
      process: async () => ({ data: (event.data ?? null) as Record<string, unknown> | null, errors: event.errors }),
    } as GraphQLDataSource;
    const primary: FetchNode = { ...ctx.node.primary, serviceName: EVENT_SERVICE };
    const plan: QueryPlan = { kind: 'QueryPlan', node: ctx.node.rest ? { kind: 'Sequence', nodes: [primary, ctx.node.rest] } : primary };
    const requestContext = {
      request: { variables: ctx.variables },
      context: { forward: ctx.forward, correlationId: ctx.forward['x-correlation-id'], observation: { observed: true } },
      logger: this.options.logger,
      metrics: {},
    } as unknown as RequestContext;
    const result = await executeQueryPlan(plan, serviceMap, requestContext, ctx.operationContext, ctx.planner.supergraphSchema, ctx.planner.apiSchema);
    const out: FormattedExecutionResult = { data: (result.data ?? null) as FormattedExecutionResult['data'] };
    if (result.errors?.length) {
      out.errors = result.errors.map((error) => {
        const formatted = error instanceof GraphQLError ? error.toJSON() : (error as GraphQLFormattedError);
        return formatError(formatted);
      });
    }
    return out;
  }
}

/**
 * Distributed mode: the primary fetch as a graphql-ws subscription to the owning subgraph. When the
 * subgraph goes away mid-stream (a restart) and the field is resumable (`sagaProgress(orderId, after)`),
 * it reconnects and resumes after the last `orderSequence` delivered, so the client sees no gap and no
 * duplicate; a field that cannot resume ends with the error.
 */
/** What ended a graphql-ws stream: an Error, or the socket's close event (code and reason). */
function lostBecause(error: unknown): string {
  if (error instanceof Error) return error.message;
  const event = error as { code?: unknown; reason?: unknown; message?: unknown } | null;
  if (typeof event?.code === 'number') return `socket closed: ${event.code} ${String(event.reason ?? '')}`.trim();
  return String(event?.message ?? error);
}

function remoteStream(
  httpUrl: string,
  primary: FetchNode,
  variables: Record<string, unknown>,
  forward: ForwardedHeaders,
  resume: Resumable | undefined,
  retryAttempts: number,
  logger: Logger,
): AsyncIterableIterator<FormattedExecutionResult> {
  const url = httpUrl.replace(/^http/, 'ws');
  let stop: () => void = () => {};
  const stopped = new Promise<typeof STOPPED>((resolve) => {
    stop = () => resolve(STOPPED);
  });
  let isStopped = false;
  async function* stream(): AsyncGenerator<FormattedExecutionResult> {
    let request = { query: resume?.operation ?? primary.operation, variables };
    let attempts = 0;
    let last: number | undefined;
    while (!isStopped) {
      // One client per attempt and no retries inside it: graphql-ws would re-send the original payload
      // on reconnect and replay what the client already has.
      const client = createClient({ url, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0, connectionParams: { headers: { ...forward } } });
      const events = client.iterate({ ...request, operationName: primary.operationName ?? undefined });
      try {
        for (;;) {
          const next = await Promise.race([events.next(), stopped]);
          if (next === STOPPED || next.done) return;
          const event = next.value;
          attempts = 0;
          const root = event.data ? Object.values(event.data)[0] : undefined;
          const sequence = (root as { orderSequence?: unknown } | null | undefined)?.orderSequence;
          if (resume && typeof sequence === 'number') {
            if (last !== undefined && sequence <= last) continue;
            last = sequence;
          }
          yield event as FormattedExecutionResult;
        }
      } catch (error) {
        attempts += 1;
        // An array is the subgraph's GraphQL errors (an `error` message): not a lost connection.
        if (isStopped) return;
        if (!resume || attempts > retryAttempts || Array.isArray(error)) throw error;
        logger.warn({ reason: lostBecause(error), url, attempts, after: last }, 'subgraph subscription lost: resuming');
        if (last !== undefined) {
          const resumed = resume.after(last, variables);
          request = { query: resumed.operation, variables: resumed.variables };
        }
        await Promise.race([new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** attempts)).unref()), stopped]);
      } finally {
        void events.return?.()?.catch(() => {});
        await client.dispose();
      }
    }
  }
  const generator = stream();
  return {
    next: () => generator.next(),
    // The consumer went away: stop at once, even while waiting for the subgraph or a reconnect.
    return: async () => {
      isStopped = true;
      stop();
      return generator.return(undefined);
    },
    throw: (error: unknown) => generator.throw(error),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
