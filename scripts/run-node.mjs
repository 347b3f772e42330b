#!/usr/bin/env node
// Runs a Node entry of the project (the command line or the browser-mode server) from a bundle
// that is rebuilt only when a source file changed. A plain `node` process on a bundle starts in
// a fraction of the time and memory a TypeScript loader needs, which the cold export depends on.
//
//   node scripts/run-node.mjs cli  -- <args>   → src/node/cli/main.ts
//   node scripts/run-node.mjs web  -- <args>   → src/node/server/web.ts
//   node scripts/run-node.mjs build             → only (re)build the bundles
// Each build also bundles the export worker (src/node/export/export-worker.ts), which the server's
// export jobs run in.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = {
  cli: 'src/node/cli/main.ts',
  web: 'src/node/server/web.ts',
  'export-worker': 'src/node/export/export-worker.ts',
};
const RUNNABLE = ['cli', 'web'];

const [name, ...rest] = process.argv.slice(2);
if (!RUNNABLE.includes(name) && name !== 'build') {
  console.error(`usage: node scripts/run-node.mjs ${RUNNABLE.join('|')}|build [args]`);
  process.exit(2);
}
const args = rest[0] === '--' ? rest.slice(1) : rest;
// out/node/<name>.cjs is the entry (scripts/code-cache-entry.cjs: runs the bundle with V8's code
// cache); the bundle itself is out/node/<name>.bundle.cjs.
const entryFileOf = (n) => path.join(root, 'out', 'node', `${n}.cjs`);
const bundleOf = (n) => path.join(root, 'out', 'node', `${n}.bundle.cjs`);

function newestSourceTime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSourceTime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function isStale(outFile) {
  if (!fs.existsSync(outFile)) return true;
  const built = fs.statSync(outFile).mtimeMs;
  return newestSourceTime(path.join(root, 'src')) > built || fs.statSync(path.join(root, 'package.json')).mtimeMs > built || fs.statSync(path.join(root, 'scripts', 'run-node.mjs')).mtimeMs > built;
}

/** A package whose exports are read as properties (pdf-lib takes them through tslib's __importDefault). */
function lazyObject(name) {
  return `
let loaded;
const real = () => (loaded ??= require(${JSON.stringify(name)}));
module.exports = new Proxy({}, {
  get: (_target, key) => (key === '__esModule' ? undefined : real()[key]),
  has: (_target, key) => key in real(),
});
`;
}

// Packages a command may not need load on first use instead of at start-up, which keeps a cold
// export's start and peak memory down: sharp (libvips, ~20 MB resident) only when a photo is
// converted, fontkit (~175 ms to load) only when a font is parsed (an export with measured font
// data and the TrueType subsetter needs none). mammoth is loaded only by the Word converter's worker
// thread (src/node/import/manuscript/docx-convert.ts), by path, so it stays outside the bundle.
const LAZY = {
  sharp: `
let loaded;
const real = () => (loaded ??= require('sharp'));
module.exports = new Proxy(function sharp() {}, {
  apply: (_target, thisArg, args) => Reflect.apply(real(), thisArg, args),
  get: (_target, key) => (key === '__esModule' ? undefined : real()[key]),
});
`,
  // pdf-lib's PNG decoder, required at its start-up (3 ms of a cold export); the writer embeds no PNG
  // through pdf-lib. (Its flate, pako, cannot wait: pdf-lib's standard fonts inflate their tables at load.)
  '@pdf-lib/upng': lazyObject('@pdf-lib/upng'),
  // GB18030 decoding of imported text files only: its tables were a sixth of the bundle every command read.
  'iconv-lite': lazyObject('iconv-lite'),
  // The one function the project calls (src/engine/fonts/fontkit-face.ts; the PDF's labels and the preview's outlines go through it).
  fontkit: `
let loaded;
const real = () => (loaded ??= require('fontkit'));
exports.create = (...args) => real().create(...args);
`,
};
const lazyPackagesPlugin = {
  name: 'lazy-packages',
  setup(build) {
    const names = new RegExp(`^(${Object.keys(LAZY).map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter: names }, (args) =>
      args.namespace === 'lazy' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({ contents: LAZY[args.path], loader: 'js', resolveDir: root }));
  },
};

// tslib's ES module build, which esbuild picks for the require("tslib") in each of pdf-lib's ~100
// modules, is bundled as an ES module turned back into CommonJS at every one of those requires:
// each copied all of tslib's exports anew at start-up. Its CommonJS build is required once, as
// pdf-lib expects (resolved from the importer, so a nested tslib would stay its own).
const tslibCommonJsPlugin = {
  name: 'tslib-commonjs',
  setup(build) {
    build.onResolve({ filter: /^tslib$/ }, (args) => build.resolve('tslib/tslib.js', { resolveDir: args.resolveDir, kind: args.kind }));
  },
};

const entryTemplate = fs.readFileSync(path.join(root, 'scripts', 'code-cache-entry.cjs'), 'utf8');
for (const bundleName of name === 'build' ? Object.keys(ENTRIES) : [name, 'export-worker']) {
  const outFile = bundleOf(bundleName);
  if (isStale(outFile)) {
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [path.join(root, ENTRIES[bundleName])],
      outfile: outFile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      // Pure-JS packages are bundled with our code (one script to compile from the code cache instead
      // of hundreds of module files); native ones and those loaded lazily stay in node_modules.
      external: ['better-sqlite3', 'electron', 'mammoth'],
      plugins: [lazyPackagesPlugin, tslibCommonJsPlugin],
      sourcemap: 'linked',
      // Whitespace and syntax only: names stay, so profiles and stack traces read as the sources.
      minifyWhitespace: true,
      minifySyntax: true,
      logLevel: 'warning',
    });
  }
  const entryFile = entryFileOf(bundleName);
  const entrySource = entryTemplate.replace('__BUNDLE__', path.basename(outFile));
  if (!fs.existsSync(entryFile) || fs.readFileSync(entryFile, 'utf8') !== entrySource) fs.writeFileSync(entryFile, entrySource);
}
if (name === 'build') process.exit(0);
const entryFile = entryFileOf(name);

// Run the entry in this process, as if it had been started directly.
process.argv = [process.argv[0], entryFile, ...args];
process.setSourceMapsEnabled(true);
createRequire(import.meta.url)(entryFile);
