// `cli user …` and `cli log`: accounts from the server machine itself, every change in the record
// (操作记录) as the command line, and an issue's record printed without anything a terminal would obey.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountByLogin, insertAccount, updateAccountRow } from '../../src/node/auth/account-store';
import { verifyPassword } from '../../src/node/auth/passwords';
import { createSessionStore } from '../../src/node/auth/session-store';
import { cliActorName } from '../../src/node/cli/record';
import { runCli } from '../../src/node/cli/run';
import { openLibrary } from '../../src/node/library/open-library';
import { queryActivity, recordActivity } from '../../src/node/record/activity-store';
import type { ActivityEntry } from '../../src/shared/auth';
import { openSampleLibrary, REPO_ROOT, removeTempDirs, sampleJson, tempDir } from './helpers';

let dataDir: string;

beforeAll(() => {
  dataDir = tempDir('qikan-cli-users-');
  openSampleLibrary(dataDir).close();
});
afterAll(removeTempDirs);

/** The real command line in its own process, with `input` on a piped (not a terminal) standard input. */
function spawned(args: string[], input = '') {
  const r = spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['src/node/cli/main.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    input,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'C.UTF-8', QIKAN_DATA_DIR: dataDir },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same runner in this process (fast), with standard input given as text. */
async function cli(args: string[], stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(
    ['--data', dataDir, ...args],
    { out: (l) => out.push(l), err: (l) => err.push(l), stdinIsTTY: false, ...(stdin !== undefined ? { readStdin: async () => stdin } : {}) },
    { LANG: 'C.UTF-8' },
  );
  return { status, out, err, stdout: out.join('\n'), stderr: err.join('\n') };
}

function withDb<T>(f: (db: ReturnType<typeof openLibrary>['db']) => T): T {
  const lib = openLibrary({ dataDir });
  try {
    return f(lib.db);
  } finally {
    lib.close();
  }
}

const cliLines = (): ActivityEntry[] => withDb((db) => queryActivity(db, { limit: 10_000 })).filter((e) => e.origin === 'cli');

describe('cli user', () => {
  it('adds the first person from --password-stdin as an administrator, and says so', () => {
    const r = spawned(['user', 'add', 'Zhang', '--name', '张三', '--role', '主编', '--password-stdin'], 'first pass 2026\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('已添加账号 zhang（张三），角色：管理员、主编');
    expect(r.stdout).toContain('资料库还没有管理员，所以 zhang 同时获得“管理员”角色');
    const row = withDb((db) => accountByLogin(db, 'zhang'))!;
    expect(JSON.parse(row.roles)).toEqual(['管理员', '主编']);
    expect(row.disabled).toBe(0);
    return Promise.all([verifyPassword('first pass 2026', row.password_hash), verifyPassword('first pass 2026\n', row.password_hash)]).then(([ok, withNewline]) => {
      expect(ok).toBe(true);
      expect(withNewline).toBe(false);
    });
  });

  it('refuses to guess a password: no terminal and no --password-stdin, or too short', async () => {
    const before = cliLines().length;
    const r = spawned(['user', 'add', 'li', '--name', '李四', '--role', '校对']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('错误：标准输入不是终端，无法提示输入密码。请加 --password-stdin 从标准输入读取密码（密码不能写在命令行上）');
    const short = await cli(['user', 'add', 'li', '--name', '李四', '--role', '校对', '--password-stdin'], 'short\n');
    expect(short.status).toBe(1);
    expect(short.stderr).toBe('错误：密码太短：至少 8 个字符');
    // No --password option exists to put one on the command line.
    const inline = await cli(['user', 'add', 'li', '--name', '李四', '--role', '校对', '--password', 'secret pass 1']);
    expect(inline.status).toBe(2);
    expect(inline.stderr).toContain('--password');
    const badRole = await cli(['user', 'add', 'li', '--name', '李四', '--role', '校对,总编', '--password-stdin'], 'long enough 1\n');
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toContain('没有“总编”这个角色');
    expect(withDb((db) => accountByLogin(db, 'li'))).toBeUndefined();
    expect(cliLines()).toHaveLength(before);
  });

  it('adds more people with the roles asked for, and lists them without any hash', async () => {
    const r = await cli(['user', 'add', 'li', '--name', '李四', '--role', '校对、美编', '--password-stdin'], 'li pass 2026\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('已添加账号 li（李四），角色：美编、校对');
    expect((await cli(['user', 'add', 'li', '--name', '李四二', '--role', '校对', '--password-stdin'], 'li pass 2026\n')).stderr).toBe('错误：登录名 li 已被使用');

    const list = await cli(['--lang', 'en', 'user', 'list']);
    expect(list.status).toBe(0);
    expect(list.out[0]).toMatch(/^login\s+name\s+roles\s+state$/);
    expect(list.out.find((l) => l.startsWith('zhang'))).toMatch(/^zhang\s+张三\s+管理员、主编\s+active$/);
    expect(list.out.find((l) => l.startsWith('li '))).toMatch(/^li\s+李四\s+美编、校对\s+active$/);
    const hashes = withDb((db) => (db.prepare('SELECT password_hash FROM account WHERE password_hash IS NOT NULL').all() as { password_hash: string }[]).map((h) => h.password_hash));
    expect(hashes.length).toBeGreaterThanOrEqual(2);
    for (const h of hashes) {
      for (const part of h.split('$').slice(4)) expect(list.stdout).not.toContain(part);
    }
    expect(list.stdout).not.toContain('scrypt');
  });

  it('passwd gives a migrated account (disabled, no password) a password and enables it', async () => {
    withDb((db) => {
      const row = insertAccount(db, { login: 'wang-wu', displayName: '王五', roles: ['校对'], passwordHash: null });
      updateAccountRow(db, row.id, { disabled: true });
    });
    const list = await cli(['user', 'list']);
    expect(list.out.find((l) => l.startsWith('wang-wu'))).toMatch(/未设密码（已停用）$/);
    expect((await cli(['user', 'enable', 'wang-wu'])).stderr).toBe('错误：wang-wu 还没有密码，不能启用：请运行 user passwd wang-wu（设置密码即启用）');

    const r = await cli(['user', 'passwd', 'wang-wu', '--password-stdin'], 'wang pass 2026\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('已为 wang-wu（王五）设置密码，账号已启用');
    const row = withDb((db) => accountByLogin(db, 'wang-wu'))!;
    expect(row.disabled).toBe(0);
    expect(await verifyPassword('wang pass 2026', row.password_hash)).toBe(true);
    expect((await cli(['user', 'list'])).out.find((l) => l.startsWith('wang-wu'))).toMatch(/可用$/);
    expect((await cli(['user', 'passwd', 'nobody', '--password-stdin'], 'whatever 123\n')).stderr).toBe('错误：没有登录名为 nobody 的账号');
  });

  it('will not disable the last administrator or take the role from them; disabling ends sessions', async () => {
    const refused = await cli(['user', 'disable', 'zhang']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('错误：zhang 是最后一位可用的管理员，不能停用，也不能去掉其管理员角色');
    expect((await cli(['user', 'roles', 'zhang', '主编'])).status).toBe(1);
    expect(withDb((db) => accountByLogin(db, 'zhang'))!.disabled).toBe(0);

    // With a second administrator the first may go; their open session ends with it.
    expect((await cli(['user', 'roles', 'li', '管理员,校对'])).stdout).toBe('li（李四）的角色现在是：管理员、校对');
    const token = withDb((db) => createSessionStore(db).create(accountByLogin(db, 'zhang')!.id, '10.0.0.5', 'test').token);
    const disabled = await cli(['user', 'disable', 'zhang']);
    expect(disabled.status).toBe(0);
    expect(disabled.stdout).toBe('已停用 zhang（张三），结束了 1 个登录；其历史记录保留');
    expect(withDb((db) => createSessionStore(db).resolve(token).actor)).toBeNull();
    // Now li is the last administrator.
    expect((await cli(['user', 'disable', 'li'])).status).toBe(1);
    expect((await cli(['user', 'enable', 'zhang'])).stdout).toBe('已启用 zhang（张三）');
  });

  it('writes every change to the record as the command line, and nothing for a refusal', async () => {
    const lines = cliLines().reverse();
    expect(lines.map((l) => l.action)).toEqual([
      'cli:user add', // zhang
      'cli:user add', // li
      'cli:user passwd', // wang-wu
      'cli:user roles', // li becomes an administrator
      'cli:user disable', // zhang
      'cli:user enable', // zhang
    ]);
    for (const l of lines) {
      expect(l).toMatchObject({ accountId: null, actorName: cliActorName(), origin: 'cli', outcome: 'done' });
      expect(l.actorName).toMatch(/^命令行（.+）$/);
      expect(JSON.stringify(l)).not.toContain('pass 2026');
    }
    expect(lines[0]!.params).toMatchObject({ login: 'zhang', account: '张三', roles: '管理员、主编' });
    expect(lines[2]!.params).toMatchObject({ login: 'wang-wu', enabled: true });
    expect(lines[3]!.params['roles']).toBe('美编、校对 → 管理员、校对');
  });
});

describe('cli log', () => {
  it("prints an issue's record newest first, filtered, with control characters taken out", async () => {
    // An import from the command line is in the record too.
    const j = sampleJson();
    j.masthead.issueNumber = 2;
    j.masthead.totalNumber = 314;
    const file = path.join(tempDir(), 'issue-2.json');
    fs.writeFileSync(file, JSON.stringify(j));
    expect((await cli(['import-json', file])).status).toBe(0);
    const issueId = withDb((db) => (db.prepare('SELECT id FROM issue WHERE year = 2026 AND number = 2').get() as { id: number }).id);
    const imported = cliLines().find((l) => l.action === 'cli:import-json')!;
    expect(imported).toMatchObject({ issueId, params: { issue: '2026-2', file: 'issue-2.json', replace: false } });

    const zhangId = withDb((db) => accountByLogin(db, 'zhang')!.id);
    withDb((db) => {
      const articleId = (db.prepare('SELECT id FROM article WHERE issue_id = ? ORDER BY id LIMIT 1').get(issueId) as { id: number }).id;
      recordActivity(db, {
        accountId: zhangId,
        actorName: '张三\u001b[2J',
        action: 'updateArticle',
        outcome: 'done',
        issueId,
        articleId,
        params: { issue: '2026-2', title: '标题\u0007\u202e倒', revision: 4 },
        note: '第一行\n伪造的一行\r\u001b[31m红',
        origin: '10.0.0.5',
      });
      recordActivity(db, { accountId: null, actorName: '', action: 'signRound', outcome: 'refused', issueId, params: { issue: '2026-2', round: '一校', step: '终审', code: 'forbidden' }, origin: '10.0.0.6' });
      // Another issue's line stays out.
      recordActivity(db, { accountId: zhangId, actorName: '张三', action: 'updateArticle', outcome: 'done', params: { issue: '2026-1' }, origin: '10.0.0.5' });
    });

    const r = await cli(['log', '2026-2']);
    expect(r.status).toBe(0);
    expect(r.out[0]).toBe('2026-2 的操作记录（3 条，最新的在前）：');
    expect(r.out).toHaveLength(4);
    for (const l of r.out) expect(l).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
    const [refused, edit, importLine] = r.out.slice(1) as [string, string, string];
    expect(refused).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}— {2}signRound {2}被拒绝 {2}一校 终审 code=forbidden$/);
    expect(edit).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}张三 \[2J {2}updateArticle {2}完成 {2}《标题 倒》 revision=4 {2}备注：第一行 伪造的一行 \[31m红$/);
    expect(importLine).toContain(`${cliActorName()}  cli:import-json  完成  file=issue-2.json replace=false sections=`);

    const onlyZhang = await cli(['log', '2026-2', '--person', 'zhang']);
    expect(onlyZhang.out.slice(1).map((l) => l.split('  ')[2])).toEqual(['updateArticle']);
    const onlyImports = await cli(['--lang', 'en', 'log', '2026-2', '--action', 'cli:import-json']);
    expect(onlyImports.out[0]).toBe('The record of 2026-2 (1 lines, newest first):');
    expect(onlyImports.out[1]).toContain('cli:import-json  done');
    expect((await cli(['log', '2026-2', '--limit', '1'])).out.slice(1)).toEqual([refused]);
    expect((await cli(['log', '2026-2', '--limit', '0'])).status).toBe(2);
    expect((await cli(['log', '2026-2', '--person', 'nobody'])).stderr).toBe('错误：没有登录名为 nobody 的账号');
    expect((await cli(['log', '2031-9'])).stderr).toBe('错误：资料库中没有 2031-9。');
  });

  it('records a manuscript brought in from the command line, with its title', async () => {
    const file = path.join(tempDir(), '来稿.txt');
    fs.writeFileSync(file, '代表履职的一天\n\n清晨六点，代表已经出发。\n');
    const r = await cli(['import-text', '2026-2', '1', file]);
    expect(r.status).toBe(0);
    const log = await cli(['log', '2026-2', '--action', 'cli:import-text']);
    expect(log.out).toHaveLength(2);
    expect(log.out[1]).toMatch(new RegExp(`^\\S+ \\S+  ${cliActorName()}  cli:import-text  完成  《代表履职的一天》 section=\\S+ file=来稿.txt replaced=false photos=0$`, 'u'));
  });
});
