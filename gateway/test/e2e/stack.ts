// type-graphql's decorators in the subgraph schemas need the metadata polyfill loaded first.
import 'reflect-metadata';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fastRetryPolicy, type MessagingKind } from '@ftgo/infra';
import { dropNamespace, testPlatform } from '@ftgo/infra/testing';
import { type GraphQLFieldResolver, type GraphQLSchema, isObjectType, type OperationDefinitionNode } from 'graphql';
import { startGateway } from '../../src/server/gateway-server.js';
import { SUBGRAPHS } from '../../src/subgraphs.js';
import { startSystem } from '../../src/system.js';
import type { Stack } from './context.js';

export type { Stack, StackStarter } from './context.js';

// dist/test/e2e/stack.js → schema/supergraph.graphql
const SUPERGRAPH = fileURLToPath(new URL('../../../../schema/supergraph.graphql', import.meta.url));

/**
 * Counts the operations a subgraph schema executes: every root field resolver is wrapped, and an
 * operation counts once, the first time one of its root fields runs (the gateway's fetch for a
 * plan node is one operation, possibly with several root fields).
 */
function countOperations(schema: GraphQLSchema, count: () => void): void {
  const seen = new WeakSet<OperationDefinitionNode>();
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!isObjectType(root)) continue;
    for (const field of Object.values(root.getFields())) {
      const resolve = field.resolve as GraphQLFieldResolver<unknown, unknown> | undefined;
      field.resolve = (source, args, context, info) => {
        if (!seen.has(info.operation)) {
          seen.add(info.operation);
          count();
        }
        return resolve ? resolve(source, args, context, info) : (source as Record<string, unknown> | undefined)?.[info.fieldName];
      };
    }
  }
}

/**
 * The embedded topology on a free port, as `npm start` wires it (gateway/src/main.ts): a test
 * platform in a fresh namespace (fast retries), every service, each subgraph schema from SUBGRAPHS
 * executed in-process, and the gateway over the checked-in supergraph.
 */
export async function startEmbeddedStack(t: TestContext | undefined, kind: MessagingKind): Promise<Stack> {
  const platform = await testPlatform(undefined, kind, { retry: fastRetryPolicy(5, 100) });
  const cleanups: (() => Promise<void>)[] = [
    async () => {
      await platform.close();
      await dropNamespace(platform.config);
    },
  ];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  };
  try {
    const system = await startSystem(platform);
    cleanups.push(() => system.stop());
    const fetches: Record<string, number> = {};
    const subgraphs = await Promise.all(
      SUBGRAPHS.map(async ({ name, schema }) => {
        const built = await schema(system);
        fetches[name] = 0;
        countOperations(built, () => {
          fetches[name] += 1;
        });
        return { name, schema: built };
      }),
    );
    const gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      supergraphPath: SUPERGRAPH,
      localSubgraphs: subgraphs,
      localOnly: true,
      logger: platform.logger,
      readinessChecks: { postgres: () => platform.db.query('SELECT 1') },
    });
    cleanups.push(() => gateway.close());
    let closing: Promise<void> | undefined;
    const stack: Stack = {
      url: `http://127.0.0.1:${gateway.port}/graphql`,
      subgraphFetches: () => ({ ...fetches }),
      close: () => {
        closing ??= close();
        return closing;
      },
    };
    t?.after(() => stack.close());
    return stack;
  } catch (error) {
    await close();
    throw error;
  }
}
