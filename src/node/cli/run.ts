// Parses the command line, runs one command (awaiting it when it is async) and turns every failure into one translated line on stderr
// and an exit code: 0 success, 1 bad input or data, 2 wrong usage.

import { escapeUnsafe } from '../../shared/unsafe-characters';
import { QikanError } from '../../shared/errors';
import { resolveDataDir } from '../paths';
import type { Command, ParsedArgs } from './commands/command';
import { COMMANDS } from './commands';
import { CLI_LANGUAGES, CliInputError, CliUsageError, createContext, createTranslator, defaultLanguage, type CliIo, type CliLanguage } from './context';

export const EXIT_OK = 0;
export const EXIT_INPUT_ERROR = 1;
export const EXIT_USAGE_ERROR = 2;

interface GlobalOptions {
  lang: CliLanguage;
  langError: string | null;
  rest: string[];
  missingValue: string | null;
}

function splitGlobalOptions(argv: string[], env: NodeJS.ProcessEnv): GlobalOptions {
  let lang: CliLanguage = defaultLanguage(env);
  let langError: string | null = null;
  let missingValue: string | null = null;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [option, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (option !== '--data' && option !== '--lang') {
      rest.push(arg);
      continue;
    }
    const value = inlineValue ?? argv[++i];
    if (value === undefined || value === '') {
      missingValue = option;
      continue;
    }
    if (option === '--lang') {
      if ((CLI_LANGUAGES as readonly string[]).includes(value)) lang = value as CliLanguage;
      else langError = value;
    }
  }
  return { lang, langError, rest, missingValue };
}

function parseCommandArgs(command: Command, words: string[]): ParsedArgs {
  const args: ParsedArgs = { positionals: [], flags: {}, options: {} };
  const usage = `commands.${command.name}.usage`;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!(word.startsWith('--') && word.length > 2)) {
      args.positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = eq > 0 ? word.slice(2, eq) : word.slice(2);
    if (command.options?.includes(name)) {
      const value = eq > 0 ? word.slice(eq + 1) : words[++i];
      if (value === undefined || value === '') throw new CliUsageError('missingOptionValue', { option: `--${name}` });
      args.options[name] = value;
    } else if (command.flags?.includes(name) && eq < 0) {
      args.flags[name] = true;
    } else {
      throw new CliUsageError('unknownOption', { command: command.name, option: eq > 0 ? word.slice(0, eq) : word, usage });
    }
  }
  if (args.positionals.length < command.minArgs || args.positionals.length > command.maxArgs) {
    throw new CliUsageError('wrongArguments', { usage });
  }
  return args;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/** The io with every line's control, bidi-override and zero-width characters shown escaped: titles
 *  and names come from imported files, and a terminal must not act on what they hold. */
function safeIo(io: CliIo): CliIo {
  return { ...io, out: (line) => io.out(escapeUnsafe(line)), err: (line) => io.err(escapeUnsafe(line)) };
}

export async function runCli(argv: string[], rawIo: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const io = safeIo(rawIo);
  const globals = splitGlobalOptions(argv, env);
  const t = createTranslator(globals.lang);
  // Usage keys passed as parameters are themselves translated ("commands.outline.usage").
  const params = (p: Record<string, string | number>) =>
    Object.fromEntries(Object.entries(p).map(([k, v]) => [k, k === 'usage' ? t(String(v)) : v]));
  const fail = (code: number, message: string) => {
    io.err(oneLine(t('errorPrefix') + message));
    return code;
  };
  if (globals.langError !== null) return fail(EXIT_USAGE_ERROR, t('badLanguage', { lang: globals.langError }));
  if (globals.missingValue !== null) return fail(EXIT_USAGE_ERROR, t('missingOptionValue', { option: globals.missingValue }));

  const [name, ...words] = globals.rest;
  if (name === undefined) return fail(EXIT_USAGE_ERROR, t('missingCommand'));
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) return fail(EXIT_USAGE_ERROR, t('unknownCommand', { command: name }));

  const ctx = createContext(t, io, resolveDataDir(argv, env));
  try {
    await command.run(ctx, parseCommandArgs(command, words));
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CliUsageError) return fail(EXIT_USAGE_ERROR, t(err.key, params(err.params)));
    if (err instanceof CliInputError) return fail(EXIT_INPUT_ERROR, t(err.key, params(err.params)));
    if (err instanceof QikanError) {
      // Refusals about people and the 付印 freeze have their own sentence (errors.auth.<reason>), as in the app.
      const authText = err.details.reason === undefined ? '' : t(`errors:auth.${String(err.details.reason)}`, { ...err.details, defaultValue: '' });
      if (authText) return fail(EXIT_INPUT_ERROR, authText);
      const reasonKey = `reasons.${String(err.details.reason)}`;
      const reason = err.details.reason !== undefined && t(reasonKey) !== reasonKey ? t(reasonKey) : err.details.reason;
      // A refused image says in the reader's language what was expected ("a JPEG, PNG or TIFF image").
      const expectedKey = `expectedFor.${String(err.details.reason)}`;
      const expected = t(expectedKey) !== expectedKey ? t(expectedKey) : err.details.expected;
      const message = t(`errors:${err.code}`, { ...err.details, reason, expected });
      const extra = err.code === 'library_unreadable' && reason ? ` (${String(reason)})` : '';
      return fail(err.code === 'invalid_request' ? EXIT_USAGE_ERROR : EXIT_INPUT_ERROR, message + extra);
    }
    return fail(EXIT_INPUT_ERROR, `${t('errors:internal')} ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    ctx.close();
  }
}
