// What every command gets: the translator, output streams and the library (opened on first use).

import { createInstance, type TFunction } from 'i18next';
import enCli from '../../shared/locales/en/cli.json';
import enErrors from '../../shared/locales/en/errors.json';
import zhCli from '../../shared/locales/zh-CN/cli.json';
import zhErrors from '../../shared/locales/zh-CN/errors.json';
import { openLibrary, type Library } from '../library/open-library';
import { createLibraryService, type LibraryService } from '../services/library-service';

export const CLI_LANGUAGES = ['zh-CN', 'en'] as const;
export type CliLanguage = (typeof CLI_LANGUAGES)[number];

/** A mistake in how the command was called (exit code 2); `key` is a cli.json message. */
export class CliUsageError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'CliUsageError';
  }
}

/** A problem with the input or the data, already worded (exit code 1); `key` is a cli.json message. */
export class CliInputError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'CliInputError';
  }
}

export function createTranslator(lang: CliLanguage): TFunction {
  const i18n = createInstance();
  void i18n.init({
    resources: { 'zh-CN': { cli: zhCli, errors: zhErrors }, en: { cli: enCli, errors: enErrors } },
    lng: lang,
    fallbackLng: 'zh-CN',
    ns: ['cli', 'errors'],
    defaultNS: 'cli',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18n.t;
}

/** --lang beats $QIKAN_LANG; otherwise a $LANG starting with "en" means English; else Chinese. */
export function defaultLanguage(env: NodeJS.ProcessEnv): CliLanguage {
  const chosen = env.QIKAN_LANG;
  if (chosen === 'en' || chosen === 'zh-CN') return chosen;
  return (env.LANG ?? '').toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Everything on standard input (for --password-stdin); absent means an empty input. */
  readStdin?(): Promise<string>;
  /** Whether standard input is a terminal a person types into. */
  stdinIsTTY?: boolean;
  /** Asks on the terminal without echoing what is typed (passwords); only when stdinIsTTY. */
  promptHidden?(prompt: string): Promise<string>;
}

export interface CliContext {
  readonly t: TFunction;
  readonly io: CliIo;
  readonly dataDir: string;
  /** Opens the library once; closed by the runner after the command. */
  service(): LibraryService;
  /** The open library itself, for the production commands (photos, preflight, export). */
  library(): Library;
}

export function createContext(t: TFunction, io: CliIo, dataDir: string): CliContext & { close(): void } {
  let lib: Library | undefined;
  let service: LibraryService | undefined;
  const library = (): Library => (lib ??= openLibrary({ dataDir }));
  return {
    t,
    io,
    dataDir,
    service() {
      service ??= createLibraryService(library());
      return service;
    },
    library,
    close() {
      lib?.close();
    },
  };
}
