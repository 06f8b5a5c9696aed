import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface OpsServerOptions {
  port: number;
  host?: string;
  registry: Registry;
  /** Liveness: the process can serve. */
  healthy?: () => Promise<boolean> | boolean;
  /** Other routes (e.g. a subgraph's /graphql) are handed here. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** `/metrics` (Prometheus) and `/healthz` for any process. */
export async function startOpsServer(options: OpsServerOptions): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const route = req.url?.split('?')[0];
    if (route === '/metrics') {
      res.setHeader('content-type', options.registry.contentType);
      res.end(await options.registry.metrics());
    } else if (route === '/healthz') {
      const ok = (await options.healthy?.()) ?? true;
      res.statusCode = ok ? 200 : 503;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: ok ? 'ok' : 'unhealthy' }));
    } else if (options.fallback) {
      options.fallback(req, res);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '0.0.0.0', resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
