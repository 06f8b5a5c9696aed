// type-graphql's decorators in the subgraph schemas need the metadata polyfill loaded first.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fastRetryPolicy, type Platform } from '@ftgo/infra';
import { dropNamespace, eventually, testPlatform } from '@ftgo/infra/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startGateway } from '../src/server/gateway-server.js';
import { SUBGRAPHS } from '../src/subgraphs.js';
import { startSystem } from '../src/system.js';

/**
 * The offline GraphQL IDE (issue 5) in a real browser: the embedded stack as `npm start` wires it,
 * Debian's Chromium driven by playwright-core (which never downloads a browser), and every request
 * the page makes checked to stay on the gateway. Needs the bundle of `npm run build:ide`.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// dist/test/ide.e2e.spec.js → schema/supergraph.graphql
const SUPERGRAPH = fileURLToPath(new URL('../../../schema/supergraph.graphql', import.meta.url));
const IDE_BUNDLE = fileURLToPath(new URL('../ide/index.html', import.meta.url));

function browserMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const message = `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH): the GraphQL IDE browser tests cannot run`;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${message}`);
  console.warn(`\n*** ${message}: they are SKIPPED ***\n`);
  return message;
}
const skip = browserMissing();

interface Fixture {
  platform: Platform;
  origin: string;
  browser: Browser;
  close: (() => Promise<void>)[];
}
let fixture: Fixture;

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${fixture.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data as T;
}

/** A page on the IDE that records every URL it requests off the gateway's origin. */
async function openIde(): Promise<{ page: Page; foreign: string[]; sockets: string[] }> {
  const context = await fixture.browser.newContext();
  const page = await context.newPage();
  const foreign: string[] = [];
  const sockets: string[] = [];
  const local = (url: string) => url.startsWith(fixture.origin) || url.startsWith(fixture.origin.replace(/^http/, 'ws')) || /^(data|blob|about):/.test(url);
  page.on('request', (request) => {
    if (!local(request.url())) foreign.push(request.url());
  });
  page.on('websocket', (socket) => {
    sockets.push(socket.url());
    if (!local(socket.url())) foreign.push(socket.url());
  });
  // The network is blocked but for the gateway: whatever the page would fetch elsewhere fails, and is recorded above.
  await context.route(
    (url) => !local(url.toString()),
    (route) => route.abort('blockedbyclient'),
  );
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const response = await page.goto(`${fixture.origin}/graphql`);
  assert.equal(response?.status(), 200);
  await page.locator('.graphiql-container').waitFor({ timeout: 20_000 });
  assert.deepEqual(errors, [], 'the IDE raised no script errors');
  return { page, foreign, sockets };
}

/** The variables or headers editor, whichever is shown. */
const TOOL = '.graphiql-editor-tool .graphiql-editor:not(.hidden)';
/** The text of a CodeMirror 5 editor (GraphiQL 4's editors) and a way to replace it. */
const setEditor = (page: Page, selector: string, value: string) =>
  page.evaluate(`document.querySelector(${JSON.stringify(`${selector} .CodeMirror`)}).CodeMirror.setValue(${JSON.stringify(value)})`);
const editorText = (page: Page, selector: string) =>
  page.evaluate(`document.querySelector(${JSON.stringify(`${selector} .CodeMirror`)}).CodeMirror.getValue()`) as Promise<string>;
const resultText = (page: Page) => editorText(page, '.result-window');
/** Replaces the query and waits until GraphiQL has parsed it: the active tab is titled after its operation. */
async function setQuery(page: Page, operationName: string, query: string): Promise<void> {
  await setEditor(page, '.graphiql-query-editor', query);
  await page.locator('.graphiql-tab-active').getByText(operationName, { exact: true }).waitFor();
}

describe('the offline GraphQL IDE at GET /graphql', { skip }, () => {
  before(async () => {
    assert.ok(existsSync(IDE_BUNDLE), `no IDE bundle at ${IDE_BUNDLE}: run \`npm run build\` (it runs build:ide)`);
    const platform = await testPlatform(undefined, 'local', { retry: fastRetryPolicy(5, 100) });
    const close: (() => Promise<void>)[] = [
      async () => {
        await platform.close();
        await dropNamespace(platform.config);
      },
    ];
    fixture = { platform, origin: '', browser: undefined as unknown as Browser, close };
    const system = await startSystem(platform);
    close.push(() => system.stop());
    const subgraphs = await Promise.all(SUBGRAPHS.map(async ({ name, schema }) => ({ name, schema: await schema(system) })));
    const gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      supergraphPath: SUPERGRAPH,
      localSubgraphs: subgraphs,
      localOnly: true,
      logger: platform.logger,
    });
    close.push(() => gateway.close());
    fixture.origin = `http://127.0.0.1:${gateway.port}`;
    fixture.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    close.push(() => fixture.browser.close());
  });

  after(async () => {
    for (const step of fixture?.close.reverse() ?? []) await step().catch(() => {});
  });

  it('serves the page to browsers, its assets with content types and caching, and GraphQL to everyone else', async () => {
    const page = await fetch(`${fixture.origin}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    const html = await page.text();
    const script = html.match(/src="(\/graphql\/ide\/app\.js\?v=[0-9a-f]+)"/)?.[1];
    const style = html.match(/href="(\/graphql\/ide\/app\.css\?v=[0-9a-f]+)"/)?.[1];
    assert.ok(script && style, 'the page names its script and stylesheet by content hash');
    assert.doesNotMatch(html, /https?:\/\//, 'the page loads nothing from elsewhere');

    const js = await fetch(`${fixture.origin}${script}`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(js.headers.get('content-encoding'), 'gzip');
    await js.arrayBuffer();
    const css = await fetch(`${fixture.origin}${style}`);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    await css.arrayBuffer();
    const stale = await fetch(`${fixture.origin}/graphql/ide/app.js?v=0000`);
    assert.equal(stale.headers.get('cache-control'), 'no-cache', 'an asset at another version is revalidated, never pinned');
    const revalidated = await fetch(`${fixture.origin}/graphql/ide/app.js`, { headers: { 'if-none-match': stale.headers.get('etag') ?? '' } });
    assert.equal(revalidated.status, 304);
    await stale.arrayBuffer();
    assert.equal((await fetch(`${fixture.origin}/graphql/ide/nope.js`)).status, 404);

    // GraphQL clients are not browsers: a GET asking for JSON and every POST still reach Apollo.
    const get = await fetch(`${fixture.origin}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    assert.deepEqual(await get.json(), { data: { __typename: 'Query' } });
    assert.deepEqual(await gql('{ __typename }'), { __typename: 'Query' });
  });

  it('renders GraphiQL offline with the docs explorer, the headers editor and the demo journey tabs, and runs a query', async () => {
    await gql(
      `mutation { createRestaurant(input: { name: "Ajanta", address: { street1: "1 Main Street", city: "Oakland", state: "CA", zip: "94611" },
        menu: [{ id: "item1", name: "Chicken Vindaloo", price: 1299 }] }) { id } }`,
    );
    const { page, foreign } = await openIde();
    try {
      await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
      await page.getByRole('button', { name: /documentation explorer/i }).waitFor();
      await page
        .getByRole('button', { name: /history/i })
        .first()
        .waitFor();
      await page.getByRole('button', { name: 'Headers' }).waitFor();
      // The demo journey of DOMAIN §6, one tab a step.
      const tabs = page.locator('.graphiql-tab');
      assert.equal(await tabs.count(), 5);
      assert.match(await editorText(page, '.graphiql-query-editor'), /createRestaurant[\s\S]*"Ajanta"[\s\S]*Chicken Vindaloo/);
      await tabs.nth(1).click();
      assert.match(await editorText(page, '.graphiql-query-editor'), /registerConsumer[\s\S]*addConsumerAddress/);
      assert.match(await editorText(page, TOOL), /"consumerId"/);
      await tabs.nth(3).click();
      assert.match(await editorText(page, '.graphiql-query-editor'), /subscription[\s\S]*sagaProgress/);

      // The docs explorer reads the schema the IDE introspected.
      await page.getByRole('button', { name: /documentation explorer/i }).click();
      await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor();

      // A query of the user's, with a header from the headers editor.
      await setQuery(page, 'Restaurants', 'query Restaurants { restaurants { edges { node { name } } } }');
      await page.getByRole('button', { name: 'Headers' }).click();
      await setEditor(page, TOOL, JSON.stringify({ 'x-correlation-id': 'ide-e2e' }));
      const sent = page.waitForRequest(
        (r) => r.method() === 'POST' && r.url() === `${fixture.origin}/graphql` && r.headers()['x-correlation-id'] === 'ide-e2e',
      );
      await page.locator('.graphiql-execute-button').click();
      await sent;
      await page.locator('.result-window').getByText('"Ajanta"').waitFor({ timeout: 15_000 });
      const result = JSON.parse(await resultText(page)) as { data: { restaurants: { edges: { node: { name: string } }[] } } };
      assert.ok(result.data.restaurants.edges.some((edge) => edge.node.name === 'Ajanta'));
      assert.deepEqual(foreign, [], 'the IDE requested nothing off the gateway');
    } finally {
      await page.context().close();
    }
  });

  it('runs a sagaProgress subscription over graphql-ws and shows the events as they arrive', async (t) => {
    // graphql-ws on /graphql is another piece of work; until the gateway upgrades there, this is a todo, not a pass.
    const upgrades = await new Promise<boolean>((resolve) => {
      const probe = request(`${fixture.origin}/graphql`, {
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': randomBytes(16).toString('base64'),
          'sec-websocket-protocol': 'graphql-transport-ws',
        },
        timeout: 5_000,
      });
      probe.once('upgrade', (_response, socket) => {
        socket.destroy();
        resolve(true);
      });
      probe.once('response', (response) => {
        response.resume();
        resolve(false);
      });
      probe.once('timeout', () => probe.destroy());
      probe.once('error', () => resolve(false));
      probe.end();
    });
    if (!upgrades) {
      t.todo('the gateway does not upgrade WebSocket requests at /graphql yet (graphql-ws support): the IDE subscription is untested');
      return;
    }
    const { registerConsumer } = await gql<{ registerConsumer: { id: string } }>('mutation { registerConsumer(input: { name: "Able Anders" }) { id } }');
    const consumerId = registerConsumer.id;
    await gql(
      `mutation($id: ID!) { addConsumerAddress(consumerId: $id, addressId: "Home",
        address: { street1: "123 Main St.", street2: "Apt 4", city: "Oakland", state: "CA", zip: "94612" }) { id } }`,
      { id: consumerId },
    );
    const { createRestaurant } = await gql<{ createRestaurant: { id: string } }>(
      `mutation { createRestaurant(input: { name: "Ajanta", address: { street1: "1 Main Street", city: "Oakland", state: "CA", zip: "94611" },
        menu: [{ id: "item1", name: "Chicken Vindaloo", price: 1299 }, { id: "item3", name: "Garlic Naan", price: 399 }] }) { id } }`,
    );
    // The account opens asynchronously on ConsumerRegistered: order once it exists, so the saga is approved.
    await eventually(
      async () =>
        (await gql<{ consumer: { account: { id: string } | null } }>('query($id: ID!) { consumer(id: $id) { account { id } } }', { id: consumerId })).consumer
          .account,
      20_000,
      'the consumer account',
    );

    const { page, foreign, sockets } = await openIde();
    try {
      const { createOrder } = await gql<{ createOrder: { id: string; state: string } }>(
        `mutation($consumerId: ID!, $restaurantId: ID!) { createOrder(input: { consumerId: $consumerId, restaurantId: $restaurantId,
          lineItems: [{ menuItemId: "item1", quantity: 2 }, { menuItemId: "item3", quantity: 1 }], deliverToAddressId: "Home" }) { id state } }`,
        { consumerId, restaurantId: createRestaurant.id },
      );
      // The saga is running now; the IDE subscribes from the start and follows it.
      await setQuery(
        page,
        'Progress',
        'subscription Progress($orderId: ID!) { sagaProgress(orderId: $orderId) { orderSequence kind step participant reason order { state } } }',
      );
      await setEditor(page, TOOL, JSON.stringify({ orderId: createOrder.id }));
      await page.locator('.graphiql-execute-button').click();
      await page
        .locator('.result-window')
        .getByText('"sagaProgress"')
        .waitFor({ timeout: 15_000 })
        .catch(async (error: Error) => {
          throw new Error(`${error.message}\nthe result pane shows: ${await resultText(page)}`);
        });
      // GraphiQL shows the latest event: watch it change until the saga completes with the order approved.
      const seen = new Set<string>();
      await eventually(
        async () => {
          const text = await resultText(page);
          const kind = text.match(/"kind":\s*"(\w+)"/)?.[1];
          if (kind) seen.add(kind);
          return kind === 'SAGA_COMPLETED' && /"state":\s*"APPROVED"/.test(text);
        },
        30_000,
        'the IDE to show SAGA_COMPLETED with the order APPROVED',
      );
      assert.ok(seen.size >= 1, `events shown: ${[...seen].join(', ')}`);
      assert.ok(
        sockets.includes(`${fixture.origin.replace(/^http/, 'ws')}/graphql`),
        `the subscription ran over graphql-ws at /graphql: ${sockets.join(', ')}`,
      );
      assert.deepEqual(foreign, [], 'the IDE requested nothing off the gateway');
    } finally {
      await page.context().close();
    }
  });
});
