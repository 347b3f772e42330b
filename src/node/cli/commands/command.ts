// The shape of a command module. Commands are registered in ./index.ts.

import type { CliContext } from '../context';

export interface ParsedArgs {
  positionals: string[];
  /** Command flags given, e.g. { replace: true } for --replace. */
  flags: Record<string, boolean>;
  /** Options with a value, e.g. { out: "issue.pdf" } for --out issue.pdf or --out=issue.pdf. */
  options: Record<string, string>;
}

export interface Command {
  /** The word typed on the command line. */
  name: string;
  /** Boolean flags the command accepts (without "--"). */
  flags?: readonly string[];
  /** Options that take a value (without "--"). */
  options?: readonly string[];
  /** Numbers of positional arguments accepted. */
  minArgs: number;
  maxArgs: number;
  /** May be async: the runner awaits it before closing the library. */
  run(ctx: CliContext, args: ParsedArgs): void | Promise<void>;
}
