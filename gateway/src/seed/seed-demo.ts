import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_CONSUMER, DEMO_COURIER_ID, DEMO_RESTAURANT } from './demo-data.js';
import { GatewayClient, GraphQLRequestError } from './gateway-client.js';

export interface SeedOptions {
  /** The gateway's GraphQL endpoint. */
  gatewayUrl: string;
  /** Where the ids this seed created are kept (per gateway URL), e.g. `.data/seed.json`. */
  statePath: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** How long to wait for the gateway to answer and for the consumer's account to appear (default 60 s). */
  waitMs?: number;
}

/**
 * How each was obtained. `registered`: registerConsumer ran, and either registered the consumer
 * or (its fixed key seen before, e.g. the state file was deleted) returned the earlier one.
 */
export type SeedOutcome = 'created' | 'registered' | 'found by name' | 'from the state file';

export interface SeedResult {
  restaurantId: string;
  consumerId: string;
  courierId: string;
  restaurant: SeedOutcome;
  consumer: SeedOutcome;
  address: 'added' | 'present';
  accountEnabled: boolean;
  courier: 'made available' | 'already available';
}

interface SeedState {
  restaurantId?: string;
  consumerId?: string;
}

type StateFile = { version: 1; gateways: Record<string, SeedState> };

async function readState(file: string): Promise<StateFile> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<StateFile>;
    if (parsed && parsed.version === 1 && parsed.gateways && typeof parsed.gateways === 'object') return parsed as StateFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  return { version: 1, gateways: {} };
}

async function writeState(file: string, state: StateFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temporary, file);
}

const RESTAURANT = 'query SeedRestaurant($id: ID!) { restaurant(id: $id) { id name } }';
const RESTAURANTS =
  'query SeedRestaurants($after: String) { restaurants(first: 50, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } } }';
const CREATE_RESTAURANT = 'mutation SeedCreateRestaurant($input: CreateRestaurantInput!) { createRestaurant(input: $input) { id name } }';
const CONSUMER = 'query SeedConsumer($id: ID!) { consumer(id: $id) { id name addresses { id } } }';
const REGISTER_CONSUMER = 'mutation SeedRegisterConsumer($input: RegisterConsumerInput!) { registerConsumer(input: $input) { id } }';
const ADD_ADDRESS =
  'mutation SeedAddAddress($consumerId: ID!, $addressId: ID!, $address: AddressInput!) { addConsumerAddress(consumerId: $consumerId, addressId: $addressId, address: $address) { id } }';
const ACCOUNT = 'query SeedAccount($id: ID!) { consumer(id: $id) { account { id enabled } } }';
const COURIER = 'query SeedCourier($id: ID!) { courier(id: $id) { id available } }';
const SET_COURIER = 'mutation SeedCourierAvailable($id: ID!) { setCourierAvailability(id: $id, available: true) { id available } }';

type Named = { id: string; name: string };

/**
 * DOMAIN §6's demo data, created through the gateway over HTTP like any client, unless present:
 * the restaurant Ajanta (found by name through `restaurants`), the consumer Able Anders with the
 * address Home (a consumer cannot be searched by name: its id is kept in the state file and reused
 * while it still resolves), and courier-1 made available. Running it twice creates nothing twice.
 *
 * The creating mutations carry fixed Idempotency-Keys, so a retry after a lost answer, two seeds
 * at once, or a seed whose state file was deleted get the first restaurant and consumer back rather
 * than a second one. Mutations that merely set something (an address, the courier's availability)
 * use keys of this run only: they make this run's retries safe without replaying an old answer.
 */
export async function seedDemoData(options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? (() => {});
  const waitMs = options.waitMs ?? 60_000;
  const run = randomUUID();
  let retries = 0;
  const client = new GatewayClient({
    url: options.gatewayUrl,
    retryForMs: waitMs,
    onRetry: (reason) => {
      if (retries++ % 10 === 0) log(`  (the gateway is not answering yet: ${reason}; retrying)`);
    },
  });
  const file = await readState(options.statePath);
  const state: SeedState = file.gateways[options.gatewayUrl] ?? {};
  file.gateways[options.gatewayUrl] = state;
  const save = () => writeState(options.statePath, file);

  // The restaurant: the stored id while it still resolves to Ajanta, else the first Ajanta by name, else a new one.
  let restaurant: { id: string; outcome: SeedOutcome } | undefined;
  if (state.restaurantId) {
    const { restaurant: stored } = await client.request<{ restaurant: Named | null }>(RESTAURANT, { id: state.restaurantId });
    if (stored?.name === DEMO_RESTAURANT.name) restaurant = { id: stored.id, outcome: 'from the state file' };
  }
  if (!restaurant) {
    const wanted = DEMO_RESTAURANT.name.toLowerCase();
    let after: string | null = null;
    // Listed by lower-cased name: stop at the first name past Ajanta.
    while (!restaurant) {
      type Page = { restaurants: { edges: { node: Named }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
      const { restaurants }: Page = await client.request<Page>(RESTAURANTS, { after });
      const nodes = restaurants.edges.map((edge) => edge.node);
      const match = nodes.find((node) => node.name === DEMO_RESTAURANT.name);
      if (match) restaurant = { id: match.id, outcome: 'found by name' };
      if (!restaurants.pageInfo.hasNextPage || nodes.some((node) => node.name.toLowerCase() > wanted)) break;
      after = restaurants.pageInfo.endCursor;
    }
  }
  if (!restaurant) {
    const { createRestaurant } = await client.request<{ createRestaurant: Named }>(
      CREATE_RESTAURANT,
      { input: DEMO_RESTAURANT },
      { idempotencyKey: `ftgo-seed:restaurant:${DEMO_RESTAURANT.name}` },
    );
    restaurant = { id: createRestaurant.id, outcome: 'created' };
  }
  log(`  restaurant ${DEMO_RESTAURANT.name.padEnd(12)} ${restaurant.id}  (${restaurant.outcome})`);
  state.restaurantId = restaurant.id;
  await save();

  // The consumer: the stored id while it resolves, else registered (once, thanks to the fixed key).
  type ConsumerView = { id: string; name: string; addresses: { id: string }[] };
  let consumer: { view: ConsumerView; outcome: SeedOutcome } | undefined;
  if (state.consumerId) {
    const { consumer: stored } = await client.request<{ consumer: ConsumerView | null }>(CONSUMER, { id: state.consumerId });
    if (stored) consumer = { view: stored, outcome: 'from the state file' };
  }
  if (!consumer) {
    const { registerConsumer } = await client.request<{ registerConsumer: { id: string } }>(
      REGISTER_CONSUMER,
      { input: { name: DEMO_CONSUMER.name } },
      { idempotencyKey: `ftgo-seed:consumer:${DEMO_CONSUMER.name}` },
    );
    // The key may replay an earlier registration: read the consumer as it is now.
    const { consumer: current } = await client.request<{ consumer: ConsumerView | null }>(CONSUMER, { id: registerConsumer.id });
    if (!current) throw new Error(`consumer ${registerConsumer.id} was registered but does not resolve`);
    consumer = { view: current, outcome: 'registered' };
  }
  const consumerId = consumer.view.id;
  log(`  consumer   ${DEMO_CONSUMER.name.padEnd(12)} ${consumerId}  (${consumer.outcome})`);
  state.consumerId = consumerId;
  await save();

  let address: SeedResult['address'] = 'present';
  if (!consumer.view.addresses.some((a) => a.id === DEMO_CONSUMER.addressId)) {
    try {
      await client.request(
        ADD_ADDRESS,
        { consumerId, addressId: DEMO_CONSUMER.addressId, address: DEMO_CONSUMER.address },
        { idempotencyKey: `ftgo-seed:${run}:address` },
      );
      address = 'added';
    } catch (error) {
      // Added meanwhile (another seed): the label is taken, which is what we wanted.
      if (!(error instanceof GraphQLRequestError && error.code === 'CONFLICT')) throw error;
    }
  }
  log(`    address  ${DEMO_CONSUMER.addressId.padEnd(12)} ${address}`);

  // Accounting opens the account from ConsumerRegistered, asynchronously: wait for it.
  const deadline = Date.now() + waitMs;
  type Account = { id: string; enabled: boolean };
  let account: Account | null = null;
  for (;;) {
    const answer = await client.request<{ consumer: { account: Account | null } | null }>(ACCOUNT, { id: consumerId });
    account = answer.consumer?.account ?? null;
    if (account) break;
    if (Date.now() >= deadline)
      throw new Error(`the account of consumer ${consumerId} did not appear within ${waitMs / 1000} s: is the accounting service running and NATS reachable?`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  log(`    account  ${''.padEnd(12)} ${account.enabled ? 'enabled' : 'DISABLED (enableAccount to order again)'}`);

  // The courier: created by its first availability change.
  const { courier } = await client.request<{ courier: { id: string; available: boolean } | null }>(COURIER, { id: DEMO_COURIER_ID });
  let courierOutcome: SeedResult['courier'] = 'already available';
  if (!courier?.available) {
    await client.request(SET_COURIER, { id: DEMO_COURIER_ID }, { idempotencyKey: `ftgo-seed:${run}:courier` });
    courierOutcome = 'made available';
  }
  log(`  courier    ${DEMO_COURIER_ID.padEnd(12)} ${courierOutcome}`);

  return {
    restaurantId: restaurant.id,
    consumerId,
    courierId: DEMO_COURIER_ID,
    restaurant: restaurant.outcome,
    consumer: consumer.outcome,
    address,
    accountEnabled: account.enabled,
    courier: courierOutcome,
  };
}
