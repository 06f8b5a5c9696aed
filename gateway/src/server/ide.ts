import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Where the IDE's assets are served; the page itself is `GET /graphql` from a browser. */
export const IDE_ASSETS_PREFIX = '/graphql/ide/';

/** `gateway/scripts/build-ide.mjs` writes here; this file runs from gateway/dist/src/server/. */
const DEFAULT_IDE_DIR = fileURLToPath(new URL('../../ide/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

interface Asset {
  body: Buffer;
  gzip: Buffer;
  etag: string;
  version: string;
  contentType: string;
}

/**
 * True for a browser navigating to `/graphql`: a GET (or HEAD) that asks for HTML. GraphQL clients
 * ask for JSON, and a WebSocket upgrade never reaches the request handler.
 */
export function wantsIde(req: IncomingMessage): boolean {
  const method = req.method?.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return false;
  return (req.headers.accept ?? '').toLowerCase().includes('text/html');
}

/**
 * The offline GraphQL IDE (GraphiQL): the bundle `npm run build:ide` made, read once and kept in
 * memory with its gzip. The page is never cached (`no-cache` + ETag), so a new build shows at once;
 * the page names its assets `?v=<content hash>`, and an asset asked for at its current hash is
 * cached for a year (`immutable`). Nothing the page loads comes from outside the gateway; the CSP
 * says so to the browser as well.
 */
export class IdeAssets {
  private loaded?: Promise<Map<string, Asset>>;

  constructor(private readonly dir: string = DEFAULT_IDE_DIR) {}

  /** Handles `GET /graphql` (the page) and `GET /graphql/ide/<asset>`. */
  async serve(req: IncomingMessage, res: ServerResponse, route: string): Promise<void> {
    const method = req.method?.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return this.text(res, 405, 'method not allowed');
    }
    const name = route === '/graphql' ? 'index.html' : route.slice(IDE_ASSETS_PREFIX.length);
    if (!Object.hasOwn(CONTENT_TYPES, name)) return this.text(res, 404, `no IDE asset ${name}`);
    let assets: Map<string, Asset>;
    try {
      assets = await this.load();
    } catch {
      this.loaded = undefined; // a later request retries, e.g. after `npm run build:ide`
      return this.text(res, 503, `the GraphQL IDE is not built: run \`npm run build:ide\` (expected it in ${this.dir})`);
    }
    const asset = assets.get(name)!;
    const search = new URL(req.url ?? '/', 'http://gateway').searchParams;
    res.setHeader('content-type', asset.contentType);
    res.setHeader('etag', asset.etag);
    res.setHeader('vary', 'accept, accept-encoding');
    res.setHeader('x-content-type-options', 'nosniff');
    if (name === 'index.html') {
      res.setHeader('cache-control', 'no-cache');
      // Same origin only; ws: and wss: are spelled out because older browsers do not count them as 'self'.
      const host = req.headers.host ?? 'localhost';
      res.setHeader(
        'content-security-policy',
        `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws://${host} wss://${host}; base-uri 'none'; frame-ancestors 'none'`,
      );
      res.setHeader('referrer-policy', 'no-referrer');
    } else {
      res.setHeader('cache-control', search.get('v') === asset.version ? 'public, max-age=31536000, immutable' : 'no-cache');
    }
    if (req.headers['if-none-match'] === asset.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? asset.gzip : asset.body;
    if (gzip) res.setHeader('content-encoding', 'gzip');
    res.setHeader('content-length', body.length);
    res.statusCode = 200;
    res.end(method === 'HEAD' ? undefined : body);
  }

  private load(): Promise<Map<string, Asset>> {
    this.loaded ??= (async () => {
      const assets = new Map<string, Asset>();
      for (const [name, contentType] of Object.entries(CONTENT_TYPES)) {
        const body = await readFile(path.join(this.dir, name));
        const hash = createHash('sha256').update(body).digest('hex');
        assets.set(name, { body, gzip: gzipSync(body), etag: `"${hash.slice(0, 32)}"`, version: hash.slice(0, 16), contentType });
      }
      return assets;
    })();
    return this.loaded;
  }

  private text(res: ServerResponse, status: number, message: string): void {
    res.statusCode = status;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(`${message}\n`);
  }
}
