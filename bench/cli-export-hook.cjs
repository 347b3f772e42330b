// Preloaded (--require) into a cold `cli export` process by cli-export.bench.ts: notes when each
// stage line appears on stdout ("[35%] …", one per stage, in pipeline order) and, on exit, reports
// those times and the process's peak RSS on stderr as one JSON line. Changes nothing else.
'use strict';
const stageTimes = [];
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (/^\[\d+%\]/.test(String(chunk))) stageTimes.push(performance.now());
  return write(chunk, ...rest);
};
process.on('exit', (code) => {
  const report = { code, stageTimes, exitTime: performance.now(), maxRssKb: process.resourceUsage().maxRSS };
  process.stderr.write(`qikan-bench-report ${JSON.stringify(report)}\n`);
});
