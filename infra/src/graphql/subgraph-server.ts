import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { useServer as serveGraphqlWs } from 'graphql-ws/use/ws';
import type { Registry } from 'prom-client';
import { WebSocketServer } from 'ws';
import { startOpsServer } from '../metrics/http-server.js';
import { type SubgraphContext, subgraphContext } from './context.js';

export interface SubgraphServerOptions {
  name: string;
  schema: GraphQLSchema;
  port: number;
  host?: string;
  registry: Registry;
  healthy?: () => Promise<boolean> | boolean;
}

/**
 * One subgraph as its own process (distributed mode): POST /graphql through Apollo Server,
 * plus /metrics and /healthz. Keep-alive is Node's default; the gateway reuses connections.
 * Subscriptions (and any operation) also over graphql-ws on the same /graphql: the gateway streams a
 * subscription's primary fetch from here, forwarding its headers in `connectionParams.headers`.
 */
export async function serveSubgraph(options: SubgraphServerOptions) {
  const apollo = new ApolloServer<SubgraphContext>({
    schema: options.schema,
    includeStacktraceInErrorResponses: process.env.NODE_ENV !== 'production',
    introspection: true,
    // Federated tracing goes to Apollo's cloud, which FTGO does not use; it also logs a line per process.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.split('?')[0] !== '/graphql') {
      res.statusCode = 404;
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method ?? 'GET',
        headers,
        search: new URL(req.url ?? '/', 'http://subgraph').search,
        body: raw && headers.get('content-type')?.includes('json') ? JSON.parse(raw) : raw,
      },
      context: async () => subgraphContext(req.headers),
    });
    res.statusCode = response.status ?? 200;
    for (const [key, value] of response.headers) res.setHeader(key, value);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };
  const ops = await startOpsServer({
    port: options.port,
    host: options.host,
    registry: options.registry,
    healthy: options.healthy,
    fallback: (req, res) => {
      handle(req, res).catch((error) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ errors: [{ message: String(error), extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
      });
    },
  });
  const wss = new WebSocketServer({ server: ops.server, path: '/graphql' });
  const ws = serveGraphqlWs(
    {
      schema: options.schema,
      context: (ctx) => {
        const forwarded = (ctx.connectionParams?.headers ?? {}) as Record<string, string>;
        return subgraphContext({ ...ctx.extra.request.headers, ...forwarded });
      },
    },
    wss,
  );
  return {
    port: ops.port,
    close: async () => {
      // Open WebSockets would hold the HTTP server's close: end them first (1001, going away).
      await ws.dispose();
      await ops.close();
      await apollo.stop();
    },
  };
}
