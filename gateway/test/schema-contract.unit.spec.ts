import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContractGap, contractGaps, formatGap } from '../src/schema/index.js';
import { readContract } from './schema-fixtures.js';

const CONTRACT = `
scalar DateTime
enum OrderState { APPROVED REJECTED CANCELLED }
type Address { street1: String! street2: String }
input Filter { since: DateTime states: [OrderState!] limit: Int = 20 }
input NewOrder { consumerId: ID! deliverAt: DateTime }
interface Node { id: ID! }
type Order implements Node {
  id: ID!
  state: OrderState!
  consumer: Consumer
  lineItems: [LineItem!]!
  tickets(state: OrderState, first: Int = 20, after: String): [String!]!
}
type LineItem { name: String! quantity: Int! }
type Consumer implements Node { id: ID! name: String! address: Address! }
union Searchable = Order | Consumer
type Query {
  order(id: ID!): Order
  orders(filter: Filter = { limit: 10, states: [APPROVED, REJECTED] }): [Order!]!
  search(text: String!): [Searchable!]!
}
type Mutation { createOrder(input: NewOrder!): Order! }
type Subscription { orderChanged(orderId: ID!): Order! }
`;

/** `sdl` with `from` replaced by `to`, `from` occurring exactly once. */
function edit(sdl: string, from: string | RegExp, to: string): string {
  const pattern =
    typeof from === 'string' ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : new RegExp(from.source, `${from.flags.replace('g', '')}g`);
  const matches = sdl.match(pattern) ?? [];
  assert.equal(matches.length, 1, `${from} occurs ${matches.length} times`);
  return sdl.replace(pattern, to);
}

const gapsOf = (api: string, contract = CONTRACT): ContractGap[] => contractGaps(api, contract);
const coordinates = (gaps: ContractGap[]) => gaps.map((g) => g.coordinate);

test('an API schema equal to the contract has no gap', () => {
  assert.deepEqual(gapsOf(CONTRACT), []);
});

test('extra types, fields, enum values, union members, interfaces and optional arguments or input fields are allowed', () => {
  let api = CONTRACT;
  api = edit(api, 'enum OrderState { APPROVED', 'enum OrderState { APPROVAL_PENDING APPROVED');
  api = edit(api, 'input Filter { since: DateTime', 'input Filter { keywords: [String!] since: DateTime');
  api = edit(api, 'state: OrderState!\n', 'state: OrderState!\n  version: Int!\n  sagas(first: Int = 5): [String!]!\n');
  api = edit(api, 'after: String)', 'after: String, last: Int = 3)');
  api = edit(api, 'union Searchable = Order | Consumer', 'union Searchable = Order | Consumer | Ticket\ntype Ticket { id: ID! }\ninterface Entity { id: ID! }');
  api = edit(api, 'type Consumer implements Node', 'type Consumer implements Node & Entity');
  api = edit(api, 'input NewOrder { consumerId: ID!', 'input NewOrder { consumerId: ID! notes: String deliverTo: String = "home"');
  assert.deepEqual(gapsOf(api), []);
});

test('a missing field, type, enum value, input field or argument is a gap', () => {
  assert.deepEqual(gapsOf(edit(CONTRACT, '  consumer: Consumer\n', '')), [
    { coordinate: 'Order.consumer', problem: 'missing (the contract declares `Consumer`)' },
  ]);
  assert.deepEqual(coordinates(gapsOf(edit(CONTRACT, 'type LineItem { name: String! quantity: Int! }', 'type LineItem { name: String! }'))), [
    'LineItem.quantity',
  ]);
  assert.deepEqual(gapsOf(edit(CONTRACT, 'enum OrderState { APPROVED REJECTED CANCELLED }', 'enum OrderState { APPROVED REJECTED }')), [
    { coordinate: 'OrderState.CANCELLED', problem: 'missing enum value' },
  ]);
  assert.deepEqual(gapsOf(edit(CONTRACT, 'states: [OrderState!] ', '')), [
    { coordinate: 'Filter.states', problem: 'missing (the contract declares `[OrderState!]`)' },
    {
      coordinate: 'Query.orders(filter:)',
      problem: 'has the default value `= {limit: 10}` in the API schema; the contract says `= {limit: 10, states: [APPROVED, REJECTED]}`',
    },
  ]);
  assert.deepEqual(gapsOf(edit(CONTRACT, ', after: String', '')), [
    { coordinate: 'Order.tickets(after:)', problem: 'missing (the contract declares `String`)' },
  ]);
  assert.deepEqual(gapsOf(edit(CONTRACT, 'createOrder(input: NewOrder!)', 'createOrder')), [
    { coordinate: 'Mutation.createOrder(input:)', problem: 'missing (the contract declares `NewOrder!`)' },
  ]);
  const withoutAddress = edit(edit(CONTRACT, 'type Address { street1: String! street2: String }', ''), ' address: Address!', '');
  assert.deepEqual(coordinates(gapsOf(withoutAddress)), ['Address', 'Consumer.address']);
});

test('a changed nullability or list wrapping is a gap, in either direction', () => {
  assert.deepEqual(gapsOf(edit(CONTRACT, '  consumer: Consumer\n', '  consumer: Consumer!\n')), [
    { coordinate: 'Order.consumer', problem: 'has type `Consumer!` in the API schema; the contract says `Consumer`' },
  ]);
  for (const changed of ['[LineItem]!', '[LineItem!]', 'LineItem!', '[[LineItem!]!]!'])
    assert.deepEqual(coordinates(gapsOf(edit(CONTRACT, 'lineItems: [LineItem!]!', `lineItems: ${changed}`))), ['Order.lineItems'], changed);
  assert.deepEqual(gapsOf(edit(CONTRACT, 'order(id: ID!)', 'order(id: ID)')), [
    { coordinate: 'Query.order(id:)', problem: 'has type `ID` in the API schema; the contract says `ID!`' },
  ]);
  assert.deepEqual(coordinates(gapsOf(edit(CONTRACT, 'deliverAt: DateTime }', 'deliverAt: DateTime! }'))), ['NewOrder.deliverAt']);
  assert.deepEqual(coordinates(gapsOf(edit(CONTRACT, 'states: [OrderState!]', 'states: [OrderState]'))), ['Filter.states']);
  assert.deepEqual(coordinates(gapsOf(edit(CONTRACT, 'name: String! address', 'name: ID! address'))), ['Consumer.name']);
});

test('a missing, added or changed default value is a gap; input-object field order does not count', () => {
  assert.deepEqual(gapsOf(edit(CONTRACT, 'first: Int = 20', 'first: Int')), [
    { coordinate: 'Order.tickets(first:)', problem: 'has no default value in the API schema; the contract says `= 20`' },
  ]);
  assert.deepEqual(gapsOf(edit(CONTRACT, 'first: Int = 20', 'first: Int = 10')), [
    { coordinate: 'Order.tickets(first:)', problem: 'has the default value `= 10` in the API schema; the contract says `= 20`' },
  ]);
  assert.deepEqual(gapsOf(edit(CONTRACT, 'after: String)', 'after: String = "")')), [
    { coordinate: 'Order.tickets(after:)', problem: 'has the default value `= ""` in the API schema; the contract has none' },
  ]);
  assert.deepEqual(coordinates(gapsOf(edit(CONTRACT, 'limit: Int = 20', 'limit: Int'))), ['Filter.limit']);
  assert.deepEqual(gapsOf(edit(CONTRACT, '{ limit: 10, states: [APPROVED, REJECTED] }', '{ states: [APPROVED, REJECTED], limit: 10 }')), []);
  assert.deepEqual(gapsOf(edit(CONTRACT, '{ limit: 10, states: [APPROVED, REJECTED] }', '{ limit: 10, states: [APPROVED] }')), [
    {
      coordinate: 'Query.orders(filter:)',
      problem: 'has the default value `= {limit: 10, states: [APPROVED]}` in the API schema; the contract says `= {limit: 10, states: [APPROVED, REJECTED]}`',
    },
  ]);
});

test('an argument or input field the API requires and the contract lacks is a gap: the contract’s operations would not validate', () => {
  assert.deepEqual(gapsOf(edit(CONTRACT, 'order(id: ID!)', 'order(id: ID!, version: Int!)')), [
    { coordinate: 'Query.order(version:)', problem: 'the API schema requires this argument (`Int!`), which the contract does not have' },
  ]);
  assert.deepEqual(coordinates(gapsOf(edit(CONTRACT, 'input NewOrder { consumerId: ID!', 'input NewOrder { consumerId: ID! restaurantId: ID!'))), [
    'NewOrder.restaurantId',
  ]);
  assert.deepEqual(gapsOf(edit(CONTRACT, 'order(id: ID!)', 'order(id: ID!, version: Int! = 1)')), []);
});

test('a changed kind, a missing union member or interface, and a missing root type are gaps', () => {
  assert.deepEqual(gapsOf(edit(CONTRACT, 'type Address {', 'input Address {').replace(' address: Address!', '')), [
    { coordinate: 'Address', problem: 'is an input type in the API schema; the contract declares an object type' },
    { coordinate: 'Consumer.address', problem: 'missing (the contract declares `Address!`)' },
  ]);
  assert.deepEqual(coordinates(gapsOf(edit(CONTRACT, 'union Searchable = Order | Consumer', 'union Searchable = Order'))), ['Searchable']);
  assert.deepEqual(gapsOf(edit(CONTRACT, 'type Order implements Node', 'type Order')), [
    { coordinate: 'Order', problem: 'does not implement Node in the API schema' },
  ]);
  assert.deepEqual(gapsOf(edit(CONTRACT, 'type Subscription { orderChanged(orderId: ID!): Order! }', '')), [
    { coordinate: 'Subscription', problem: 'the API schema has no subscription root type' },
  ]);
});

test('root types are matched by operation, not by name', () => {
  const api = `schema { query: RootQuery mutation: Mutation subscription: Subscription }\n${edit(CONTRACT, 'type Query {', 'type RootQuery {')}`;
  assert.deepEqual(gapsOf(api), []);
  assert.deepEqual(coordinates(gapsOf(edit(api, 'search(text: String!)', 'find(text: String!)'))), ['Query.search']);
});

test('custom directives of the contract must exist with their arguments and locations', () => {
  const contract = `directive @auth(role: String! = "staff") on FIELD_DEFINITION | OBJECT\n${CONTRACT}`;
  assert.deepEqual(gapsOf(contract, contract), []);
  assert.deepEqual(gapsOf(CONTRACT, contract), [{ coordinate: '@auth', problem: 'missing directive' }]);
  assert.deepEqual(gapsOf(edit(contract, '= "staff") on FIELD_DEFINITION | OBJECT', ') on FIELD_DEFINITION'), contract).map(formatGap), [
    '@auth: cannot be used on OBJECT in the API schema',
    '@auth(role:): has no default value in the API schema; the contract says `= "staff"`',
  ]);
});

test('API.graphql honours itself, and each kind of change to it is caught', () => {
  const contract = readContract();
  assert.deepEqual(contractGaps(contract, contract), []);
  const cases: [string | RegExp, string, string[]][] = [
    [/^ {2}ticket: Ticket .*$/m, '', ['Order.ticket']],
    [/^ {2}consumer: Consumer {9}#.*$/m, '  consumer: Consumer!', ['Order.consumer']],
    ['restaurants(first: Int = 20, after: String)', 'restaurants(first: Int, after: String)', ['Query.restaurants(first:)']],
    ['orders(filter: OrderHistoryFilter, first: Int = 20, after: String)', 'orders(first: Int = 20, after: String)', ['Consumer.orders(filter:)']],
    [/^ {2}REVISION_PENDING\n}\n\ntype Order \{/m, '}\n\ntype Order {', ['OrderState.REVISION_PENDING']],
    ['acceptTicket(id: ID!, readyBy: DateTime!)', 'acceptTicket(id: ID!, readyBy: DateTime)', ['Mutation.acceptTicket(readyBy:)']],
    ['sagaProgress(orderId: ID!, after: Int)', 'sagaProgress(orderId: ID!)', ['Subscription.sagaProgress(after:)']],
    [/^ {2}deliverToAddressId: ID .*$/m, '', ['CreateOrderInput.deliverToAddressId']],
    ['enum CourierActionType { PICKUP DROPOFF }', 'enum CourierActionType { PICKUP }', ['CourierActionType.DROPOFF']],
  ];
  for (const [from, to, expected] of cases) assert.deepEqual(coordinates(contractGaps(edit(contract, from, to), contract)), expected, String(from));
});
