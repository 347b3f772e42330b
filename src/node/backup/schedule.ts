// The browser-mode server's daily backup: into <library>/backups/<time>/ (or another folder), once a day,
// and at start when the newest backup there is older than a day; only the newest N are kept. A backup
// that fails is logged and tried again an hour later: it never stops the server.

import { optionValue } from '../option-values';
import fs from 'node:fs';
import path from 'node:path';
import { backupLibrary, type BackupResult } from './backup';
import { BACKUPS_FOLDER, folderTimestamp, freeName, readManifest } from './manifest';

export const DEFAULT_BACKUP_KEEP = 7;
export const BACKUP_INTERVAL_MS = 24 * 60 * 60 * 1000;
const RETRY_MS = 60 * 60 * 1000;

export interface BackupScheduleOptions {
  /** The library folder. */
  dataDir: string;
  /** Where the backups go (default <dataDir>/backups). */
  dir?: string;
  /** How many backups to keep (default 7). */
  keep?: number;
  /** Time between backups (default a day). */
  intervalMs?: number;
  now?: () => Date;
  /** What was written and removed. */
  log?: (line: string) => void;
  /** Failures (default: log). */
  warn?: (line: string) => void;
  /** Told after every attempt (tests wait on it). */
  onDone?: (outcome: { result: BackupResult; removed: string[] } | { error: unknown }) => void;
}

export interface BackupSchedule {
  /** Runs a backup now (one at a time) and prunes; never throws. */
  runNow(): Promise<void>;
  /** No more backups; waits for one under way. */
  stop(): Promise<void>;
}

export interface StoredBackup {
  folder: string;
  createdAt: string;
}

/** The complete backups (folders with a valid manifest) in dir, oldest first. */
export function listBackups(dir: string): StoredBackup[] {
  if (!fs.existsSync(dir)) return [];
  const found: StoredBackup[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const folder = path.join(dir, entry.name);
    try {
      found.push({ folder, createdAt: readManifest(folder).createdAt });
    } catch {
      // Not one of ours (or not complete): never touched.
    }
  }
  return found.sort((a, b) => (a.createdAt === b.createdAt ? a.folder.localeCompare(b.folder) : a.createdAt < b.createdAt ? -1 : 1));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes all but the newest `keep` backups, and folders left by interrupted backups of processes gone. */
export function pruneBackups(dir: string, keep: number): string[] {
  const removed: string[] = [];
  const backups = listBackups(dir);
  for (const b of backups.slice(0, Math.max(0, backups.length - keep))) {
    fs.rmSync(b.folder, { recursive: true, force: true });
    removed.push(b.folder);
  }
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const m = /^\..+\.partial-(\d+)-[0-9a-f]+$/.exec(name);
    if (m && (Number(m[1]) === process.pid || !processAlive(Number(m[1])))) {
      fs.rmSync(path.join(dir, name), { recursive: true, force: true });
      removed.push(path.join(dir, name));
    }
  }
  return removed;
}

export function startBackupSchedule(opts: BackupScheduleOptions): BackupSchedule {
  const dir = path.resolve(opts.dir ?? path.join(opts.dataDir, BACKUPS_FOLDER));
  const keep = Math.max(1, opts.keep ?? DEFAULT_BACKUP_KEEP);
  const interval = opts.intervalMs ?? BACKUP_INTERVAL_MS;
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? (() => {});
  const warn = opts.warn ?? log;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const schedule = (delay: number): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      void runNow();
    }, Math.max(0, delay));
    timer.unref();
  };

  const attempt = async (): Promise<boolean> => {
    try {
      fs.mkdirSync(dir, { recursive: true });
      const date = now();
      const dest = path.join(dir, freeName(dir, folderTimestamp(date)));
      const result = await backupLibrary({ dataDir: opts.dataDir, dest, now: () => date });
      log(`Backup written: ${result.folder} (${result.manifest.files.length} files, ${(result.totalBytes / 1_000_000).toFixed(1)} MB)`);
      if (result.missingPhotos.length) warn(`Backup note: ${result.missingPhotos.length} photo files named in the library are missing from it; run \`npm run cli -- check\``);
      const removed = pruneBackups(dir, keep);
      for (const r of removed) log(`Removed old backup ${r}`);
      opts.onDone?.({ result, removed });
      return true;
    } catch (error) {
      warn(`Backup failed (${dir}): ${error instanceof Error ? error.message : String(error)}`);
      opts.onDone?.({ error });
      return false;
    }
  };

  const runNow = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= attempt().then((ok) => {
      running = null;
      if (timer) clearTimeout(timer);
      schedule(ok ? interval : Math.min(interval, RETRY_MS));
    });
    return running;
  };

  // At start: due a day after the newest backup, which may be now.
  let newest: StoredBackup | undefined;
  try {
    newest = listBackups(dir).at(-1);
  } catch (err) {
    warn(`Backup folder ${dir} cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const due = newest ? Date.parse(newest.createdAt) + interval : now().getTime();
  // (A newest backup "from the future", after the clock was set back, waits one interval at most.)
  schedule(Math.min(interval, due - now().getTime()));

  return {
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

/** The server's flags for the daily backup (main.ts adds them to the ones it knows). */
export const BACKUP_FLAGS = ['--backup-keep', '--backup-dir'] as const;
const MAX_KEEP = 1000;

export interface BackupArgs {
  /** Backups kept; 0 turns the daily backup off. */
  keep: number;
  /** null: <library>/backups. */
  dir: string | null;
}

/** --backup-keep N (default 7; 0 = no daily backup) and --backup-dir DIR; throws an Error with a plain message. */
export function parseBackupArgs(argv: string[]): BackupArgs {
  const keepText = optionValue(argv, '--backup-keep');
  const keep = keepText === undefined ? DEFAULT_BACKUP_KEEP : Number(keepText);
  if (keepText !== undefined && (!/^\d+$/.test(keepText.trim()) || keep > MAX_KEEP)) {
    throw new Error(`--backup-keep must be a whole number from 0 (no daily backup) to ${MAX_KEEP}, not "${keepText}"`);
  }
  const dirText = optionValue(argv, '--backup-dir');
  if (dirText === '') throw new Error('--backup-dir needs a value');
  return { keep, dir: dirText === undefined ? null : path.resolve(dirText) };
}

/** Starts the daily backup the flags ask for (none for --backup-keep 0): what it does on `say`, failures on `warn`. */
export function startDailyBackup(dataDir: string, args: BackupArgs, say: (line: string) => void, warn: (line: string) => void): BackupSchedule | null {
  if (args.keep === 0) {
    say('Daily backup: off (--backup-keep 0).');
    return null;
  }
  const dir = args.dir ?? path.join(dataDir, BACKUPS_FOLDER);
  say(`Daily backup: into ${dir}, keeping the newest ${args.keep}.`);
  return startBackupSchedule({ dataDir, dir, keep: args.keep, log: say, warn });
}
