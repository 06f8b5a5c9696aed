import type { Logger } from '@ftgo/infra';
import { type RunningGateway, startGateway } from './gateway-server.js';
import { type StandaloneConfig, subgraphUrlVariable } from './standalone-config.js';

/**
 * The standalone gateway: any Federation 2 supergraph in front of its subgraphs over HTTP, each
 * at its `SUBGRAPH_<NAME>_URL` or else the URL the supergraph names. No database, no broker.
 */
export async function startStandaloneGateway(config: StandaloneConfig, logger: Logger): Promise<RunningGateway> {
  const gateway = await startGateway({
    port: config.port,
    supergraphPath: config.supergraphPath,
    subgraphUrl: (name) => config.subgraphUrls[subgraphUrlVariable(name)],
    production: config.production,
    logger,
  });
  const known = new Set(gateway.subgraphs.map((s) => subgraphUrlVariable(s.name)));
  const unknown = Object.keys(config.subgraphUrls).filter((variable) => !known.has(variable));
  if (unknown.length > 0)
    logger.warn({ variables: unknown, subgraphs: gateway.subgraphs.map((s) => s.name) }, 'URL overrides for subgraphs the supergraph does not have');
  return gateway;
}
