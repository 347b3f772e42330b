// `npm run web`: beyond loopback the server will not start on a library without an administrator
// (the office network could otherwise claim the first-run setup); after `cli user add` it starts, with
// the session limits given on its command line.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/node/cli/run';
import { describeFailure, parseWebArgs } from '../../src/node/server/main';
import { NoAdministratorError, startServer } from '../../src/node/server/server';
import { DEFAULT_SESSION_LIMITS } from '../../src/node/auth/session-store';
import { exportLogOf } from '../../src/node/export/export-log';
import { openLibrary } from '../../src/node/library/open-library';
import { REPO_ROOT, removeTempDirs, tempDir } from './helpers';

const MESSAGE_EN =
  'The library has no administrator account, so it cannot be served to the office network on 0.0.0.0. First run on this machine: npm run cli -- user add <login> --name <name> --role 管理员';

let dataDir: string;
let rendererDir: string;
let entry: string;

beforeAll(() => {
  const work = tempDir('qikan-web-start-');
  dataDir = path.join(work, 'data');
  // A stand-in for the built renderer: the server only needs its index.html to start.
  rendererDir = path.join(work, 'renderer');
  fs.mkdirSync(rendererDir, { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  // The server's real main() in its own process, as web.ts runs it, serving the stand-in.
  entry = path.join(work, 'web-entry.ts');
  fs.writeFileSync(
    entry,
    `import { main } from ${JSON.stringify(path.join(REPO_ROOT, 'src/node/server/main.ts'))};\nvoid main(process.argv.slice(2), { rendererDir: ${JSON.stringify(rendererDir)} });\n`,
  );
});
afterAll(removeTempDirs);

/** Runs the server; resolves with its exit, or with the address it printed once it listens (then stops it). */
function runWeb(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string; url: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), [entry, '--data', dataDir, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'C.UTF-8' },
    });
    let stdout = '';
    let stderr = '';
    let url: string | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      const m = /running at (\S+)/.exec(stdout);
      if (m && url === null) {
        url = m[1]!;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, url });
    });
  });
}

describe('npm run web', () => {
  it('reads the session limits and refuses bad ones', () => {
    const args = parseWebArgs(['--data', '/tmp/x', '--host', '0.0.0.0', '--session-idle', '30', '--session-max=600'], {});
    expect(args.limits).toEqual({ idleMinutes: 30, absoluteMinutes: 600 });
    expect(parseWebArgs(['--data', '/tmp/x'], {}).limits).toEqual(DEFAULT_SESSION_LIMITS);
    expect(() => parseWebArgs(['--session-idle', '0'], {})).toThrow('--session-idle must be a whole number of minutes');
    expect(() => parseWebArgs(['--session-max', '1.5'], {})).toThrow('--session-max must be a whole number of minutes');
    expect(() => parseWebArgs(['--session-idle'], {})).toThrow('--session-idle needs a value');
    expect(() => parseWebArgs(['--session-idle', '90', '--session-max', '60'], {})).toThrow('cannot be longer than --session-max');
  });

  it('will not serve the office network without an administrator: exit 1 and the message', async () => {
    // In this process: the error, and the sentence main() prints for it.
    const refused = await startServer({ dataDir, host: '0.0.0.0', port: 0, rendererDir, log: () => {} }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(NoAdministratorError);
    expect(describeFailure(refused, parseWebArgs(['--lang', 'en'], {}))).toBe(MESSAGE_EN);

    const r = await runWeb(['--host', '0.0.0.0', '--port', '0', '--lang', 'en']);
    expect(r.status).toBe(1);
    expect(r.url).toBeNull();
    expect(r.stderr.trim()).toBe(MESSAGE_EN);
    const zh = await runWeb(['--host', '0.0.0.0', '--port', '0']);
    expect(zh.status).toBe(1);
    expect(zh.stderr.trim()).toBe(
      '资料库还没有管理员账号，不能在 0.0.0.0 上为办公网络提供服务。请先在本机运行：npm run cli -- user add <登录名> --name <姓名> --role 管理员',
    );
  }, 120_000);

  it('starts after `cli user add`, with the session limits it was given', async () => {
    const out: string[] = [];
    const added = await runCli(
      ['--data', dataDir, 'user', 'add', 'admin', '--name', '管理员甲', '--role', '管理员', '--password-stdin'],
      { out: (l) => out.push(l), err: (l) => out.push(l), stdinIsTTY: false, readStdin: async () => 'admin pass 2026\n' },
      { LANG: 'C.UTF-8' },
    );
    expect(out).toEqual(['已添加账号 admin（管理员甲），角色：管理员']);
    expect(added).toBe(0);
    const io = { out: () => {}, err: (l: string) => out.push(l), stdinIsTTY: false, readStdin: async () => 'art pass 2026\n' };
    expect(await runCli(['--data', dataDir, 'user', 'add', 'mei', '--name', '美编乙', '--role', '美编', '--password-stdin'], io, { LANG: 'C.UTF-8' })).toBe(0);

    const server = await startServer({ dataDir, host: '0.0.0.0', port: 0, rendererDir, log: () => {}, access: { limits: parseWebArgs(['--session-idle', '45', '--session-max', '900'], {}).limits } });
    try {
      const port = new URL(server.url).port;
      const res = await fetch(`http://127.0.0.1:${port}/api/getAuthState`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${port}` },
        body: '{}',
      });
      const body = (await res.json()) as { ok: boolean; value: { needsSetup: boolean; setupAllowed: boolean; idleMinutes: number; absoluteMinutes: number } };
      expect(body.ok).toBe(true);
      expect(body.value).toMatchObject({ needsSetup: false, idleMinutes: 45, absoluteMinutes: 900 });

      // The person logs in with the account the command line made; the export log names them.
      const call = async (method: string, input: unknown, cookie = '') => {
        const r = await fetch(`http://127.0.0.1:${port}/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${port}`, ...(cookie ? { Cookie: cookie } : {}) },
          body: JSON.stringify(input),
        });
        return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!, body: (await r.json()) as { ok: boolean; value: any; error?: unknown } };
      };
      const login = await call('login', { login: 'mei', password: 'art pass 2026' });
      expect(login.body.ok).toBe(true);
      const issueId = (await call('listIssues', {}, login.cookie)).body.value[0].id as number;
      const started = await call('startExport', { issueId, kind: 'screen' }, login.cookie);
      expect(started.body.ok).toBe(true);
      let job = started.body.value;
      while (job.state === 'running') {
        await new Promise((r) => setTimeout(r, 100));
        job = (await call('getExportJob', { jobId: job.jobId }, login.cookie)).body.value;
      }
      expect(job.state).toBe('done');
      const lib = openLibrary({ dataDir });
      try {
        const mei = (lib.db.prepare("SELECT id FROM account WHERE login = 'mei'").get() as { id: number }).id;
        expect(exportLogOf(lib, issueId).map((e) => [e.jobId, e.kind, e.accountId])).toEqual([[job.jobId, 'screen', mei]]);
      } finally {
        lib.close();
      }
    } finally {
      await server.close();
    }

    const r = await runWeb(['--host', '0.0.0.0', '--port', '0', '--session-idle', '45', '--session-max', '900']);
    expect(r.stderr).toBe('');
    expect(r.url).toMatch(/^http:\/\/.+:\d+/);
    expect(r.stdout).toContain('Sessions end after 45 minutes without use, 900 minutes after login at most.');
    expect(r.status).toBe(0); // SIGTERM: the server closes and exits cleanly
  }, 120_000);
});
