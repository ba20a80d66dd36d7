// build.mjs - bundles the web UI into web/dist (run by scripts/build-web.sh).
//
// src/main.js -> dist/assets/app-HASH.js (+ app-HASH.css, source maps),
// and index.html -> dist/index.html pointing at the hashed names (the
// server caches /assets/ for a year, so the names must change with the
// content).  Safe while a server is serving dist/ (a test may be): the
// bundle is built in a scratch directory, new assets are moved in by
// rename (same content, same name), index.html is replaced atomically,
// and only then are assets of older builds removed.  Prints what it built.

import { build } from 'esbuild';
import { readFileSync, writeFileSync, rmSync, mkdirSync, statSync, readdirSync, renameSync, existsSync } from 'node:fs';
import { dirname, join, relative, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const assets = join(dist, 'assets');
const scratch = join(here, `.dist-tmp-${process.pid}`);

rmSync(scratch, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

try {
  const result = await build({
    entryPoints: { app: join(here, 'src', 'main.js') },
    bundle: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: 'linked',
    outdir: scratch,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });

  const outs = Object.keys(result.metafile.outputs).map((f) => basename(f));
  const pick = (ext) => {
    const o = outs.find((f) => f.endsWith(ext));
    if (!o) throw new Error(`esbuild produced no ${ext} output`);
    return o;
  };
  const js = pick('.js');
  const css = pick('.css');

  let html = readFileSync(join(here, 'index.html'), 'utf8');
  if (!html.includes('/assets/app.js') || !html.includes('/assets/app.css')) throw new Error('index.html must reference /assets/app.js and /assets/app.css');
  html = html.replace('/assets/app.js', `/assets/${js}`).replace('/assets/app.css', `/assets/${css}`);

  for (const f of outs) renameSync(join(scratch, f), join(assets, f));
  writeFileSync(join(scratch, 'index.html'), html);
  renameSync(join(scratch, 'index.html'), join(dist, 'index.html'));
  for (const f of readdirSync(assets)) if (!outs.includes(f)) rmSync(join(assets, f), { force: true });

  const cwd = process.cwd();
  for (const f of ['index.html', ...outs.map((o) => join('assets', o))]) {
    const kb = (statSync(join(dist, f)).size / 1024).toFixed(1);
    console.log(`built ${relative(cwd, join(dist, f))} (${kb} KiB)`);
  }
} finally {
  if (existsSync(scratch)) rmSync(scratch, { recursive: true, force: true });
}
