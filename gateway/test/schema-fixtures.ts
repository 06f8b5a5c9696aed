import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { consumerSchema } from '@ftgo/consumer';
import { contractPath, type SubgraphSchemaBuilder, type SubgraphSdl } from '../src/schema/index.js';

/** The repository root, three levels above gateway/dist/test/. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The client contract, API.graphql. */
export const readContract = (): string => readFileSync(contractPath(ROOT), 'utf8');

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external"])';

/** A hand-written Federation 2 subgraph listening on `port`. */
export const fixture = (name: string, port: number, body: string): SubgraphSdl => ({
  name,
  url: `http://localhost:${port}/graphql`,
  sdl: `${LINK}\n\n${body}\n`,
});

/** Accounting as API.graphql describes it: `Account`, and `Consumer.account` on a stub of the consumer's entity. */
export const accountingFixture = fixture(
  'accounting',
  4005,
  `type Query { account(id: ID!): Account }
type Mutation { disableAccount(id: ID!): Account! enableAccount(id: ID!): Account! }
scalar DateTime
type Consumer @key(fields: "id") { id: ID! account: Account }
type Account @key(fields: "id") { id: ID! consumer: Consumer! enabled: Boolean! authorizations: [Authorization!]! }
type Authorization { orderId: ID! amount: Int! state: AuthorizationState! at: DateTime! }
enum AuthorizationState { AUTHORIZED REVISED REVERSED }`,
);

/** The consumer subgraph's schema builder. */
export const consumerBuilder = (): SubgraphSchemaBuilder => consumerSchema;
