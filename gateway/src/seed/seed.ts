import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_CONSUMER, DEMO_ORDER_LINE_ITEMS } from './demo-data.js';
import { seedDemoData } from './seed-demo.js';

const USAGE = `Usage: npm run seed [-- --gateway <url>] [--state <file>] [--json]

Creates DOMAIN §6's demo data through the gateway, unless present: the restaurant Ajanta with its
menu, the consumer Able Anders with the address Home (and waits for the account), courier-1 made
available. Prints the ids; running it again creates nothing twice. Works against either mode:
\`npm start\` or \`npm run start:distributed\` must be running.

Options:
  --gateway <url>   the gateway's GraphQL endpoint (GATEWAY_URL; default http://localhost:4000/graphql)
  --state <file>    where created ids are kept (SEED_STATE_PATH; default $FTGO_DATA_DIR/seed.json, .data/seed.json)
  --json            print the result as JSON only
`;

let values: { gateway?: string; state?: string; json?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { gateway: { type: 'string' }, state: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  }));
} catch (error) {
  process.stderr.write(`seed: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const gatewayUrl = values.gateway ?? process.env.GATEWAY_URL ?? 'http://localhost:4000/graphql';
const statePath = path.resolve(values.state ?? process.env.SEED_STATE_PATH ?? path.join(process.env.FTGO_DATA_DIR ?? '.data', 'seed.json'));
const say = (line: string) => {
  if (!values.json) process.stdout.write(`${line}\n`);
};

say(`seeding the demo data (DOMAIN §6) through ${gatewayUrl}`);
try {
  const result = await seedDemoData({ gatewayUrl, statePath, log: say });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const lineItems = DEMO_ORDER_LINE_ITEMS.map((l) => `{ menuItemId: "${l.menuItemId}", quantity: ${l.quantity} }`).join(', ');
    say(`
done (ids kept in ${path.relative(process.cwd(), statePath) || statePath}):
  restaurant  ${result.restaurantId}
  consumer    ${result.consumerId}
  courier     ${result.courierId}

next, the README journey:
  mutation { createOrder(input: { consumerId: "${result.consumerId}", restaurantId: "${result.restaurantId}",
    lineItems: [${lineItems}], deliverToAddressId: "${DEMO_CONSUMER.addressId}" }) { id state orderTotal } }`);
  }
} catch (error) {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
