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

process.exitCode = runCli(process.argv.slice(2), io);
