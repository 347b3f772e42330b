// A backup folder: the database file (copied through SQLite's online backup), photos/ and fonts/, and
// manifest.json listing every file with its size and SHA-256. The manifest is written last, and the
// folder only gets its final name after that, so a folder with a manifest is a complete backup.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const MANIFEST_FILENAME = 'manifest.json';
export const MANIFEST_FORMAT = 'qikan-studio-backup';
export const MANIFEST_VERSION = 1;
/** The library's folders a backup carries besides the database (exports/ and cache/ are rebuilt). */
export const BACKED_UP_FOLDERS = ['photos', 'fonts'] as const;
/** The folder of the server's daily backups inside a library. */
export const BACKUPS_FOLDER = 'backups';

export interface ManifestFile {
  /** Relative to the backup folder, with forward slashes. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  /** library_meta.library_id, or null for a library older than the accounts (version 8). */
  libraryId: string | null;
  /** PRAGMA user_version of the copied database. */
  schemaVersion: number;
  /** ISO time the database was copied. */
  createdAt: string;
  /** The library folder backed up. */
  source: string;
  /** The database file's name among `files`. */
  database: string;
  files: ManifestFile[];
}

/** Why a backup, restore or check could not go on; `reason` names a message in cli.json (backupErrors.<reason>). */
export class BackupError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Files being written, or left by an interrupted write: writeFileAtomically's "<name>.<pid>.<n>.partial"
 *  (photos) and add-font's ".adding-<pid>-<hex>.part" (fonts). */
export function isPartialFile(name: string): boolean {
  return name.endsWith('.partial') || (name.startsWith('.adding-') && name.endsWith('.part'));
}

/** Every file under dir, relative to it with forward slashes, sorted; [] when dir does not exist. */
export function listFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), relative));
    else if (entry.isFile()) out.push(relative);
  }
  return out.sort();
}

/** A manifest path may only name a file inside the backup: the database or something under photos/ or fonts/. */
function safeRelativePath(p: unknown, database: string): p is string {
  if (typeof p !== 'string' || p === '' || p.includes('\\') || p.startsWith('/') || /^[A-Za-z]:/.test(p)) return false;
  const parts = p.split('/');
  if (parts.some((s) => s === '' || s === '.' || s === '..')) return false;
  return p === database || (parts.length > 1 && (BACKED_UP_FOLDERS as readonly string[]).includes(parts[0]!));
}

/** Reads and validates the manifest of a backup folder (its shape; restore checks the files). */
export function readManifest(folder: string): Manifest {
  const file = path.join(folder, MANIFEST_FILENAME);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new BackupError('notABackupFolder', `${folder} is not a folder`, { folder });
  }
  if (!fs.existsSync(file)) throw new BackupError('noManifest', `${folder} has no ${MANIFEST_FILENAME}: not a complete backup`, { folder });
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Manifest>;
  } catch (err) {
    throw new BackupError('badManifest', `${file}: ${err instanceof Error ? err.message : String(err)}`, { file });
  }
  const database = m.database;
  const valid =
    m !== null &&
    typeof m === 'object' &&
    m.format === MANIFEST_FORMAT &&
    m.version === MANIFEST_VERSION &&
    typeof m.schemaVersion === 'number' &&
    typeof m.createdAt === 'string' &&
    (m.libraryId === null || typeof m.libraryId === 'string') &&
    typeof database === 'string' &&
    !database.includes('/') &&
    Array.isArray(m.files) &&
    m.files.every((f) => f && safeRelativePath(f.path, database) && Number.isInteger(f.bytes) && f.bytes >= 0 && /^[0-9a-f]{64}$/.test(String(f.sha256))) &&
    m.files.some((f) => f.path === database) &&
    new Set(m.files.map((f) => f.path)).size === m.files.length;
  if (!valid) throw new BackupError('badManifest', `${file} is not a Qikan Studio backup manifest`, { file });
  return m as Manifest;
}

/** Every file of the manifest present with the size it lists; throws naming the first that is not. */
export function checkFilesPresent(folder: string, manifest: Manifest): void {
  for (const f of manifest.files) {
    const file = path.join(folder, ...f.path.split('/'));
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      throw new BackupError('fileMissing', `${f.path} is listed in the manifest but missing from the backup`, { file: f.path });
    }
    const bytes = fs.statSync(file).size;
    if (bytes !== f.bytes) {
      throw new BackupError('fileSizeDiffers', `${f.path} has ${bytes} bytes, the manifest says ${f.bytes}`, { file: f.path, bytes, expected: f.bytes });
    }
  }
}

/** A compact, sortable UTC time for folder names: 20260107T153012Z. */
export function folderTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** `base` if free, else base-2, base-3, … */
export function freeName(parent: string, base: string): string {
  let name = base;
  for (let n = 2; fs.existsSync(path.join(parent, name)); n++) name = `${base}-${n}`;
  return name;
}
