// Where the issue library lives. The desktop app, the server and the command line all call these,
// so by default they share one library folder.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const APP_FOLDER_LINUX = 'qikan-studio';
const APP_FOLDER_DESKTOP = 'Qikan Studio';
const SAMPLE_ISSUE_FILE = 'sample-issue-2026-01.json';

/** The platform's per-user data folder for the app (ignores $QIKAN_DATA_DIR; see resolveDataDir). */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, APP_FOLDER_DESKTOP);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_FOLDER_DESKTOP);
  // XDG says a relative $XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  const base = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.local', 'share');
  return path.posix.join(base, APP_FOLDER_LINUX);
}

/** `--data DIR` (or `--data=DIR`) > $QIKAN_DATA_DIR > the platform default. */
export function resolveDataDir(argv: string[], env: NodeJS.ProcessEnv = process.env): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--data' && i + 1 < argv.length) return path.resolve(argv[i + 1]!);
    if (arg.startsWith('--data=') && arg.length > '--data='.length) return path.resolve(arg.slice('--data='.length));
  }
  if (env.QIKAN_DATA_DIR) return path.resolve(env.QIKAN_DATA_DIR);
  return defaultDataDir(env);
}

/** The resources folder (holding the sample issue), found by walking up from this file, so it works from
 *  src/ under tsx and from out/ after a build. */
export function findResourcesDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'resources');
    if (fs.existsSync(path.join(candidate, SAMPLE_ISSUE_FILE))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`resources/${SAMPLE_ISSUE_FILE} not found above ${__dirname}`);
    dir = parent;
  }
}

export const SAMPLE_ISSUE_FILENAME = SAMPLE_ISSUE_FILE;
