// type-graphql reads decorator metadata at import time: the polyfill comes before any decorated class (@ftgo/infra/graphql's included).
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ident } from '@ftgo/infra';
import { printSubgraphSchema, type RequestHeaders, subgraphContext } from '@ftgo/infra/graphql';
import { eventually } from '@ftgo/infra/testing';
import { accounting, type CommandType } from '@ftgo/schema';
import { type GraphQLSchema, graphql } from 'graphql';
import type { AccountingApplication, AccountView } from '../src/application/index.js';
import { accountingSchema } from '../src/graphql/schema.js';
import { type Harness, startHarness } from './support/harness.js';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let h: Harness;
let schema: GraphQLSchema;
/** The ids of every `accountsByIds` call the schema made. */
const batches: string[][] = [];

/** The application, counting its batched reads (what one `_entities` request must call once). */
function counting(app: AccountingApplication): AccountingApplication {
  return {
    ...app,
    queries: {
      ...app.queries,
      accountsByIds: (ids) => {
        batches.push([...ids]);
        return app.queries.accountsByIds(ids);
      },
    },
  };
}

before(async () => {
  h = await startHarness('local');
  schema = await accountingSchema(counting(h.app));
});
after(() => h.close());

interface Result {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
}

/** One operation against the subgraph schema, with the headers the gateway forwards; plain JSON back. */
async function run(source: string, variableValues?: Record<string, unknown>, headers?: RequestHeaders): Promise<Result> {
  const result = await graphql({ schema, source, variableValues, contextValue: subgraphContext(headers) });
  return JSON.parse(JSON.stringify(result));
}

/** The error of a rejected operation: its code and exact message, and no data. */
async function fails(source: string, variableValues: Record<string, unknown>, code: string, message: string): Promise<void> {
  const result = await run(source, variableValues);
  assert.equal(result.data, null);
  assert.equal(result.errors?.length, 1);
  assert.equal(result.errors?.[0].message, message);
  assert.equal(result.errors?.[0].extensions?.code, code);
}

const ACCOUNT = 'id enabled consumer { id } authorizations { orderId amount state at }';
const ACCOUNT_QUERY = `query ($id: ID!) { account(id: $id) { ${ACCOUNT} } }`;
const DISABLE = `mutation ($id: ID!) { disableAccount(id: $id) { ${ACCOUNT} } }`;
const ENABLE = `mutation ($id: ID!) { enableAccount(id: $id) { ${ACCOUNT} } }`;
const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Consumer { id account { id enabled } }
    ... on Account { id enabled consumer { id } }
  }
}`;

/** An accounting saga command as the order orchestrator sends it (order outbox, saga headers). */
function sagaCommand(type: CommandType<accounting.AuthorizationCommand>, consumerId: string, orderId: string, orderTotal: number) {
  const step = type === accounting.AuthorizeOrder ? 'authorizeCard' : 'reviseAuthorization';
  const sagaType = type === accounting.AuthorizeOrder ? 'CreateOrder' : 'ReviseOrder';
  return h.platform
    .messages('order')
    .command('accounting', type, { type: 'Order', id: orderId }, { consumerId, orderId, orderTotal }, { sagaId: randomUUID(), sagaType, sagaStep: step }, {});
}

describe('accounting subgraph schema', () => {
  it('prints a Federation 2 subgraph: Account and the Consumer stub are entities keyed by id', async () => {
    const sdl = printSubgraphSchema(await accountingSchema(h.app));
    assert.match(sdl, /@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    assert.match(sdl, /type Account\s+@key\(fields: "id"\)/);
    assert.match(sdl, /type Consumer\s+@key\(fields: "id"\)\s*\{\s*id: ID!\s+(""".*"""\s+)?account: Account\s*\}/);
    assert.match(sdl, /consumer: Consumer!/);
    assert.match(sdl, /authorizations: \[Authorization!\]!/);
    assert.match(sdl, /enum AuthorizationState \{\s*AUTHORIZED\s+REVISED\s+REVERSED\s*\}/);
    assert.match(sdl, /at: DateTime!/);
    assert.match(sdl, /account\(id: ID!\): Account\n/);
    assert.match(sdl, /disableAccount\(id: ID!\): Account!/);
    assert.match(sdl, /enableAccount\(id: ID!\): Account!/);
  });
});

describe('Query.account', () => {
  it('returns the account with its consumer reference and authorizations, newest first', async () => {
    const id = await h.account();
    const [first, second] = [randomUUID(), randomUUID()];
    await h.publish('order', [sagaCommand(accounting.AuthorizeOrder, id, first, 2997)]);
    await eventually(async () => (await h.app.queries.account(id))?.authorizations.length === 1);
    await h.publish('order', [sagaCommand(accounting.AuthorizeOrder, id, second, 500)]);
    await eventually(async () => (await h.app.queries.account(id))?.authorizations.length === 2);
    await h.publish('order', [sagaCommand(accounting.ReviseAuthorizeOrder, id, first, 1698)]);
    await eventually(async () => (await h.app.queries.account(id))?.authorizations.some((a) => a.state === 'REVISED'));

    const result = await run(ACCOUNT_QUERY, { id });
    assert.equal(result.errors, undefined);
    const account = result.data?.account as AccountView & { consumer: { id: string } };
    for (const authorization of account.authorizations) assert.match(authorization.at, ISO_MS);
    assert.deepStrictEqual(account, {
      id,
      enabled: true,
      consumer: { id },
      authorizations: [
        { orderId: second, amount: 500, state: 'AUTHORIZED', at: account.authorizations[0].at },
        { orderId: first, amount: 1698, state: 'REVISED', at: account.authorizations[1].at },
      ],
    });
    assert.deepStrictEqual(account.authorizations, (await h.app.queries.account(id))?.authorizations);
  });

  it('is null for an unknown or malformed id', async () => {
    for (const id of [randomUUID(), 'not-a-uuid', '']) assert.deepStrictEqual(await run(ACCOUNT_QUERY, { id }), { data: { account: null } });
  });
});

describe('disableAccount and enableAccount', () => {
  it('return the account after the command', async () => {
    const id = await h.account();
    const off = { id, enabled: false, consumer: { id }, authorizations: [] };
    assert.deepStrictEqual(await run(DISABLE, { id }), { data: { disableAccount: off } });
    assert.deepStrictEqual(await run(ACCOUNT_QUERY, { id }), { data: { account: off } });
    assert.deepStrictEqual(await run(ENABLE, { id }), { data: { enableAccount: { ...off, enabled: true } } });
  });

  it('surface domain errors with their code and exact message, changing nothing', async () => {
    const id = await h.account();
    await fails(ENABLE, { id }, 'FAILED_PRECONDITION', 'account is enabled');
    await run(DISABLE, { id });
    await fails(DISABLE, { id }, 'FAILED_PRECONDITION', 'account is disabled');
    for (const unknown of [randomUUID(), 'not-a-uuid']) {
      await fails(DISABLE, { id: unknown }, 'NOT_FOUND', 'account not found');
      await fails(ENABLE, { id: unknown }, 'NOT_FOUND', 'account not found');
    }
    assert.deepStrictEqual(
      (await h.events(id)).map((e) => e.type),
      ['AccountCreated', 'AccountDisabled'],
    );
  });

  it('honour the idempotency-key header: the same key gets the same response and has one effect', async () => {
    const id = await h.account();
    const headers = { 'idempotency-key': randomUUID() };
    const first = await run(DISABLE, { id }, headers);
    assert.deepStrictEqual(first, { data: { disableAccount: { id, enabled: false, consumer: { id }, authorizations: [] } } });
    await run(ENABLE, { id });
    assert.deepStrictEqual(await run(DISABLE, { id }, headers), first); // the stored response, not a second disable
    assert.deepStrictEqual(
      (await h.events(id)).map((e) => e.type),
      ['AccountCreated', 'AccountDisabled', 'AccountEnabled'],
    );
    const other = await run(DISABLE, { id: await h.account() }, headers);
    assert.equal(other.errors?.[0].extensions?.code, 'CONFLICT');
    assert.equal(other.errors?.[0].message, 'idempotency key was used with a different request');
  });
});

describe('entities (_entities)', () => {
  it('resolves 50 Consumer representations with one batched application call and one SQL statement', async () => {
    const known = await Promise.all(Array.from({ length: 5 }, () => h.account()));
    await h.app.commands.disableAccount(known[0]);
    const unknown = Array.from({ length: 44 }, () => randomUUID());
    const ids = [...known, ...unknown, 'not-a-uuid'];
    assert.equal(ids.length, 50);

    const statements: string[] = [];
    const db = h.platform.db;
    const query = db.query.bind(db);
    db.query = ((sql: string, params?: unknown[]) => {
      if (sql.includes('.snapshots')) statements.push(sql);
      return query(sql, params);
    }) as typeof db.query;
    batches.length = 0;
    let result: Result;
    try {
      result = await run(ENTITIES, { representations: ids.map((id) => ({ __typename: 'Consumer', id })) });
    } finally {
      db.query = query;
    }

    assert.equal(result.errors, undefined);
    assert.deepStrictEqual(batches, [ids]);
    assert.equal(statements.length, 1);
    assert.deepStrictEqual(
      result.data?._entities,
      ids.map((id, i) => ({ id, account: i < known.length ? { id, enabled: i !== 0 } : null })),
    );
  });

  it('shares one batch between Account references and Consumer.account in the same request', async () => {
    const [a, b] = [await h.account(), await h.account()];
    const missing = randomUUID();
    batches.length = 0;
    const result = await run(ENTITIES, {
      representations: [
        { __typename: 'Account', id: a },
        { __typename: 'Consumer', id: b },
        { __typename: 'Account', id: missing },
        { __typename: 'Consumer', id: a },
      ],
    });
    assert.equal(result.errors, undefined);
    assert.equal(batches.length, 1);
    assert.deepStrictEqual(new Set(batches[0]), new Set([a, b, missing]));
    assert.deepStrictEqual(result.data?._entities, [
      { id: a, enabled: true, consumer: { id: a } },
      { id: b, account: { id: b, enabled: true } },
      null,
      { id: a, account: { id: a, enabled: true } },
    ]);
  });

  it('reads a snapshotted account in a batch exactly as a single load does', async () => {
    const id = await h.account();
    for (let i = 0; i < 12; i++) {
      await h.app.commands.disableAccount(id);
      await h.app.commands.enableAccount(id);
    }
    await h.app.commands.disableAccount(id); // version 26: a snapshot at 20, then 6 events
    const { rows } = await h.platform.db.query(`SELECT version FROM ${ident(h.platform.schema('accounting'))}.snapshots WHERE stream_id = $1`, [
      `Account-${id}`,
    ]);
    assert.deepStrictEqual(rows, [{ version: 20 }]);
    assert.deepStrictEqual(await h.app.queries.accountsByIds([id, id]), [await h.app.queries.account(id), await h.app.queries.account(id)]);
    assert.equal((await h.app.queries.account(id))?.enabled, false);
  });
});
