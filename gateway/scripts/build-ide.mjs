#!/usr/bin/env node
// `npm run build:ide`: bundles the offline GraphQL IDE (gateway/ide) with esbuild into
// gateway/dist/ide/{index.html, app.js, app.css}. No CDN: React, GraphiQL, CodeMirror, graphql-ws
// and GraphiQL's fonts (inlined as data: URLs in its CSS) all end up in these three files, which
// the gateway serves at GET /graphql (browsers) and /graphql/ide/*.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const gateway = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(gateway, 'dist', 'ide');
const started = Date.now();

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
const result = await build({
  absWorkingDir: gateway,
  entryPoints: { app: 'ide/src/main.tsx' },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome111', 'firefox115', 'safari16.4'],
  jsx: 'automatic',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Anything a stylesheet points at goes into the CSS itself: the page never fetches a font or an icon.
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
  logLevel: 'warning',
  metafile: true,
});
const remote = Object.keys(result.metafile.inputs).filter((input) => /^https?:/.test(input));
if (remote.length > 0) throw new Error(`the IDE bundle must not load remote modules: ${remote.join(', ')}`);

// The page names each asset with its content hash, so the gateway can cache a matching request forever.
const version = async (file) =>
  createHash('sha256')
    .update(await readFile(path.join(outdir, file)))
    .digest('hex')
    .slice(0, 16);
const html = (await readFile(path.join(gateway, 'ide', 'index.html'), 'utf8'))
  .replace('/graphql/ide/app.css', `/graphql/ide/app.css?v=${await version('app.css')}`)
  .replace('/graphql/ide/app.js', `/graphql/ide/app.js?v=${await version('app.js')}`);
await writeFile(path.join(outdir, 'index.html'), html);

for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  console.log(`  ${path.relative(process.cwd(), path.resolve(gateway, file))}  ${(bytes / 1024).toFixed(0)} KiB`);
}
console.log(`IDE built into ${path.relative(process.cwd(), outdir)} in ${Date.now() - started} ms`);
