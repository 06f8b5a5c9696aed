import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import {
  apiSchemaOf,
  composeSupergraph,
  contractGaps,
  formatGap,
  formatProblem,
  generateSchemaFiles,
  SUBGRAPH_NAMES,
  staleSchemaFiles,
} from '../src/schema/index.js';
import { defaultSubgraphSources } from '../src/schema/registry.js';
import { ROOT, readContract } from './schema-fixtures.js';

const SCHEMA_DIR = path.join(ROOT, 'schema');

test('schema/ is current: the seven subgraphs print and compose to exactly the checked-in files, honouring API.graphql', async () => {
  const { composition, files, gaps } = await generateSchemaFiles(defaultSubgraphSources(), readContract());
  assert.ok(composition.ok, `the subgraphs do not compose:\n${composition.ok ? '' : composition.errors.map(formatProblem).join('\n')}`);
  assert.deepEqual(gaps.map(formatGap), [], 'the supergraph lacks something of API.graphql');
  const stale = await staleSchemaFiles(SCHEMA_DIR, files);
  assert.deepEqual(stale, [], 'schema/ is stale: run `npm run schema` and commit the result');
});

test('the checked-in supergraph honours API.graphql, and the checked-in subgraphs compose to it', async () => {
  const supergraphSdl = await readFile(path.join(SCHEMA_DIR, 'supergraph.graphql'), 'utf8');
  assert.deepEqual(contractGaps(apiSchemaOf(supergraphSdl), readContract()).map(formatGap), []);

  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => {
      const sdl = await readFile(path.join(SCHEMA_DIR, `${name}.graphql`), 'utf8');
      const url = new RegExp(`@join__graph\\(name: "${name}", url: "([^"]+)"\\)`).exec(supergraphSdl)?.[1];
      assert.ok(url, `${name} is not in the supergraph`);
      return { name, url, sdl };
    }),
  );
  const composition = composeSupergraph(subgraphs);
  assert.ok(composition.ok, composition.ok ? '' : composition.errors.map(formatProblem).join('\n'));
  assert.equal(composition.supergraphSdl.trim(), supergraphSdl.replace(/^#.*\n\n/, '').trim());
});

test('`npm run schema -- --check` exits 0 on this repository', async () => {
  const cli = path.join(ROOT, 'gateway', 'dist', 'src', 'schema', 'cli.js');
  const { stdout } = await promisify(execFile)(process.execPath, [cli, '--check'], { cwd: ROOT });
  assert.match(stdout, /schema: 8 files up to date/);
});
