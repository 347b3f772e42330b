// `--flag value` and `--flag=value` options of the server's command line (the CLI parses its own in
// cli/run.ts). A flag followed by nothing or by another flag has no value, and says so.

/** The values of every `flag` in argv, in order; throws a plain Error for one without a value. */
export function optionValues(argv: readonly string[], flag: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === flag) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value`);
      values.push(next);
    } else if (arg.startsWith(`${flag}=`)) values.push(arg.slice(flag.length + 1));
  }
  return values;
}

/** The value of the first `flag`, or undefined when it is not given. */
export function optionValue(argv: readonly string[], flag: string): string | undefined {
  return optionValues(argv, flag)[0];
}
