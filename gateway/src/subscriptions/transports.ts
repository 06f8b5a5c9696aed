import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@ftgo/infra';
import { type DocumentNode, type FormattedExecutionResult, GraphQLError, getOperationAST, parse } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/http';
import type { SubscribePayload } from 'graphql-ws';
import { useServer as serveGraphqlWs } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import { type ForwardedHeaders, forwardedHeaders } from '../server/request-context.js';
import { BatchingWebSocket } from './batching-socket.js';
import type { SubscribeArgs, SubscriptionEngine } from './engine.js';
import type { SubscriptionMetrics } from './metrics.js';
import { streamToSocket } from './socket-stream.js';

export type Transport = 'ws' | 'sse';

/** Queries and mutations that arrive over a subscription transport: the gateway's usual pipeline. */
export type OperationExecutor = (args: SubscribeArgs) => Promise<FormattedExecutionResult>;

export interface SubscriptionTransportOptions {
  engine: SubscriptionEngine;
  metrics: SubscriptionMetrics;
  logger: Logger;
  execute: OperationExecutor;
  /** Default: GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION or 50. */
  maxSubscriptionsPerConnection?: number;
  /** A WebSocket with no subscription for this long is closed. Default: GATEWAY_SUBSCRIPTION_IDLE_TIMEOUT_MS or 60 s. */
  idleTimeoutMs?: number;
  /**
   * A WebSocket with more unsent bytes than this is closed (1013): its client cannot keep up. Default:
   * GATEWAY_SUBSCRIPTION_MAX_BUFFERED_BYTES or 16 MiB.
   */
  maxBufferedBytes?: number;
  path?: string;
}

export interface SubscriptionTransports {
  /** Whether an HTTP request on the GraphQL route is for graphql-sse (`Accept: text/event-stream`). */
  isSse(req: IncomingMessage): boolean;
  sse(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Completes every subscription, closes every WebSocket (1001) and stops accepting upgrades. */
  close(): Promise<void>;
}

const envNumber = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

/** Distinct operation texts whose parsed documents are kept, and the longest text kept. */
const MAX_PARSED = 1_000;
const MAX_PARSED_LENGTH = 16_384;

type Result = FormattedExecutionResult | AsyncIterableIterator<FormattedExecutionResult>;

const isAsyncIterable = (value: unknown): value is AsyncIterableIterator<FormattedExecutionResult> =>
  typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';

/**
 * graphql-ws (WebSocket upgrade) and graphql-sse (`Accept: text/event-stream`) on the gateway's `/graphql`,
 * both over the same `SubscriptionEngine`; queries and mutations sent over them go through `execute`.
 */
export function attachSubscriptionTransports(server: Server, options: SubscriptionTransportOptions): SubscriptionTransports {
  const { engine, metrics, logger } = options;
  const path = options.path ?? '/graphql';
  const maxPerConnection = options.maxSubscriptionsPerConnection ?? envNumber('GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION', 50);
  const idleTimeoutMs = options.idleTimeoutMs ?? envNumber('GATEWAY_SUBSCRIPTION_IDLE_TIMEOUT_MS', 60_000);
  const maxBufferedBytes = options.maxBufferedBytes ?? envNumber('GATEWAY_SUBSCRIPTION_MAX_BUFFERED_BYTES', 16 * 2 ** 20);

  /** Counts an open subscription and its events until it ends, however it ends. */
  const counted = (iterator: AsyncIterableIterator<FormattedExecutionResult>, transport: Transport): AsyncIterableIterator<FormattedExecutionResult> => {
    metrics.active.inc({ transport });
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      metrics.active.dec({ transport });
    };
    return {
      async next() {
        const result = await iterator.next();
        if (result.done) finish();
        else metrics.events.inc({ transport });
        return result;
      },
      async return() {
        finish();
        return (await iterator.return?.()) ?? { value: undefined, done: true };
      },
      async throw(error: unknown) {
        finish();
        return iterator.throw ? iterator.throw(error) : Promise.reject(error);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  };

  const run = async (transport: Transport, args: SubscribeArgs): Promise<Result> => {
    if (!engine.isSubscription(args.document, args.operationName)) return options.execute(args);
    const result = await engine.subscribe(args);
    return isAsyncIterable(result) ? counted(result, transport) : result;
  };

  // The same text gets the same document object, so the engine prepares it once (see SupergraphPlanner).
  const parsed = new Map<string, DocumentNode>();
  const parseOrErrors = (query: string): DocumentNode | GraphQLError[] => {
    const known = parsed.get(query);
    if (known) {
      // Least recently used goes first.
      parsed.delete(query);
      parsed.set(query, known);
      return known;
    }
    try {
      const document = parse(query);
      if (query.length > MAX_PARSED_LENGTH) return document;
      if (parsed.size >= MAX_PARSED) parsed.delete(parsed.keys().next().value as string);
      parsed.set(query, document);
      return document;
    } catch (error) {
      return [new GraphQLError(error instanceof Error ? error.message : String(error), { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
  };

  // ---------------------------------------------------------------- graphql-ws
  const wss = new WebSocketServer({ noServer: true, WebSocket: BatchingWebSocket });
  interface OperationContext {
    forward: ForwardedHeaders;
    id: string;
    socket: WebSocket;
  }
  const idle = new WeakMap<object, NodeJS.Timeout>();
  const armIdle = (socket: { close(code: number, reason: string): void }) => {
    clearTimeout(idle.get(socket));
    const timer = setTimeout(() => socket.close(1000, 'idle: no subscription'), idleTimeoutMs);
    timer.unref();
    idle.set(socket, timer);
  };
  const disarmIdle = (socket: object) => clearTimeout(idle.get(socket));

  serveGraphqlWs(
    {
      onConnect: (ctx) => {
        armIdle(ctx.extra.socket);
        return true;
      },
      onSubscribe: (ctx, id, payload: SubscribePayload) => {
        const open = Object.keys(ctx.subscriptions).length;
        if (open > maxPerConnection) {
          return [new GraphQLError(`at most ${maxPerConnection} subscriptions per connection`, { extensions: { code: 'BAD_REQUEST' } })];
        }
        const document = parseOrErrors(payload.query);
        if (Array.isArray(document)) return document;
        if (!getOperationAST(document, payload.operationName ?? undefined)) {
          return [new GraphQLError('Unable to identify operation', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })];
        }
        disarmIdle(ctx.extra.socket);
        return {
          schema: engine.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: { forward: forwardedHeaders(ctx.extra.request.headers), id, socket: ctx.extra.socket } satisfies OperationContext,
        };
      },
      subscribe: async (args) => {
        const { forward, id, socket } = args.contextValue as OperationContext;
        const result = await engine.subscribe({
          document: args.document,
          operationName: args.operationName,
          variables: args.variableValues as Record<string, unknown> | undefined,
          forward,
        });
        if (!isAsyncIterable(result)) return result as never;
        metrics.active.inc({ transport: 'ws' });
        return streamToSocket(result, {
          id,
          socket,
          maxBufferedBytes,
          onEvent: () => metrics.events.inc({ transport: 'ws' }),
          onEnd: () => metrics.active.dec({ transport: 'ws' }),
        }) as never;
      },
      execute: (args) =>
        run('ws', {
          document: args.document,
          operationName: args.operationName,
          variables: args.variableValues as Record<string, unknown> | undefined,
          forward: (args.contextValue as OperationContext).forward,
        }) as never,
      // Results of queries and mutations are already formatted: send them as they are.
      onNext: (_ctx, _id, _payload, _args, result) => result as never,
      onComplete: (ctx, id) => {
        if (Object.keys(ctx.subscriptions).filter((other) => other !== id).length === 0) armIdle(ctx.extra.socket);
      },
      onClose: (ctx) => disarmIdle(ctx.extra.socket),
    },
    wss,
  );

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url?.split('?')[0] !== path) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      (ws as BatchingWebSocket).writesTo(socket);
      wss.emit('connection', ws, req);
    });
  };
  server.on('upgrade', upgrade);

  // ---------------------------------------------------------------- graphql-sse
  const sseHandler = createHandler({
    onSubscribe: async (req, params) => {
      const document = parseOrErrors(params.query as string);
      if (Array.isArray(document)) return { data: null, errors: document.map((e) => e.toJSON()) } as never;
      const result = await run('sse', {
        document,
        operationName: params.operationName,
        variables: params.variables,
        forward: forwardedHeaders(req.raw.headers),
      });
      return (isAsyncIterable(result) ? result : { data: null, ...result }) as never;
    },
  });

  return {
    isSse: (req) => Boolean(req.headers.accept?.includes('text/event-stream')),
    sse: (req, res) => sseHandler(req, res),
    close: async () => {
      server.off('upgrade', upgrade);
      await engine.close();
      for (const client of wss.clients) client.close(1001, 'the gateway is shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const client of wss.clients) client.terminate();
      logger.debug({}, 'subscription transports closed');
    },
  };
}
