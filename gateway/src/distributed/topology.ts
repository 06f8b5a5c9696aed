import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SERVICES } from '@ftgo/schema';
import { subgraphUrlVariable } from '../server/standalone-config.js';
import { checkDistributedEnv, DistributedEnvError, parsePort } from './env.js';
import { SERVICE_PORTS } from './ports.js';
import type { ChildSpec } from './process-supervisor.js';

/** `gateway/dist/src/distributed/service-main.js` and `gateway/dist/src/gateway-main.js`, next to this file once built. */
export const SERVICE_MAIN = fileURLToPath(new URL('./service-main.js', import.meta.url));
export const GATEWAY_MAIN = fileURLToPath(new URL('../gateway-main.js', import.meta.url));
/** The checked-in supergraph (`schema/supergraph.graphql`), from `gateway/dist/src/distributed/`. */
export const DEFAULT_SUPERGRAPH = fileURLToPath(new URL('../../../../schema/supergraph.graphql', import.meta.url));

/** The gateway's port; service `s` listens on `basePort + (its port - 4000)`: 4001–4007 by default. */
export const DEFAULT_BASE_PORT = 4000;

export interface TopologyOptions {
  env: NodeJS.ProcessEnv;
  /** Default: FTGO_BASE_PORT, else 4000. */
  basePort?: number;
  /** Default: SUPERGRAPH_PATH, else the checked-in `schema/supergraph.graphql`. */
  supergraphPath?: string;
  /** The node binary (default: the one running now). */
  node?: string;
}

export interface Topology {
  basePort: number;
  supergraphPath: string;
  gatewayUrl: string;
  /** The seven services, then the gateway. */
  children: ChildSpec[];
  ports: Record<string, number>;
}

/** Variables the supervisor sets per child; one set in the environment is overridden. */
const PER_CHILD = ['PORT', 'SUPERGRAPH_PATH'];

/**
 * What `npm run start:distributed` runs: one process per service (`service-main.js <svc>` on
 * its port) and the standalone gateway (`gateway-main.js` on the base port, with SUPERGRAPH_PATH
 * and SUBGRAPH_<NAME>_URL pointing at the services). Every child gets the supervisor's environment;
 * the gateway's without DATABASE_URL and NATS_URL, which it does not use.
 */
export function planTopology(options: TopologyOptions): Topology {
  const { env } = options;
  checkDistributedEnv(env);
  const basePort = options.basePort ?? (env.FTGO_BASE_PORT ? parsePort(env.FTGO_BASE_PORT, 'FTGO_BASE_PORT') : DEFAULT_BASE_PORT);
  const offsets = SERVICES.map((name) => SERVICE_PORTS[name] - DEFAULT_BASE_PORT);
  if (basePort < 1 || basePort + Math.max(...offsets) > 65535) throw new DistributedEnvError(`base port ${basePort} leaves no room for the services' ports`);
  const supergraphPath = options.supergraphPath ?? (env.SUPERGRAPH_PATH || DEFAULT_SUPERGRAPH);
  if (!existsSync(supergraphPath))
    throw new DistributedEnvError(`no supergraph at ${supergraphPath}: run \`npm run schema\` to compose it, or set SUPERGRAPH_PATH`);
  const node = options.node ?? process.execPath;
  const shared: NodeJS.ProcessEnv = { ...env, MESSAGING: 'nats' };
  for (const variable of PER_CHILD) delete shared[variable];
  const ports: Record<string, number> = { gateway: basePort };
  const children: ChildSpec[] = SERVICES.map((name) => {
    const port = basePort + SERVICE_PORTS[name] - DEFAULT_BASE_PORT;
    ports[name] = port;
    return { name, command: node, args: [SERVICE_MAIN, name], env: { ...shared, PORT: String(port) } };
  });
  const gatewayEnv: NodeJS.ProcessEnv = { ...shared, PORT: String(basePort), SUPERGRAPH_PATH: supergraphPath };
  for (const variable of ['DATABASE_URL', 'NATS_URL', 'MESSAGING']) delete gatewayEnv[variable];
  for (const name of SERVICES) gatewayEnv[subgraphUrlVariable(name)] = `http://127.0.0.1:${ports[name]}/graphql`;
  children.push({ name: 'gateway', command: node, args: [GATEWAY_MAIN], env: gatewayEnv, stopFirst: true });
  return { basePort, supergraphPath, gatewayUrl: `http://localhost:${basePort}/graphql`, children, ports };
}
