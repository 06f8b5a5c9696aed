import { parseArgs } from 'node:util';

/** What `ftgo-gateway` (gateway-main) runs with. */
export interface StandaloneConfig {
  port: number;
  supergraphPath: string;
  /** URL overrides by environment variable name, e.g. `SUBGRAPH_ORDER_HISTORY_URL`. */
  subgraphUrls: Record<string, string>;
  production: boolean;
  logLevel: string;
}

export class UsageError extends Error {}

export const USAGE = `Usage: ftgo-gateway [--supergraph <file>] [--port <n>]

Runs a Federation 2 supergraph in front of its subgraphs over HTTP. Needs no database or broker.

Options (each wins over its environment variable):
  --supergraph <file>   the composed supergraph SDL (SUPERGRAPH_PATH; required)
  --port <n>            HTTP port of /graphql, /metrics, /healthz, /readyz (PORT; default 4000)
  -h, --help            this text

Environment:
  SUPERGRAPH_PATH           the supergraph file, when --supergraph is not given
  PORT                      default 4000
  SUBGRAPH_<NAME>_URL       a subgraph's URL instead of the one in the supergraph; NAME is the
                            subgraph's name upper-cased, dashes (and anything else not A-Z, 0-9)
                            as underscores: SUBGRAPH_ORDER_HISTORY_URL for "order-history"
  NODE_ENV=production       no stack traces or internal error messages in responses
  LOG_LEVEL                 pino level (default info)
`;

/** The environment variable that overrides subgraph `name`'s URL. */
export const subgraphUrlVariable = (name: string): string => `SUBGRAPH_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;

function parsePort(value: string, from: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`${from} must be a port number (0-65535), got "${value}"`);
  return port;
}

/** Flags over environment; throws UsageError with the reason when something is missing or wrong. */
export function standaloneConfig(argv: readonly string[], env: NodeJS.ProcessEnv): StandaloneConfig | 'help' {
  let values: { port?: string; supergraph?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { port: { type: 'string' }, supergraph: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const supergraphPath = values.supergraph ?? env.SUPERGRAPH_PATH;
  if (!supergraphPath) throw new UsageError('no supergraph: set SUPERGRAPH_PATH or pass --supergraph <file>');
  const port = values.port !== undefined ? parsePort(values.port, '--port') : env.PORT ? parsePort(env.PORT, 'PORT') : 4000;
  const subgraphUrls: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!/^SUBGRAPH_[A-Z0-9_]+_URL$/.test(name) || !value) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new UsageError(`${name} is not a URL: "${value}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${name} must be an http(s) URL, got "${value}"`);
    subgraphUrls[name] = value;
  }
  return { port, supergraphPath, subgraphUrls, production: env.NODE_ENV === 'production', logLevel: env.LOG_LEVEL ?? 'info' };
}
