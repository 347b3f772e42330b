// Entry point of `npm run cli -- <command>`.

import { runCli } from './run';

// Output piped into `head` closes early; that is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const io = {
  out: (line: string) => process.stdout.write(line + '\n'),
  err: (line: string) => process.stderr.write(line + '\n'),
};

void runCli(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
