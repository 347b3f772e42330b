// better-sqlite3 in node_modules is built for Node (tests, server, CLI). The desktop app in development
// uses a separate Electron-ABI copy that scripts/start-desktop.mjs puts in .electron-native/, so nothing
// ever rebuilds node_modules in place. openLibrary() takes no nativeBinding option, so this seam points
// better-sqlite3's default addon lookup (its `bindings` call, made on the first `new Database()`) at
// that copy. Must run before the first database is opened.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export function electronNativeBindingPath(projectRoot: string, electronVersion: string): string {
  return join(projectRoot, '.electron-native', `better_sqlite3-electron-${electronVersion}.node`);
}

/** Returns the binding path in use, or null when none was found (then the default lookup applies). */
export function preferElectronSqliteBinding(projectRoot: string, electronVersion: string | undefined): string | null {
  if (!electronVersion) return null;
  const bindingPath = electronNativeBindingPath(projectRoot, electronVersion);
  if (!existsSync(bindingPath)) return null;
  const requireFromSqlite = createRequire(require.resolve('better-sqlite3'));
  const bindingsId = requireFromSqlite.resolve('bindings');
  const original = requireFromSqlite('bindings') as (name: string) => unknown;
  const cached = require.cache[bindingsId];
  if (!cached) return null;
  cached.exports = (name: string) => (name === 'better_sqlite3.node' ? require(bindingPath) : original(name));
  return bindingPath;
}
