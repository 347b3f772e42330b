// Migration 8 (accounts, sessions, the record) on a library written before accounts: the people named
// in its proof rounds, corrections, replies, events, verifications and sign-offs become accounts
// (disabled, without a password, with the old role words mapped to the office's roles), every row
// points at its person and keeps the name and role it recorded, old sign-offs become 三审三校 steps,
// and nothing is lost.

import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/node/api/dispatch';
import { accountOf, listAccountRows } from '../../src/node/auth/account-store';
import { importIssueJsonText } from '../../src/node/import/issue-json';
import { openDatabase } from '../../src/node/library/database';
import { LATEST_VERSION } from '../../src/node/library/migrations';
import { libraryFile, openLibrary, type Library } from '../../src/node/library/open-library';
import { libraryIdOf } from '../../src/node/server/server';
import { QikanError } from '../../src/shared/errors';
import { addPerson, createAccess, sessionOf, TEST_PASSWORD } from '../support/people';
import { createServices } from '../../src/node/services';
import { removeTempDirs, RESOURCES_DIR, SAMPLE_TEXT, snapshot, tempDir } from './helpers';

const libs: Library[] = [];
afterEach(() => {
  for (const l of libs.splice(0)) l.close();
  removeTempDirs();
});

const AT = '2025-12-01T08:00:00.000Z';

/** A version-7 library with the sample issue and two rounds of proofreading by three named people. */
function legacyLibrary(dir: string): { before: Record<string, unknown[]>; issueId: number; articleId: number; rounds: [number, number] } {
  const v7 = openDatabase(libraryFile(dir), { migrateUpTo: 7 });
  expect(v7.pragma('user_version', { simple: true })).toBe(7);
  const { issueId } = importIssueJsonText(v7, SAMPLE_TEXT);
  const articleId = (v7.prepare('SELECT id FROM article WHERE issue_id = ? ORDER BY id LIMIT 1').get(issueId) as { id: number }).id;
  const round = (position: number, name: string, state: string, closed: boolean) =>
    Number(
      v7
        .prepare(
          `INSERT INTO proof_round (issue_id, position, name, state, opened_at, opened_by_name, opened_by_role, closed_at, closed_by_name, closed_by_role)
           VALUES (?, ?, ?, ?, ?, '张编辑', '编辑', ?, ?, ?)`,
        )
        .run(issueId, position, name, state, AT, closed ? AT : null, closed ? '张编辑' : null, closed ? '编辑' : null).lastInsertRowid,
    );
  const first = round(0, '一校', 'closed', true);
  const second = round(1, '二校', 'open', false);
  v7.prepare("INSERT INTO proof_round_article (round_id, article_id, proofreader, snapshot, revision) VALUES (?, ?, '李校对', '[\"正文\"]', 0)").run(first, articleId);
  const correction = Number(
    v7
      .prepare(
        `INSERT INTO proof_correction (issue_id, article_id, round_id, mark_id, kind, original, proposed, author_name, author_role, created_at,
           status, resolved_by_name, resolved_by_role, resolved_at, accepted_in_round_id)
         VALUES (?, ?, ?, 'qk-c1', 'replace', '的', '地', '李校对', '校对', ?, 'accepted', '张编辑', '编辑', ?, ?)`,
      )
      .run(issueId, articleId, first, AT, AT, first).lastInsertRowid,
  );
  v7.prepare("INSERT INTO proof_reply (correction_id, author_name, author_role, text, at) VALUES (?, '张编辑', '编辑', '同意', ?)").run(correction, AT);
  v7.prepare("INSERT INTO proof_event (correction_id, round_id, action, actor_name, actor_role, at) VALUES (?, ?, 'accepted', '张编辑', '编辑', ?)").run(correction, first, AT);
  v7.prepare("INSERT INTO proof_verification (correction_id, round_id, state, by_name, by_role, at) VALUES (?, ?, 'confirmed', '李校对', '校对', ?)").run(correction, second, AT);
  const signOff = v7.prepare(
    'INSERT INTO proof_sign_off (issue_id, round_id, role, name, note, at, recorded_by_name, recorded_by_role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  signOff.run(issueId, first, '责任校对', '李校对', '', AT, '李校对', '校对');
  signOff.run(issueId, first, '责任编辑', '张编辑', '一校无误', AT, '张编辑', '编辑');
  // The 主编's signature was entered by the editor on her behalf (as the old chooser allowed).
  signOff.run(issueId, first, '主编', '马主编', '', AT, '张编辑', '编辑');
  v7.prepare(
    `INSERT INTO export_log (issue_id, job_id, exported_at, kind, standard, marks, file, pages, bytes, preflight_errors, preflight_warnings, override_reason, ms)
     VALUES (?, 'job-1', ?, 'print', 'x1a', 1, '/tmp/x.pdf', 4, 100, 1, 0, '定价待定', 10)`,
  ).run(issueId, AT);
  const before = snapshot(v7);
  v7.close();
  return { before, issueId, articleId, rounds: [first, second] };
}

function accountIdOf(db: Database.Database, name: string): number {
  return (db.prepare('SELECT id FROM account WHERE display_name = ?').get(name) as { id: number }).id;
}

describe('migration 8: accounts from the names in old records', () => {
  it('makes the named people disabled accounts without a password, with mapped roles, and points every row at them', () => {
    const dir = tempDir();
    const { before, rounds } = legacyLibrary(dir);
    const lib = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    libs.push(lib);
    const db = lib.db;
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);

    const accounts = listAccountRows(db).map(accountOf);
    expect(accounts.map((a) => a.displayName).sort()).toEqual(['张编辑', '李校对', '马主编'].sort());
    for (const a of accounts) {
      expect(a.disabled, a.displayName).toBe(true);
      expect(a.needsPassword, a.displayName).toBe(true);
      expect(a.login).toMatch(/^[a-z0-9][a-z0-9._-]{1,31}$/);
    }
    const roles = Object.fromEntries(accounts.map((a) => [a.displayName, a.roles]));
    // 编辑 → 责任编辑; a 责任编辑 sign-off says the same.
    expect(roles).toEqual({ 张编辑: ['责任编辑'], 李校对: ['校对'], 马主编: ['主编'] });

    const zhang = accountIdOf(db, '张编辑');
    const li = accountIdOf(db, '李校对');
    const ma = accountIdOf(db, '马主编');
    const rows = (sql: string) => db.prepare(sql).all();
    expect(rows('SELECT opened_by_account, opened_by_name, closed_by_account, closed_by_name FROM proof_round ORDER BY position')).toEqual([
      { opened_by_account: zhang, opened_by_name: '张编辑', closed_by_account: zhang, closed_by_name: '张编辑' },
      { opened_by_account: zhang, opened_by_name: '张编辑', closed_by_account: null, closed_by_name: null },
    ]);
    expect(rows('SELECT author_account, author_name, author_role, resolved_by_account, resolved_by_name FROM proof_correction')).toEqual([
      { author_account: li, author_name: '李校对', author_role: '校对', resolved_by_account: zhang, resolved_by_name: '张编辑' },
    ]);
    expect(rows('SELECT author_account, author_name FROM proof_reply')).toEqual([{ author_account: zhang, author_name: '张编辑' }]);
    expect(rows('SELECT actor_account, actor_name FROM proof_event')).toEqual([{ actor_account: zhang, actor_name: '张编辑' }]);
    expect(rows('SELECT by_account, by_name FROM proof_verification')).toEqual([{ by_account: li, by_name: '李校对' }]);
    // Old sign-offs are steps now: 责任校对 stays, 责任编辑 → 初审, 主编 → 终审; names and roles kept.
    expect(rows('SELECT round_id, step, account_id, name, role, note, recorded_by_name FROM proof_sign_off ORDER BY id')).toEqual([
      { round_id: rounds[0], step: '责任校对', account_id: li, name: '李校对', role: '责任校对', note: '', recorded_by_name: '李校对' },
      { round_id: rounds[0], step: '初审', account_id: zhang, name: '张编辑', role: '责任编辑', note: '一校无误', recorded_by_name: '张编辑' },
      { round_id: rounds[0], step: '终审', account_id: ma, name: '马主编', role: '主编', note: '', recorded_by_name: '张编辑' },
    ]);
    expect(rows('SELECT account_id, override_reason FROM export_log')).toEqual([{ account_id: null, override_reason: '定价待定' }]);

    // Nothing lost: every row of every old table is still there with the values it had.
    const after = snapshot(db);
    for (const table of Object.keys(before)) {
      expect(after[table], table).toHaveLength(before[table]!.length);
      expect(after[table], table).toMatchObject(before[table]!);
    }
    // The new tables: a library id, an empty record, no sessions.
    expect(libraryIdOf(lib)).toMatch(/^[0-9a-f]{32}$/);
    expect(after['activity']).toEqual([]);
    expect(after['session']).toEqual([]);
  });

  it('keeps the migrated signatures append-only and the issue that carries them', () => {
    const dir = tempDir();
    const { issueId } = legacyLibrary(dir);
    const lib = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    libs.push(lib);
    expect(() => lib.db.prepare("UPDATE proof_sign_off SET name = '别人'").run()).toThrow(/sign-offs cannot be changed/);
    expect(() => lib.db.prepare('UPDATE proof_sign_off SET account_id = NULL').run()).toThrow(/sign-offs cannot be changed/);
    expect(() => lib.db.prepare('DELETE FROM proof_sign_off').run()).toThrow(/sign-offs cannot be removed/);
    expect(() => lib.db.prepare('DELETE FROM issue WHERE id = ?').run(issueId)).toThrow(/an issue with sign-offs cannot be removed/);
    expect(() => lib.db.prepare('DELETE FROM account').run()).toThrow(/never deleted/);
  });

  it('a migrated person cannot log in until an administrator sets a password and enables them', async () => {
    const dir = tempDir();
    legacyLibrary(dir);
    const lib = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    libs.push(lib);
    const access = createAccess(lib);
    const handlers = createServices(lib, access);
    const li = listAccountRows(lib.db).find((r) => r.display_name === '李校对')!;
    // The migrated accounts do not count: the library still asks for its first administrator.
    const anonymous = { token: null, origin: '127.0.0.1', userAgent: 'vitest', setupAllowed: true };
    const state = await dispatch(handlers, access, 'getAuthState', {}, anonymous, () => undefined);
    expect(state.envelope).toMatchObject({ ok: true, value: { needsSetup: true } });
    const refused = await sessionOf(handlers, access, li.login, 'anything at all').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QikanError);
    expect(refused).toMatchObject({ code: 'unauthenticated', details: { reason: 'no_password' } });

    const admin = await addPerson(lib, '管理员', ['管理员'], 'admin');
    const asAdmin = await sessionOf(handlers, access, admin.login);
    await asAdmin.call('resetPassword', { accountId: li.id, password: TEST_PASSWORD });
    // Still disabled: a correct password is refused as such.
    await expect(sessionOf(handlers, access, li.login)).rejects.toMatchObject({ code: 'unauthenticated', details: { reason: 'disabled' } });
    await asAdmin.call('updateAccount', { accountId: li.id, disabled: false });
    const asLi = await sessionOf(handlers, access, li.login);
    const me = await asLi.call('getAuthState', {});
    expect(me.me).toMatchObject({ accountId: li.id, displayName: '李校对', roles: ['校对'] });
  });

  it('a library whose records name nobody gets no accounts and asks for the first administrator', () => {
    const dir = tempDir();
    const v7 = openDatabase(libraryFile(dir), { migrateUpTo: 7 });
    importIssueJsonText(v7, SAMPLE_TEXT);
    v7.close();
    const lib = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    libs.push(lib);
    expect(listAccountRows(lib.db)).toEqual([]);
    const other = openLibrary({ dataDir: tempDir(), resourcesDir: RESOURCES_DIR, seedSample: false });
    libs.push(other);
    expect(libraryIdOf(other)).not.toBe(libraryIdOf(lib));
  });
});
