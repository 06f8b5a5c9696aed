import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { printSchema } from 'graphql';
import { apiSchemaOf, composeSupergraph, ERROR_HINT_CODES, type SubgraphSdl, subgraphSdl } from '../src/schema/index.js';
import { accountingFixture, consumerBuilder, fixture } from './schema-fixtures.js';

const codes = (problems: readonly { code: string }[]) => [...new Set(problems.map((p) => p.code))].sort();

test('the consumer subgraph and an accounting fixture compose; the API schema joins them without the federation machinery', async () => {
  const consumer: SubgraphSdl = { name: 'consumer', url: 'http://localhost:4001/graphql', sdl: await subgraphSdl(consumerBuilder()) };
  const composition = composeSupergraph([consumer, accountingFixture]);
  assert.ok(composition.ok, JSON.stringify(composition));
  assert.match(composition.supergraphSdl, /CONSUMER @join__graph\(name: "consumer", url: "http:\/\/localhost:4001\/graphql"\)/);
  assert.match(composition.supergraphSdl, /ACCOUNTING @join__graph\(name: "accounting", url: "http:\/\/localhost:4005\/graphql"\)/);

  const api = apiSchemaOf(composition.supergraphSdl);
  const consumerType = api.getType('Consumer');
  assert.ok(consumerType && 'getFields' in consumerType);
  assert.deepEqual(Object.keys(consumerType.getFields()).sort(), ['account', 'addresses', 'id', 'name']);
  assert.equal(String(api.getQueryType()?.getFields().consumer.type), 'Consumer');
  const printed = printSchema(api);
  for (const machinery of ['_entities', '_service', '_Any', 'join__', 'link__', '@key', '@shareable']) assert.ok(!printed.includes(machinery), machinery);
});

test('a field two subgraphs resolve without @shareable does not compose', () => {
  const composition = composeSupergraph([
    fixture('consumer', 4001, 'type Query { consumer(id: ID!): Consumer }\ntype Consumer @key(fields: "id") { id: ID! name: String! }'),
    fixture('accounting', 4005, 'type Query { consumer(id: ID!): Consumer }\ntype Consumer @key(fields: "id") { id: ID! name: String! }'),
  ]);
  assert.ok(!composition.ok);
  assert.deepEqual(codes(composition.errors), ['INVALID_FIELD_SHARING']);
  assert.match(composition.errors[0].message, /Query\.consumer/);
});

test('SDL that does not parse fails composition, naming its subgraph', () => {
  const composition = composeSupergraph([accountingFixture, fixture('kitchen', 4004, 'type Query { ticket(id: ID!): Ticket')]);
  assert.ok(!composition.ok);
  assert.deepEqual(codes(composition.errors), ['INVALID_GRAPHQL']);
  assert.match(composition.errors[0].message, /^\[kitchen\] Syntax Error/);
});

const ADDRESS = 'type Address @shareable { street1: String! street2: String city: String! state: String! zip: String! }';
const ADDRESS_INPUT = 'input AddressInput { street1: String! street2: String city: String! state: String! zip: String! }';
const base = fixture(
  'consumer',
  4001,
  `type Query { consumer(id: ID!): Consumer lineItems(first: Int = 20): [LineItem!]! @shareable }
   type Mutation { addAddress(address: AddressInput!): Consumer! }
   type Consumer @key(fields: "id") { id: ID! address: Address! state: OrderState! }
   type LineItem @shareable { name: String! quantity: Int! }
   enum OrderState { APPROVED REJECTED }
   ${ADDRESS}
   ${ADDRESS_INPUT}`,
);
/** The order subgraph: `Query.order` and `Order { id }`, plus `fields` on Order and `types`. */
const other = (fields: string, types: string, query = '') =>
  fixture('order', 4003, `type Query { order(id: ID!): Order ${query} }\ntype Order @key(fields: "id") { id: ID! ${fields} }\n${types}`);
const LINE_ITEM = 'type LineItem @shareable { name: String! quantity: Int! }';

for (const [hint, order] of [
  ['INCONSISTENT_BUT_COMPATIBLE_FIELD_TYPE', other('from: Address!', ADDRESS.replace('zip: String!', 'zip: String'))],
  // (unreferenced in order, else the missing field is also unsatisfiable)
  ['INCONSISTENT_OBJECT_VALUE_TYPE_FIELD', other('', ADDRESS.replace('street2: String', ''))],
  ['INCONSISTENT_INPUT_OBJECT_FIELD', other('', `${ADDRESS_INPUT.replace('street2: String', '')} type Mutation { move(to: AddressInput!): Order! }`)],
  ['INCONSISTENT_ENUM_VALUE_FOR_OUTPUT_ENUM', other('state: OrderState!', 'enum OrderState { APPROVED }')],
  ['INCONSISTENT_DEFAULT_VALUE_PRESENCE', other('', LINE_ITEM, 'lineItems(first: Int): [LineItem!]! @shareable')],
  ['INCONSISTENT_ARGUMENT_PRESENCE', other('', LINE_ITEM, 'lineItems: [LineItem!]! @shareable')],
  ['INCONSISTENT_ENTITY', other('consumer: Consumer!', 'type Consumer @shareable { id: ID! }')],
] as const) {
  test(`the composition hint ${hint} fails composition: shared types, inputs and enums must be identical`, () => {
    const composition = composeSupergraph([base, order]);
    assert.ok(!composition.ok, `${hint} composed`);
    assert.ok(
      composition.errors.some((error) => error.code === hint),
      JSON.stringify(composition.errors),
    );
  });
}

test('the other hints are warnings: the subgraphs still compose', () => {
  const described = ADDRESS.replace('type Address', '"A postal address" type Address');
  const composition = composeSupergraph([
    fixture('consumer', 4001, `type Query { consumer(id: ID!): Address }\n"Where to deliver" ${ADDRESS}`),
    other('from: Address!', described),
  ]);
  assert.ok(composition.ok, JSON.stringify(composition));
  assert.deepEqual(codes(composition.warnings), ['INCONSISTENT_DESCRIPTION']);
});

test('every hint code treated as an error is one of Apollo composition hints', () => {
  const { HINTS } = createRequire(import.meta.url)('@apollo/composition/dist/hints.js') as { HINTS: Record<string, { code: string }> };
  const known = new Set(Object.values(HINTS).map((hint) => hint.code));
  for (const code of ERROR_HINT_CODES) assert.ok(known.has(code), code);
});

test('apiSchemaOf refuses what is not a supergraph', () => {
  assert.throws(() => apiSchemaOf('type Query { a: Int }'));
  assert.throws(() => apiSchemaOf('type Query {'));
});
