#!/usr/bin/env node
// `npm start`: the desktop app in development.
//  1. Make the Electron binary available. Electron >= 42 downloads it on the first require('electron');
//     that runs in a child process with a time limit, so a machine without network fails fast and clearly.
//  2. Prepare the Electron-ABI copy of better-sqlite3 in .electron-native/ (built in a scratch copy;
//     node_modules keeps its Node-ABI build for the tests, the server and the command line).
//  3. electron-vite build, then launch Electron on the project. Arguments after `--` go to the app
//     (e.g. `npm start -- --data DIR`).
// Messages here are for developers at a terminal, in English.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(projectRoot, 'package.json'));
const DOWNLOAD_TIMEOUT_MS = Number(process.env.QIKAN_ELECTRON_DOWNLOAD_TIMEOUT_MS) || 5 * 60_000;
const WEB_HINT = '`npm run web` runs the same app in a browser.';

function fail(lines) {
  for (const line of lines) console.error(line);
  process.exit(1);
}

/**
 * Runs require('electron') in a child (it may download the binary); resolves to the binary's path.
 * The download runs in a grandchild, so the child gets its own process group and a timeout kills the
 * whole group: a stalled network never leaves the terminal hanging.
 */
function ensureElectronBinary() {
  const probe = "process.stdout.write('\\nQIKAN_ELECTRON_PATH=' + require('electron') + '\\n')";
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return new Promise((resolvePath) => {
    const child = spawn(process.execPath, ['-e', probe], { cwd: projectRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, DOWNLOAD_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const match = /QIKAN_ELECTRON_PATH=(.+)\n/.exec(stdout);
      if (code === 0 && match && existsSync(match[1])) return resolvePath(match[1]);
      if (process.env.QIKAN_DEBUG) console.error(stdout, stderr);
      const why = timedOut ? ` (gave up after ${Math.round(DOWNLOAD_TIMEOUT_MS / 1000)} s)` : '';
      fail([`Could not download the Electron binary on this machine${why}, so the desktop app cannot start here.`, WEB_HINT]);
    });
  });
}

function electronVersion() {
  return JSON.parse(readFileSync(join(projectRoot, 'node_modules/electron/package.json'), 'utf8')).version;
}

/** npm's own node-gyp: the one `npm install` would use. */
function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_execpath) candidates.push(join(dirname(process.env.npm_execpath), '../node_modules/node-gyp/bin/node-gyp.js'));
  candidates.push(join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'));
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** Builds (or fetches) better-sqlite3 for Electron's ABI in a scratch copy, never in node_modules. */
function prepareElectronSqlite(version) {
  const target = join(projectRoot, '.electron-native', `better_sqlite3-electron-${version}.node`);
  if (existsSync(target)) return target;
  console.log(`Preparing better-sqlite3 for Electron ${version} (once; kept in .electron-native/)…`);
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const scratch = mkdtempSync(join(tmpdir(), 'qikan-electron-sqlite-'));
  try {
    cpSync(source, scratch, { recursive: true, filter: (p) => !p.startsWith(join(source, 'build')) });
    // npm passes its own config as env vars; nodedir=/usr (this machine's npmrc) would silently build
    // against Node's headers instead of Electron's.
    const env = { ...process.env };
    for (const key of Object.keys(env)) {
      if (/^npm_config_(nodedir|target|runtime|disturl|arch)$/i.test(key)) delete env[key];
    }
    const common = ['--runtime=electron', `--target=${version}`, `--arch=${process.arch}`];
    const prebuild = join(dirname(require.resolve('prebuild-install/package.json')), 'bin.js');
    let ok = spawnSync(process.execPath, [prebuild, ...common], { cwd: scratch, env, stdio: 'inherit' }).status === 0;
    if (!ok) {
      const nodeGyp = findNodeGyp();
      if (nodeGyp) {
        ok = spawnSync(process.execPath, [nodeGyp, 'rebuild', '--release', ...common, '--dist-url=https://electronjs.org/headers'], {
          cwd: scratch,
          env,
          stdio: 'inherit',
        }).status === 0;
      }
    }
    const built = join(scratch, 'build', 'Release', 'better_sqlite3.node');
    if (!ok || !existsSync(built)) {
      fail([
        `Could not get better-sqlite3 for Electron ${version} (no prebuild, and building needs network access for Electron's headers plus a C++ toolchain).`,
        WEB_HINT,
      ]);
    }
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(built, target);
    return target;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function runOrFail(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: projectRoot, stdio: 'inherit' });
  if (r.status !== 0) fail([`${what} failed (exit ${r.status ?? r.signal}).`]);
}

async function main() {
  const forwarded = process.argv.slice(2);
  const electronPath = await ensureElectronBinary();
  prepareElectronSqlite(electronVersion());
  runOrFail([join(projectRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], 'electron-vite build');
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electronPath, [projectRoot, ...forwarded], { cwd: projectRoot, env, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (err) => fail([`Could not launch Electron: ${err.message}`, WEB_HINT]));
}

await main();
