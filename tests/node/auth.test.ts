// Accounts and sessions against a real library through the real dispatch(): password hashing, session
// expiry (idle and absolute, on an injected clock), ending sessions, the login limiter, each refused
// login with its reason and its line in the record, the first-run setup, the last administrator, a
// payload naming another actor, and a replayed revision.

import { afterEach, describe, expect, it } from 'vitest';
import { dispatch, type ApiHandlers, type CallInfo } from '../../src/node/api/dispatch';
import type { Access } from '../../src/node/auth/access';
import { accountRow, insertAccount } from '../../src/node/auth/account-store';
import { hashPassword, verifyPassword } from '../../src/node/auth/passwords';
import { openLibrary, type Library } from '../../src/node/library/open-library';
import { queryActivity } from '../../src/node/record/activity-store';
import { createServices } from '../../src/node/services';
import type { Role } from '../../src/shared/auth';
import type { Envelope } from '../../src/shared/errors';
import { addPerson, createAccess, sessionOf, TEST_PASSWORD, TEST_SCRYPT } from '../support/people';
import { openSampleLibrary, removeTempDirs, snapshot, tempDir } from './helpers';

const libs: Library[] = [];
afterEach(() => {
  for (const l of libs.splice(0)) l.close();
  removeTempDirs();
});

const MINUTE = 60_000;

/** A sample library with its services, on a clock the test moves. */
function office(opts: { limits?: { idleMinutes: number; absoluteMinutes: number }; seed?: boolean } = {}) {
  const lib = opts.seed === false ? openLibrary({ dataDir: tempDir(), seedSample: false }) : openSampleLibrary();
  libs.push(lib);
  const clock = { t: Date.parse('2026-03-02T09:00:00Z') };
  const access: Access = createAccess(lib, { now: () => clock.t, ...(opts.limits ? { limits: opts.limits } : {}) });
  const handlers: ApiHandlers = createServices(lib, access);
  const info = (origin = '10.0.0.7', token: string | null = null, setupAllowed = false): CallInfo => ({ token, origin, userAgent: 'vitest', setupAllowed });
  const call = async (method: string, input: unknown, token: string | null, origin = '10.0.0.7'): Promise<Envelope<any>> =>
    (await dispatch(handlers, access, method, input, info(origin, token), () => undefined)).envelope;
  const login = async (login: string, password = TEST_PASSWORD, origin = '10.0.0.7') => {
    const r = await dispatch(handlers, access, 'login', { login, password }, info(origin), () => undefined);
    return { envelope: r.envelope as Envelope<any>, token: r.session && r.session.token ? r.session.token : null };
  };
  const person = (name: string, roles: readonly Role[], loginName?: string) => addPerson(lib, name, roles, loginName);
  return { lib, clock, access, handlers, info, call, login, person };
}

const refusal = (e: Envelope<unknown>) => (e.ok ? null : { code: e.error.code, reason: e.error.details.reason });

describe('passwords', () => {
  it('hashes with a random salt per call, verifies, and refuses a tampered or missing hash', async () => {
    const a = await hashPassword('正确的密码 1', TEST_SCRYPT);
    const b = await hashPassword('正确的密码 1', TEST_SCRYPT);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain('正确的密码');
    expect(await verifyPassword('正确的密码 1', a)).toBe(true);
    expect(await verifyPassword('正确的密码 1', b)).toBe(true);
    expect(await verifyPassword('正确的密码 2', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
    const parts = a.split('$');
    const flipped = parts[5]!.startsWith('A') ? `B${parts[5]!.slice(1)}` : `A${parts[5]!.slice(1)}`;
    expect(await verifyPassword('正确的密码 1', [...parts.slice(0, 5), flipped].join('$'))).toBe(false);
    expect(await verifyPassword('正确的密码 1', [...parts.slice(0, 4), b.split('$')[4], parts[5]].join('$'))).toBe(false);
    expect(await verifyPassword('正确的密码 1', a.replace('scrypt$1024', 'scrypt$2048'))).toBe(false);
    expect(await verifyPassword('正确的密码 1', 'scrypt$1024$8$1$abc')).toBe(false);
    // Parameters scrypt itself refuses: false, not an exception (a login would answer 500).
    expect(await verifyPassword('正确的密码 1', a.replace('scrypt$1024', 'scrypt$1000'))).toBe(false);
    expect(await verifyPassword('正确的密码 1', a.replace('scrypt$1024$8', 'scrypt$1024$0'))).toBe(false);
    expect(await verifyPassword('正确的密码 1', null)).toBe(false);
    // The default cost is memory-hard.
    const real = await hashPassword('x long password');
    expect(real.startsWith('scrypt$32768$8$1$')).toBe(true);
  });

  it('no answer carries a hash or a password: not listAccounts, not createAccount, not the record', async () => {
    const o = office();
    const admin = await o.person('管理员甲', ['管理员'], 'admin');
    const { token } = await o.login(admin.login);
    const made = await o.call('createAccount', { login: 'zhang', displayName: '张三', roles: ['责任编辑'], password: 'secret password 1' }, token);
    expect(made.ok).toBe(true);
    const listed = await o.call('listAccounts', {}, token);
    expect(listed.ok).toBe(true);
    for (const text of [JSON.stringify(made), JSON.stringify(listed), JSON.stringify(queryActivity(o.lib.db, { limit: 1000 }))]) {
      expect(text).not.toContain('scrypt$');
      expect(text).not.toContain('secret password 1');
      expect(text).not.toContain(TEST_PASSWORD);
      expect(text).not.toMatch(/password_?hash/i);
    }
    expect(accountRow(o.lib.db, made.ok ? made.value.id : 0).password_hash).toMatch(/^scrypt\$/);
    expect(made).toMatchObject({ ok: true, value: { login: 'zhang', roles: ['责任编辑'], disabled: false, needsPassword: false } });
    expect((await o.login('zhang', 'secret password 1')).envelope.ok).toBe(true);
  });
});

describe('sessions', () => {
  it('end after the idle limit, extended by use, and after the absolute limit however busy', async () => {
    const o = office({ limits: { idleMinutes: 10, absoluteMinutes: 60 } });
    const p = await o.person('王编辑', ['责任编辑']);
    const { token, envelope } = await o.login(p.login);
    expect(envelope).toMatchObject({ ok: true, value: { idleMinutes: 10, absoluteMinutes: 60 } });
    // Used every 9 minutes it stays alive past the idle limit…
    for (let i = 1; i <= 6; i++) {
      o.clock.t += 9 * MINUTE;
      expect((await o.call('listIssues', {}, token)).ok, `after ${i * 9} min`).toBe(true);
    }
    // …but not past the absolute one (60 min after login).
    o.clock.t += 7 * MINUTE;
    expect(refusal(await o.call('listIssues', {}, token))).toEqual({ code: 'unauthenticated', reason: 'expired' });
    // Expired is final: the clock going back does not revive it.
    o.clock.t -= 30 * MINUTE;
    expect(refusal(await o.call('listIssues', {}, token))).toEqual({ code: 'unauthenticated', reason: 'ended' });

    const again = await o.login(p.login);
    o.clock.t += 10 * MINUTE + 1;
    expect(refusal(await o.call('listIssues', {}, again.token))).toEqual({ code: 'unauthenticated', reason: 'expired' });
  });

  it('logout ends the session; a person ends their own, an administrator anyone’s, a non-administrator nobody else’s', async () => {
    const o = office();
    const admin = await o.person('管理员甲', ['管理员'], 'admin');
    const wang = await o.person('王编辑', ['责任编辑', '主编'], 'wang');
    const li = await o.person('李校对', ['校对'], 'li');

    const w1 = (await o.login('wang')).token;
    expect((await o.call('logout', {}, w1)).ok).toBe(true);
    expect(refusal(await o.call('listIssues', {}, w1))).toEqual({ code: 'unauthenticated', reason: 'ended' });

    const w2 = (await o.login('wang')).token;
    const w3 = (await o.login('wang')).token;
    const l1 = (await o.login('li')).token;
    const a1 = (await o.login('admin')).token;
    const mine = await o.call('listSessions', {}, w2);
    expect(mine.ok && mine.value.map((s: { accountId: number }) => s.accountId)).toEqual([wang.accountId, wang.accountId]);
    expect(mine.ok && mine.value.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const other = mine.ok ? mine.value.find((s: { current: boolean }) => !s.current).id : '';
    // Li may neither see nor end Wang's sessions.
    expect(refusal(await o.call('listSessions', { accountId: wang.accountId }, l1))).toEqual({ code: 'forbidden', reason: 'role' });
    expect(refusal(await o.call('endSession', { sessionId: other }, l1))).toEqual({ code: 'forbidden', reason: 'role' });
    expect((await o.call('listIssues', {}, w3)).ok).toBe(true);
    // Wang ends his other session himself.
    expect((await o.call('endSession', { sessionId: other }, w2)).ok).toBe(true);
    const alive = [w2, w3].filter(Boolean);
    const stillOk = await Promise.all(alive.map(async (t) => (await o.call('listIssues', {}, t)).ok));
    expect(stillOk.filter(Boolean)).toHaveLength(1);
    // The administrator sees everyone's and ends Li's.
    const all = await o.call('listSessions', { all: true }, a1);
    expect(all.ok && new Set(all.value.map((s: { accountId: number }) => s.accountId))).toEqual(new Set([wang.accountId, li.accountId, admin.accountId]));
    const liSession = all.ok ? all.value.find((s: { accountId: number }) => s.accountId === li.accountId).id : '';
    expect((await o.call('endSession', { sessionId: liSession }, a1)).ok).toBe(true);
    expect(refusal(await o.call('listIssues', {}, l1))).toEqual({ code: 'unauthenticated', reason: 'ended' });
    const line = queryActivity(o.lib.db, { action: 'endSession', accountId: admin.accountId })[0];
    expect(line).toMatchObject({ outcome: 'done', params: { account: '李校对' } });
    expect(refusal(await o.call('endSession', { sessionId: 'no-such-session' }, a1))).toEqual({ code: 'not_found', reason: undefined });
  });

  it('disabling an account and resetting its password end its sessions', async () => {
    const o = office();
    await o.person('管理员甲', ['管理员'], 'admin');
    const li = await o.person('李校对', ['校对'], 'li');
    const a = (await o.login('admin')).token;
    const l1 = (await o.login('li')).token;
    expect((await o.call('resetPassword', { accountId: li.accountId, password: 'new password 12' }, a)).ok).toBe(true);
    expect(refusal(await o.call('listIssues', {}, l1))).toEqual({ code: 'unauthenticated', reason: 'ended' });
    expect(refusal((await o.login('li')).envelope)).toEqual({ code: 'unauthenticated', reason: 'wrong_credentials' });
    const l2 = (await o.login('li', 'new password 12')).token;
    expect((await o.call('listIssues', {}, l2)).ok).toBe(true);
    expect((await o.call('updateAccount', { accountId: li.accountId, disabled: true }, a)).ok).toBe(true);
    expect(refusal(await o.call('listIssues', {}, l2))).toEqual({ code: 'unauthenticated', reason: 'ended' });
    expect(refusal((await o.login('li', 'new password 12')).envelope)).toEqual({ code: 'unauthenticated', reason: 'disabled' });
  });

  it('changing one’s own password needs the current one and ends one’s other sessions', async () => {
    const o = office();
    await o.person('王编辑', ['责任编辑'], 'wang');
    const here = (await o.login('wang')).token;
    const there = (await o.login('wang')).token;
    expect(refusal(await o.call('changeOwnPassword', { current: 'wrong one', next: 'another password 1' }, here))).toEqual({ code: 'unauthenticated', reason: 'wrong_password' });
    expect((await o.call('listIssues', {}, there)).ok).toBe(true);
    expect((await o.call('changeOwnPassword', { current: TEST_PASSWORD, next: 'another password 1' }, here)).ok).toBe(true);
    expect((await o.call('listIssues', {}, here)).ok).toBe(true);
    expect(refusal(await o.call('listIssues', {}, there))).toEqual({ code: 'unauthenticated', reason: 'ended' });
    expect((await o.login('wang', 'another password 1')).envelope.ok).toBe(true);
  });

  it('guessing the current password is limited like a login', async () => {
    const o = office();
    await o.person('王编辑', ['责任编辑'], 'wang');
    const t = (await o.login('wang')).token;
    for (let i = 0; i < 5; i++) {
      expect(refusal(await o.call('changeOwnPassword', { current: `guess ${i}`, next: 'another password 1' }, t))).toEqual({ code: 'unauthenticated', reason: 'wrong_password' });
    }
    const limited = await o.call('changeOwnPassword', { current: TEST_PASSWORD, next: 'another password 1' }, t);
    expect(limited).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect((await o.login('wang', 'another password 1')).envelope.ok).toBe(false);
    // Each guess is in the record as a refusal of this person.
    expect(queryActivity(o.lib.db, { action: 'changeOwnPassword', outcome: 'refused' })).toHaveLength(6);
  });
});

describe('logging in', () => {
  it('each refusal has its reason and its line in the record', async () => {
    const o = office();
    const wang = await o.person('王编辑', ['责任编辑'], 'wang');
    const gone = await o.person('离职者', ['校对'], 'gone');
    o.lib.db.prepare('UPDATE account SET disabled = 1 WHERE id = ?').run(gone.accountId);
    const migrated = insertAccount(o.lib.db, { login: 'person1', displayName: '旧记录里的人', roles: ['校对'], passwordHash: null });

    expect(refusal((await o.login('wang', 'wrong password', '10.0.0.1')).envelope)).toEqual({ code: 'unauthenticated', reason: 'wrong_credentials' });
    expect(refusal((await o.login('nobody', TEST_PASSWORD, '10.0.0.2')).envelope)).toEqual({ code: 'unauthenticated', reason: 'wrong_credentials' });
    expect(refusal((await o.login('gone', TEST_PASSWORD, '10.0.0.3')).envelope)).toEqual({ code: 'unauthenticated', reason: 'disabled' });
    expect(refusal((await o.login('person1', 'anything', '10.0.0.4')).envelope)).toEqual({ code: 'unauthenticated', reason: 'no_password' });
    // A disabled account with a wrong password says no more than any wrong password.
    expect(refusal((await o.login('gone', 'wrong password', '10.0.0.5')).envelope)).toEqual({ code: 'unauthenticated', reason: 'wrong_credentials' });

    const lines = queryActivity(o.lib.db, { action: 'login', outcome: 'refused' }).reverse();
    expect(lines.map((l) => [l.accountId, l.params['login'], l.params['reason'], l.origin])).toEqual([
      [wang.accountId, 'wang', 'wrong_credentials', '10.0.0.1'],
      [null, 'nobody', 'wrong_credentials', '10.0.0.2'],
      [gone.accountId, 'gone', 'disabled', '10.0.0.3'],
      [migrated.id, 'person1', 'no_password', '10.0.0.4'],
      [gone.accountId, 'gone', 'wrong_credentials', '10.0.0.5'],
    ]);
    expect(JSON.stringify(lines)).not.toContain('wrong password');
    const ok = await o.login('wang');
    expect(ok.envelope).toMatchObject({ ok: true, value: { me: { accountId: wang.accountId, login: 'wang', displayName: '王编辑', roles: ['责任编辑'] } } });
    expect(queryActivity(o.lib.db, { action: 'login', outcome: 'done' })[0]).toMatchObject({ accountId: wang.accountId, actorName: '王编辑' });
    // The login name is matched without regard to case.
    expect((await o.login('WANG')).envelope.ok).toBe(true);
  });

  it('limits failures per account: the sixth try waits, even with the right password, even from elsewhere', async () => {
    const o = office();
    await o.person('王编辑', ['责任编辑'], 'wang');
    for (let i = 0; i < 5; i++) expect(refusal((await o.login('wang', `guess ${i}`, `10.0.1.${i}`)).envelope)?.reason).toBe('wrong_credentials');
    const limited = (await o.login('wang', TEST_PASSWORD, '10.0.2.1')).envelope;
    expect(limited).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    const wait = limited.ok ? 0 : Number(limited.error.details.retryAfterSeconds);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    expect(queryActivity(o.lib.db, { action: 'login', outcome: 'refused' })[0]!.params['reason']).toBe('rate_limited');
    // Once the window has passed, the right password works again.
    o.clock.t += wait * 1000 + 1;
    expect((await o.login('wang', TEST_PASSWORD, '10.0.2.1')).envelope.ok).toBe(true);
  });

  it('limits failures per address: after five from one address, nobody logs in from it; others still can', async () => {
    const o = office();
    await o.person('王编辑', ['责任编辑'], 'wang');
    for (let i = 0; i < 5; i++) await o.login(`guess${i}`, 'whatever', '10.9.9.9');
    expect(refusal((await o.login('wang', TEST_PASSWORD, '10.9.9.9')).envelope)).toEqual({ code: 'rate_limited', reason: undefined });
    expect((await o.login('wang', TEST_PASSWORD, '10.0.0.1')).envelope.ok).toBe(true);
  });
});

describe('the first administrator', () => {
  it('is created only where setup is allowed and only while no account can log in', async () => {
    const o = office({ seed: false });
    const input = { login: 'admin', displayName: '管理员甲', password: 'a long password 1' };
    const remote = await dispatch(o.handlers, o.access, 'setupFirstAdmin', input, o.info('192.168.1.20', null, false), () => undefined);
    expect(refusal(remote.envelope)).toEqual({ code: 'forbidden', reason: 'setup_remote' });
    expect(remote.session).toBeUndefined();
    const state = await dispatch(o.handlers, o.access, 'getAuthState', {}, o.info('127.0.0.1', null, true), () => undefined);
    expect(state.envelope).toMatchObject({ ok: true, value: { needsSetup: true, setupAllowed: true, me: null } });

    const local = await dispatch(o.handlers, o.access, 'setupFirstAdmin', { ...input, roles: ['主编'] }, o.info('127.0.0.1', null, true), () => undefined);
    expect(local.envelope).toMatchObject({ ok: true, value: { needsSetup: false, me: { login: 'admin', roles: ['管理员', '主编'] } } });
    const token = local.session && local.session.token;
    expect(typeof token).toBe('string');
    expect((await o.call('listAccounts', {}, token as string)).ok).toBe(true);
    expect(queryActivity(o.lib.db, { action: 'setupFirstAdmin' })).toHaveLength(1);

    const again = await dispatch(o.handlers, o.access, 'setupFirstAdmin', { ...input, login: 'second' }, o.info('127.0.0.1', null, true), () => undefined);
    expect(refusal(again.envelope)).toEqual({ code: 'conflict', reason: 'setup_done' });
    expect(o.lib.db.prepare('SELECT login FROM account').all()).toEqual([{ login: 'admin' }]);
  });

  it('the last administrator can be neither disabled nor lose the role; with a second one, either may', async () => {
    const o = office();
    const first = await o.person('管理员甲', ['管理员', '主编'], 'admin');
    const a = (await o.login('admin')).token;
    expect(refusal(await o.call('updateAccount', { accountId: first.accountId, disabled: true }, a))).toEqual({ code: 'conflict', reason: 'last_admin' });
    expect(refusal(await o.call('updateAccount', { accountId: first.accountId, roles: ['主编'] }, a))).toEqual({ code: 'conflict', reason: 'last_admin' });
    expect(accountRow(o.lib.db, first.accountId)).toMatchObject({ disabled: 0, roles: JSON.stringify(['管理员', '主编']) });
    const made = await o.call('createAccount', { login: 'admin2', displayName: '管理员乙', roles: ['管理员'], password: 'a long password 2' }, a);
    expect(made.ok).toBe(true);
    expect((await o.call('updateAccount', { accountId: first.accountId, roles: ['主编'] }, a)).ok).toBe(true);
    // The first one is no administrator now: the next change is refused for the role.
    expect(refusal(await o.call('listAccounts', {}, a))).toBeNull();
    expect(refusal(await o.call('createAccount', { login: 'x1', displayName: 'x', roles: ['校对'], password: 'a long password 3' }, a))).toEqual({ code: 'forbidden', reason: 'role' });
    const line = queryActivity(o.lib.db, { action: 'updateAccount', outcome: 'done' })[0];
    expect(line).toMatchObject({ accountId: first.accountId, params: { account: '管理员甲', roles: '管理员、主编 → 主编' } });
  });
});

describe('what the payload cannot do', () => {
  it('a payload naming another actor is refused 400 and changes nothing', async () => {
    const o = office();
    await o.person('李校对', ['校对', '责任编辑'], 'li');
    const ma = await o.person('马主编', ['主编'], 'ma');
    const t = (await o.login('li')).token;
    const section = o.lib.db.prepare('SELECT id, name FROM section ORDER BY id LIMIT 1').get() as { id: number; name: string };
    const before = snapshot(o.lib.db);
    const claims = [
      ['renameSection', { sectionId: section.id, name: '冒名', actor: { name: '马主编', role: '主编' } }],
      ['renameSection', { sectionId: section.id, name: '冒名', accountId: ma.accountId }],
      ['signRound', { roundId: 1, step: '终审', password: TEST_PASSWORD, actor: { accountId: ma.accountId } }],
      ['proposeCorrection', { articleId: 1, baseRevision: 0, blockIndex: 0, start: 0, end: 1, kind: 'replace', proposed: 'x', note: '', author: { name: '马主编', role: '主编' } }],
    ] as const;
    for (const [method, input] of claims) {
      const answer = await o.call(method, input, t);
      expect(answer, method).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(['actor', 'accountId', 'author']).toContain(answer.ok ? '' : answer.error.details.path);
    }
    expect(snapshot(o.lib.db)).toEqual(before);
    expect((o.lib.db.prepare('SELECT name FROM section WHERE id = ?').get(section.id) as { name: string }).name).toBe(section.name);
  });

  it('replaying an old revision of an article is refused 409 and keeps the newer text', async () => {
    const o = office();
    await o.person('王编辑', ['责任编辑'], 'wang');
    const t = (await o.login('wang')).token;
    const articleId = (o.lib.db.prepare('SELECT id FROM article ORDER BY id LIMIT 1').get() as { id: number }).id;
    const got = await o.call('getArticle', { articleId }, t);
    const revision = got.ok ? got.value.revision : -1;
    const saved = await o.call('updateArticle', { articleId, baseRevision: revision, patch: { notes: '第一次保存' } }, t);
    expect(saved).toMatchObject({ ok: true, value: { revision: revision + 1 } });
    const replay = await o.call('updateArticle', { articleId, baseRevision: revision, patch: { notes: '重放的旧版本' } }, t);
    expect(replay).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'stale_revision', revision: revision + 1 } } });
    const after = await o.call('getArticle', { articleId }, t);
    expect(after).toMatchObject({ ok: true, value: { notes: '第一次保存', revision: revision + 1 } });
    // One line for the save, and the replay as a refused line of the person who tried it (newest first).
    expect(queryActivity(o.lib.db, { action: 'updateArticle' }).map((l) => l.outcome)).toEqual(['refused', 'done']);
  });
});
