// Entry of a Node bundle (out/node/<name>.cjs, written by scripts/run-node.mjs from this file): runs
// out/node/<name>.bundle.cjs with V8's code cache. Node 20 has no compile cache of its own
// (module.enableCompileCache is Node 22), so every module this process compiles — the bundle and the
// packages it requires — is compiled with the bytecode V8 produced in an earlier run, kept in
// out/node/.code-cache/, and the cache is written again at exit when something was compiled anew.
// A cache that does not fit (another Node, a changed file) is rejected by V8 and simply rebuilt.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const crypto = require('node:crypto');

const bundle = path.join(__dirname, '__BUNDLE__');
const cacheDir = path.join(__dirname, '.code-cache');
const fresh = new Map(); // cache file → script whose code cache is to be written at exit

// <hash of the file name>-<hash of Node's version and the file's size, mtime and inode>.bin: a rebuilt
// bundle replaces its own cache file (the ones of earlier builds are removed when the new one is
// written). The file's identity stands in for its contents: hashing a 2 MB bundle on every start
// cost more than reading its cache, and V8 itself rejects a cache whose source does not match.
function cacheFileOf(filename) {
  const st = fs.statSync(filename);
  const name = crypto.createHash('sha1').update(filename).digest('hex').slice(0, 16);
  const key = crypto.createHash('sha1').update(`${process.version}|${st.size}|${st.mtimeMs}|${st.ino}`).digest('hex');
  return path.join(cacheDir, `${name}-${key}.bin`);
}

const originalCompile = Module.prototype._compile;
Module.prototype._compile = function compileWithCache(content, filename) {
  if (process.env.QIKAN_NO_CODE_CACHE) return originalCompile.call(this, content, filename);
  let cacheFile;
  try {
    cacheFile = cacheFileOf(filename);
  } catch {
    return originalCompile.call(this, content, filename); // not a file on disk: nothing to key a cache by
  }
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(content), { filename, cachedData, importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  if (cachedData === undefined || script.cachedDataRejected) fresh.set(cacheFile, script);
  const wrapper = script.runInThisContext({ displayErrors: true });
  const dirname = path.dirname(filename);
  const require = (id) => this.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, this, false, options);
  require.main = process.mainModule;
  require.cache = Module._cache;
  require.extensions = Module._extensions;
  return wrapper.call(this.exports, this.exports, require, this, filename, dirname);
};

process.once('exit', () => {
  if (fresh.size === 0) return;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const present = fs.readdirSync(cacheDir);
    for (const [file, script] of fresh) {
      const base = path.basename(file);
      const prefix = base.slice(0, base.indexOf('-') + 1);
      for (const old of present) if ((old.startsWith(prefix) && old !== base) || !old.includes('-')) fs.rmSync(path.join(cacheDir, old), { force: true });
      fs.writeFileSync(file, script.createCachedData());
    }
  } catch {
    // A read-only install runs without the cache.
  }
});

require(bundle);
