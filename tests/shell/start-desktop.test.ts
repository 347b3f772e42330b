// `npm start` on a machine that cannot download the Electron binary must stop quickly with a clear
// two-line message pointing at `npm run web`, before building anything. The download is pointed at a
// local address so the test behaves the same with or without internet.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_LIMITS } from '../../src/node/auth/session-store';
import { parseWebArgs } from '../../src/node/server/main';

const root = resolve(__dirname, '../..');
const binaryInstalled = existsSync(join(root, 'node_modules/electron/dist/version'));
const cache = mkdtempSync(join(tmpdir(), 'qikan-electron-cache-'));

afterAll(() => rmSync(cache, { recursive: true, force: true }));

function runStart(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'scripts/start-desktop.mjs')], {
      cwd: root,
      env: { ...process.env, electron_config_cache: cache, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok((server.address() as { port: number }).port)));
}

describe.skipIf(binaryInstalled)('npm start without the Electron binary', () => {
  it('fails with two clear lines when the download is refused', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((ok) => closed.close(ok)); // nothing listens there now
    const r = await runStart({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/Could not download the Electron binary/);
    expect(lines[1]).toMatch(/npm run web/);
    expect(r.stdout).not.toMatch(/electron-vite|building/i);
  });

  it('gives up on a download that stalls, killing the downloader', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const stalled = createServer((s) => void sockets.add(s)); // accepts, never answers
    const port = await listen(stalled);
    try {
      const r = await runStart({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, QIKAN_ELECTRON_DOWNLOAD_TIMEOUT_MS: '1500' });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/gave up after/);
      expect(r.stderr).toMatch(/npm run web/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((ok) => stalled.close(ok));
    }
  });
});

describe('npm run web arguments', () => {
  it('reads --data, --host, --port, --lang and the session limits, with defaults', () => {
    const a = parseWebArgs(['--data', '/tmp/lib', '--port', '0', '--lang', 'en', '--host=localhost', '--session-idle', '30', '--session-max=600', '--allowed-host', 'qikan.lan,10.0.0.5', '--allowed-host=desk'], {});
    expect(a).toEqual({ dataDir: '/tmp/lib', host: 'localhost', port: 0, lang: 'en', limits: { idleMinutes: 30, absoluteMinutes: 600 }, allowedHosts: ['qikan.lan', '10.0.0.5', 'desk'] });
    const d = parseWebArgs([], { QIKAN_DATA_DIR: '/srv/qikan', LANG: 'zh_CN.UTF-8' });
    expect(d).toEqual({ dataDir: '/srv/qikan', host: '127.0.0.1', port: 5174, lang: 'zh-CN', limits: DEFAULT_SESSION_LIMITS, allowedHosts: [] });
  });

  it('rejects bad values with a message naming the option', () => {
    expect(() => parseWebArgs(['--port', '70000'], {})).toThrow(/--port/);
    expect(() => parseWebArgs(['--port', 'abc'], {})).toThrow(/--port/);
    expect(() => parseWebArgs(['--lang', 'fr'], {})).toThrow(/--lang/);
    expect(() => parseWebArgs(['--data'], {})).toThrow(/--data needs a value/);
    expect(() => parseWebArgs(['--verbose'], {})).toThrow(/unknown option --verbose/);
    expect(() => parseWebArgs(['--allowed-host'], {})).toThrow(/--allowed-host/);
    expect(() => parseWebArgs(['--allowed-host', 'evil example'], {})).toThrow(/--allowed-host/);
    expect(() => parseWebArgs(['--session-idle', '0'], {})).toThrow(/--session-idle/);
    expect(() => parseWebArgs(['--session-max', '1.5'], {})).toThrow(/--session-max/);
    expect(() => parseWebArgs(['--session-idle', '120', '--session-max', '60'], {})).toThrow(/--session-idle .* cannot be longer than --session-max/);
  });
});
