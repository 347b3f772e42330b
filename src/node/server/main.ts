// `npm run web`: the same app in a browser. Serves out/renderer and the API on one local port.
//   --data DIR   library folder (else $QIKAN_DATA_DIR, else the platform default shared with the desktop app)
//   --host HOST  default 127.0.0.1 (loopback only)
//   --port N     default 5174; 0 picks any free port
//   --lang L     zh-CN | en, for error texts printed here
//   --session-idle MINUTES  a session ends after this long without a call (default 480)
//   --session-max MINUTES   and this long after its login at most (default 10080, a week)
//   --allowed-host NAME     a name the office reaches the server by besides the machine's own (repeatable,
//                           or comma-separated); Host headers naming anything else are refused
//   --backup-keep N  daily backups kept (default 7; 0 = no daily backup); see src/node/backup/schedule.ts
//   --backup-dir DIR where they go (default <library>/backups)
// Beyond loopback (--host 0.0.0.0) it refuses to start until the library has an administrator:
// `npm run cli -- user add <login> --name <name> --role 管理员` creates one.

import { QikanError } from '../../shared/errors';
import { createI18n, isLanguage, normalizeLanguage, type Language } from '../../shared/i18n';
import { resolveDataDir } from '../paths';
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from '../auth/session-store';
import { newRequestId } from '../api/dispatch';
import { optionValue, optionValues } from '../option-values';
import { DEFAULT_HOST, DEFAULT_PORT, NoAdministratorError, startServer, type ServerOptions } from './server';
import { BACKUP_FLAGS, parseBackupArgs, startDailyBackup } from '../backup/schedule';

/** A year: longer limits are a typo, not a policy. */
const MAX_SESSION_MINUTES = 366 * 24 * 60;

export interface WebArgs {
  dataDir: string;
  host: string;
  port: number;
  lang: Language;
  /** Session limits in minutes (the defaults unless given). */
  limits: SessionLimits;
  /** Names besides the machine's own the server answers to (--allowed-host). */
  allowedHosts: string[];
}

/** Throws an Error with a plain message for a bad argument. */
export function parseWebArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): WebArgs {
  const valueOf = (flag: string): string | undefined => optionValue(argv, flag);
  const known = new Set(['--data', '--host', '--port', '--lang', '--session-idle', '--session-max', '--allowed-host', ...BACKUP_FLAGS]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const name = arg.split('=')[0]!;
    if (!known.has(name)) throw new Error(`unknown option ${name} (known: ${[...known].join(', ')})`);
  }
  const portText = valueOf('--port');
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, not "${portText}"`);
  const langText = valueOf('--lang');
  if (langText !== undefined && !isLanguage(langText)) throw new Error(`--lang must be zh-CN or en, not "${langText}"`);
  valueOf('--data'); // reports a missing value; resolveDataDir reads it
  const minutes = (flag: string, fallback: number): number => {
    const text = valueOf(flag);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_SESSION_MINUTES) {
      throw new Error(`${flag} must be a whole number of minutes from 1 to ${MAX_SESSION_MINUTES}, not "${text}"`);
    }
    return n;
  };
  const limits: SessionLimits = {
    idleMinutes: minutes('--session-idle', DEFAULT_SESSION_LIMITS.idleMinutes),
    absoluteMinutes: minutes('--session-max', DEFAULT_SESSION_LIMITS.absoluteMinutes),
  };
  if (limits.idleMinutes > limits.absoluteMinutes) {
    throw new Error(`--session-idle (${limits.idleMinutes} minutes) cannot be longer than --session-max (${limits.absoluteMinutes} minutes)`);
  }
  const allowedHosts: string[] = [];
  for (const value of optionValues(argv, '--allowed-host')) {
    if (value === '') throw new Error('--allowed-host needs a host name');
    for (const name of value.split(',')) {
      const n = name.trim();
      if (!/^[A-Za-z0-9.:\[\]-]{1,253}$/u.test(n)) throw new Error(`--allowed-host: "${name}" is not a host name or address`);
      allowedHosts.push(n);
    }
  }
  return {
    allowedHosts,
    dataDir: resolveDataDir(argv, env),
    host: valueOf('--host') ?? DEFAULT_HOST,
    port,
    lang: langText !== undefined && isLanguage(langText) ? langText : normalizeLanguage(env['LANG']),
    limits,
  };
}

/** The one message printed when the server cannot start (in the --lang language where it is ours). */
export function describeFailure(err: unknown, args: WebArgs | null): string {
  if (err instanceof QikanError) {
    return createI18n(args?.lang).t(`errors:${err.code}`, { ...err.details, defaultValue: err.message });
  }
  if (err instanceof NoAdministratorError) {
    return createI18n(args?.lang).t('errors:server.noAdministrator', { host: err.host, defaultValue: err.message });
  }
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (args && code === 'EADDRINUSE') {
    return `Port ${args.port} on ${args.host} is already in use (is Qikan Studio already running there?).\nPick another with --port N, or --port 0 for any free port.`;
  }
  if (args && (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')) return `Cannot listen on host "${args.host}".`;
  return err instanceof Error ? err.message : String(err);
}

/** `overrides` lets a test serve a stand-in renderer folder; web.ts passes none. */
export async function main(argv: string[] = process.argv.slice(2), overrides: Pick<ServerOptions, 'rendererDir'> = {}): Promise<void> {
  let args: WebArgs | null = null;
  try {
    args = parseWebArgs(argv);
    const backupArgs = parseBackupArgs(argv);
    const server = await startServer({
      dataDir: args.dataDir,
      host: args.host,
      port: args.port,
      log: (line) => console.error(line),
      access: { limits: args.limits },
      allowedHosts: args.allowedHosts,
      ...overrides,
    });
    // The last line of defence: every route has its own error boundary (server.ts), but a bug in a
    // timer or a stream event must not end the office's server either. It is logged with an id.
    process.on('uncaughtException', (err) => console.error(`qikan: uncaught error [${newRequestId()}]: ${err.stack ?? err.message}`));
    process.on('unhandledRejection', (reason) => console.error(`qikan: unhandled rejection [${newRequestId()}]: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));
    console.log(`Qikan Studio is running at ${server.url}`);
    console.log(`Library: ${args.dataDir}`);
    console.log(`Sessions end after ${args.limits.idleMinutes} minutes without use, ${args.limits.absoluteMinutes} minutes after login at most.`);
    const backups = startDailyBackup(args.dataDir, backupArgs, (line) => console.log(line), (line) => console.error(line));
    console.log('Press Ctrl+C to stop.');
    let closing = false;
    const shutdown = (): void => {
      if (closing) return;
      closing = true;
      // A backup under way is finished first (the schedule never throws).
      Promise.resolve(backups?.stop())
        .then(() => server.close())
        .then(
          () => process.exit(0),
          (err: unknown) => {
            console.error(describeFailure(err, args));
            process.exit(1);
          },
        );
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  } catch (err) {
    console.error(describeFailure(err, args));
    process.exit(1);
  }
}

