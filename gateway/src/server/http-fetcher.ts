import http from 'node:http';
import https from 'node:https';

/** The `fetch` subset `RemoteGraphQLDataSource` calls (`@apollo/utils.fetcher`'s `Fetcher`). */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const RETRYABLE_ON_REUSED_SOCKET = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Subgraph HTTP with keep-alive agents: one pool of connections per subgraph host, reused across
 * requests, so a query plan's fetches skip the TCP handshake. A request that fails with a reset on
 * a reused idle socket (the server closed it just as it was picked up) was never processed by the
 * server and is sent once more on a fresh socket, as Node's documentation recommends.
 */
export class KeepAliveFetcher {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 32 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 32 }),
  };

  constructor(private readonly timeoutMs = 30_000) {}

  /** For `RemoteGraphQLDataSource({ fetcher })`. */
  readonly fetch = (url: string, init: FetchInit = {}): Promise<Response> => this.request(url, init, this.timeoutMs);

  async request(url: string, init: FetchInit, timeoutMs: number): Promise<Response> {
    try {
      return await this.once(url, init, timeoutMs);
    } catch (error) {
      const { code, reusedSocket } = error as { code?: string; reusedSocket?: boolean };
      if (!reusedSocket || !code || !RETRYABLE_ON_REUSED_SOCKET.has(code)) throw error;
      return this.once(url, init, timeoutMs);
    }
  }

  close(): void {
    for (const agent of Object.values(this.agents)) agent.destroy();
  }

  private once(url: string, init: FetchInit, timeoutMs: number): Promise<Response> {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
    if (!transport) return Promise.reject(new Error(`unsupported subgraph URL ${url}`));
    return new Promise<Response>((resolve, reject) => {
      const req = transport.request(
        target,
        { method: init.method ?? 'GET', headers: init.headers, agent: this.agents[target.protocol as 'http:' | 'https:'] },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => resolve(toResponse(url, res, Buffer.concat(chunks))));
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no response from ${target.origin} within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
      req.end(init.body);
    });
  }
}

function toResponse(url: string, res: http.IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const status = res.statusCode ?? 502;
  const nullBody = status === 204 || status === 205 || status === 304;
  const response = new Response(nullBody ? null : body, { status, statusText: res.statusMessage, headers });
  Object.defineProperty(response, 'url', { value: url });
  return response;
}
