// `npm run web`: the same app in a browser. Serves out/renderer and the API on one local port.
//   --data DIR   library folder (else $QIKAN_DATA_DIR, else the platform default shared with the desktop app)
//   --host HOST  default 127.0.0.1 (loopback only)
//   --port N     default 5174; 0 picks any free port
//   --lang L     zh-CN | en, for error texts printed here

import { QikanError } from '../../shared/errors';
import { createI18n, isLanguage, normalizeLanguage, type Language } from '../../shared/i18n';
import { resolveDataDir } from '../paths';
import { DEFAULT_HOST, DEFAULT_PORT, NoAdministratorError, startServer } from './server';

export interface WebArgs {
  dataDir: string;
  host: string;
  port: number;
  lang: Language;
}

/** Throws an Error with a plain message for a bad argument. */
export function parseWebArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): WebArgs {
  const valueOf = (flag: string): string | undefined => {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      if (arg === flag) {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value`);
        return next;
      }
      if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
    }
    return undefined;
  };
  const known = new Set(['--data', '--host', '--port', '--lang']);
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
  return {
    dataDir: resolveDataDir(argv, env),
    host: valueOf('--host') ?? DEFAULT_HOST,
    port,
    lang: langText !== undefined && isLanguage(langText) ? langText : normalizeLanguage(env['LANG']),
  };
}

function describeFailure(err: unknown, args: WebArgs | null): string {
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

export async function main(): Promise<void> {
  let args: WebArgs | null = null;
  try {
    args = parseWebArgs(process.argv.slice(2));
    const server = await startServer({
      dataDir: args.dataDir,
      host: args.host,
      port: args.port,
      log: (line) => console.error(line),
    });
    console.log(`Qikan Studio is running at ${server.url}`);
    console.log(`Library: ${args.dataDir}`);
    console.log('Press Ctrl+C to stop.');
    let closing = false;
    const shutdown = (): void => {
      if (closing) return;
      closing = true;
      server.close().then(
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

