// The shape of a command module. Commands are registered in ./index.ts.

import type { CliContext } from '../context';

export interface ParsedArgs {
  positionals: string[];
  /** Command flags given, e.g. { replace: true } for --replace. */
  flags: Record<string, boolean>;
}

export interface Command {
  /** The word typed on the command line. */
  name: string;
  /** Boolean flags the command accepts (without "--"). */
  flags?: readonly string[];
  /** Numbers of positional arguments accepted. */
  minArgs: number;
  maxArgs: number;
  run(ctx: CliContext, args: ParsedArgs): void;
}
