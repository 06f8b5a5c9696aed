import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatProblem } from './compose.js';
import { formatGap } from './contract.js';
import { contractPath, generateSchemaFiles, staleSchemaFiles, writeSchemaFiles } from './files.js';
import type { SubgraphSdlSource } from './sources.js';

export interface SchemaCommandOptions {
  /** Write the files (default) or only check that the checked-in ones are current. */
  check: boolean;
  /** The `schema/` folder. */
  dir: string;
  /** The client contract (`API.graphql`) the supergraph's API schema must honour; none: no contract check. */
  contract?: string;
}

export const SCHEMA_USAGE = `usage: npm run schema [-- --check] [--dir <folder>] [--contract <API.graphql> | --no-contract]
  prints every subgraph's SDL to <folder>/<name>.graphql and composes <folder>/supergraph.graphql;
  --check writes nothing and exits 1 when a file is stale, the subgraphs do not compose, or the
  supergraph lacks something of the contract (default <folder>: schema/, contract: $FTGO_API_CONTRACT
  or docs/contract/API.graphql)`;

/** The options of `argv` (without node and the script); throws on an unknown argument. */
export function parseSchemaArgs(argv: readonly string[], root: string, env: NodeJS.ProcessEnv = process.env): SchemaCommandOptions {
  const options: SchemaCommandOptions = { check: false, dir: path.join(root, 'schema'), contract: contractPath(root, env) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return path.resolve(next);
    };
    if (arg === '--check') options.check = true;
    else if (arg === '--dir') options.dir = value();
    else if (arg === '--contract') options.contract = value();
    else if (arg === '--no-contract') options.contract = undefined;
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

export interface SchemaCommandIO {
  log(line: string): void;
  error(line: string): void;
}

/**
 * `npm run schema`: generates (or with `check`, verifies) `schema/`. Returns the exit code: 1 when a
 * subgraph cannot be printed, the subgraphs do not compose (errors, or hints of ERROR_HINT_CODES), the
 * API schema lacks something of the contract, or, in check mode, a checked-in file is stale. Nothing
 * is written unless the subgraphs compose; contract gaps are reported after writing.
 */
export async function runSchemaCommand(
  options: SchemaCommandOptions,
  sources: () => readonly SubgraphSdlSource[],
  io: SchemaCommandIO = { log: (line) => console.log(line), error: (line) => console.error(line) },
): Promise<number> {
  const relative = (file: string) => path.relative(process.cwd(), file) || '.';
  let contractSdl: string | undefined;
  if (options.contract !== undefined) {
    if (!existsSync(options.contract)) {
      io.error(`the contract ${options.contract} does not exist: set FTGO_API_CONTRACT, pass --contract <file> or --no-contract`);
      return 1;
    }
    contractSdl = await readFile(options.contract, 'utf8');
  }

  let generation: Awaited<ReturnType<typeof generateSchemaFiles>>;
  try {
    generation = await generateSchemaFiles(sources(), contractSdl);
  } catch (error) {
    io.error(`cannot print the subgraphs: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const { composition, files, gaps } = generation;
  for (const warning of composition.warnings) io.error(`hint: ${formatProblem(warning)}`);
  if (!composition.ok) {
    io.error(`the subgraphs (${generation.subgraphs.map((s) => s.name).join(', ')}) do not compose:`);
    for (const problem of composition.errors) io.error(`  ${formatProblem(problem)}`);
    return 1;
  }

  let failed = false;
  if (options.check) {
    const stale = await staleSchemaFiles(options.dir, files);
    for (const { file, reason } of stale) io.error(`stale: ${relative(path.join(options.dir, file))} (${reason})`);
    if (stale.length > 0) {
      io.error('run `npm run schema` and commit the result');
      failed = true;
    } else io.log(`${relative(options.dir)}: ${files.length} files up to date`);
  } else {
    const { written, removed } = await writeSchemaFiles(options.dir, files);
    for (const file of written) io.log(`wrote ${relative(path.join(options.dir, file))}`);
    for (const file of removed) io.log(`removed ${relative(path.join(options.dir, file))}`);
  }

  if (gaps.length > 0) {
    io.error(`the supergraph's API schema does not honour ${relative(options.contract ?? '')} (${gaps.length}):`);
    for (const gap of gaps) io.error(`  ${formatGap(gap)}`);
    failed = true;
  }
  return failed ? 1 : 0;
}
