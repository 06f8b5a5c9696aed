import { SUBGRAPHS } from '../subgraphs.js';
import { definitionSources, type SubgraphSdlSource } from './sources.js';

/** The seven subgraphs `npm run schema` prints and composes, from the gateway's registry. */
export function defaultSubgraphSources(): SubgraphSdlSource[] {
  return definitionSources(SUBGRAPHS);
}
