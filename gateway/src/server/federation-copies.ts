import { createRequire } from 'node:module';

/**
 * `@apollo/gateway` builds the supergraph with its `@apollo/federation-internals` and hands it to
 * `@apollo/query-planner`, which must use the very same module instance: with two copies in
 * node_modules (versions of the @apollo/* packages out of step, so npm nests one per package)
 * every query plan fails with "Cannot read properties of undefined (reading 'kind')". Returns
 * what is duplicated, so the gateway can refuse to start with the reason instead.
 */
export function duplicatedFederationPackages(): string[] {
  const require = createRequire(import.meta.url);
  const fromGateway = createRequire(require.resolve('@apollo/gateway'));
  const fromPlanner = createRequire(fromGateway.resolve('@apollo/query-planner'));
  const problems: string[] = [];
  for (const name of ['@apollo/federation-internals', '@apollo/query-graphs']) {
    const a = fromGateway.resolve(name);
    const b = fromPlanner.resolve(name);
    if (a !== b) problems.push(`${name}: ${a} and ${b}`);
  }
  return problems;
}
