import { fileURLToPath } from 'node:url';
import { parseSchemaArgs, runSchemaCommand, SCHEMA_USAGE } from './command.js';
import { defaultSubgraphSources } from './registry.js';

/** `npm run schema [-- --check]`: see SCHEMA_USAGE. The repository root is four levels above gateway/dist/src/schema/. */
const root = fileURLToPath(new URL('../../../../', import.meta.url));
let options: ReturnType<typeof parseSchemaArgs>;
try {
  options = parseSchemaArgs(process.argv.slice(2), root);
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${SCHEMA_USAGE}`);
  process.exit(2);
}
process.exitCode = await runSchemaCommand(options, defaultSubgraphSources);
