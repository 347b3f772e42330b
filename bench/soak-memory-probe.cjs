// Preloaded (--require, with --expose-gc) into the server process by soak.bench.ts only: on SIGUSR2 it
// runs a full garbage collection in the main thread and writes that thread's heap figures and the
// process's resident size as one JSON line to QIKAN_SOAK_PROBE_FILE. The soak reads it after the
// warm-up and at the end, to tell the live heap (what the caches really hold) from the room V8 keeps.
'use strict';
const fs = require('node:fs');
const { isMainThread } = require('node:worker_threads');

const target = process.env.QIKAN_SOAK_PROBE_FILE;
if (isMainThread && target && typeof global.gc === 'function') {
  process.on('SIGUSR2', () => {
    global.gc();
    const m = process.memoryUsage();
    fs.writeFileSync(`${target}.tmp`, JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal }));
    fs.renameSync(`${target}.tmp`, target);
  });
}
