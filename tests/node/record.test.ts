// The record (操作记录): a change and its line commit together or not at all; nothing updates or
// deletes a line; replacing an issue leaves its lines (with the old issue's id) in place; and
// listActivity finds them by issue, person, action and outcome.

import { afterEach, describe, expect, it } from 'vitest';
import { dispatch, type ApiHandlers, type CallInfo } from '../../src/node/api/dispatch';
import type { Library } from '../../src/node/library/open-library';
import { queryActivity } from '../../src/node/record/activity-store';
import { createServices } from '../../src/node/services';
import type { ActivityEntry } from '../../src/shared/auth';
import { QikanError } from '../../src/shared/errors';
import { addPerson, createAccess, sessionOf, uploadAs } from '../support/people';
import { countRows, openSampleLibrary, removeTempDirs, SAMPLE_TEXT, snapshot } from './helpers';

const libs: Library[] = [];
afterEach(() => {
  for (const l of libs.splice(0)) l.close();
  removeTempDirs();
});

async function setUp(wrap: (h: ApiHandlers) => Partial<ApiHandlers> = () => ({})) {
  const lib = openSampleLibrary();
  libs.push(lib);
  const access = createAccess(lib);
  const services = createServices(lib, access);
  const handlers = { ...services, ...wrap(services) } as ApiHandlers;
  const chief = await addPerson(lib, '马主编', ['主编']);
  const editor = await addPerson(lib, '王编辑', ['责任编辑']);
  const proofreader = await addPerson(lib, '李校对', ['校对']);
  const asChief = await sessionOf(handlers, access, chief.login);
  const asEditor = await sessionOf(handlers, access, editor.login);
  const asProofreader = await sessionOf(handlers, access, proofreader.login);
  const issueId = (lib.db.prepare('SELECT id FROM issue ORDER BY id LIMIT 1').get() as { id: number }).id;
  const section = lib.db.prepare('SELECT id, name FROM section WHERE issue_id = ? ORDER BY position LIMIT 1').get(issueId) as { id: number; name: string };
  return { lib, access, handlers, chief, editor, proofreader, asChief, asEditor, asProofreader, issueId, section };
}

const sectionName = (lib: Library, id: number) => (lib.db.prepare('SELECT name FROM section WHERE id = ?').get(id) as { name: string } | undefined)?.name;

describe('a change and its line', () => {
  it('a change writes one line naming who, what and where', async () => {
    const o = await setUp();
    await o.asEditor.call('renameSection', { sectionId: o.section.id, name: '新栏目名' });
    const [line] = queryActivity(o.lib.db, { action: 'renameSection' });
    expect(line).toMatchObject({
      accountId: o.editor.accountId,
      actorName: '王编辑',
      action: 'renameSection',
      outcome: 'done',
      issueId: o.issueId,
      params: { section: o.section.name, issue: '2026-1' },
      origin: '127.0.0.1',
    });
    expect(Date.parse(line!.at)).toBeGreaterThan(Date.now() - 60_000);
    // Reads are not changes: no line.
    const lines = countRows(o.lib.db, 'activity');
    await o.asEditor.call('getIssueOutline', { issueId: o.issueId });
    expect(countRows(o.lib.db, 'activity')).toBe(lines);
  });

  it('a change that fails leaves no line, and what it had written is rolled back', async () => {
    const o = await setUp((h) => ({
      // A service that changes something and then fails.
      renameSection: (input, ctx) => {
        h.renameSection(input, ctx);
        throw new QikanError('conflict', 'failed after writing', { reason: 'test' });
      },
    }));
    const before = countRows(o.lib.db, 'activity');
    const refused = await o.asEditor.raw('renameSection', { sectionId: o.section.id, name: '写到一半' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(sectionName(o.lib, o.section.id)).toBe(o.section.name);
    expect(countRows(o.lib.db, 'activity')).toBe(before);
    // A refused service call of the store: nothing either.
    const missing = await o.asEditor.raw('createArticle', { sectionId: 999_999, title: '无处安放' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(countRows(o.lib.db, 'activity')).toBe(before);
  });

  it('a change whose line cannot be written does not happen', async () => {
    const o = await setUp();
    o.lib.db.exec("CREATE TEMP TRIGGER activity_broken BEFORE INSERT ON main.activity BEGIN SELECT RAISE(ABORT, 'record unavailable'); END;");
    const before = snapshot(o.lib.db);
    const answer = await o.asEditor.raw('renameSection', { sectionId: o.section.id, name: '没有记录的改动' });
    expect(answer.ok).toBe(false);
    expect(sectionName(o.lib, o.section.id)).toBe(o.section.name);
    expect(snapshot(o.lib.db)).toEqual(before);
    o.lib.db.exec('DROP TRIGGER temp.activity_broken');
    await o.asEditor.call('renameSection', { sectionId: o.section.id, name: '有记录的改动' });
    expect(sectionName(o.lib, o.section.id)).toBe('有记录的改动');
  });

  it('no line can be changed or erased', async () => {
    const o = await setUp();
    await o.asEditor.call('renameSection', { sectionId: o.section.id, name: '一' });
    const n = countRows(o.lib.db, 'activity');
    expect(n).toBeGreaterThan(0);
    expect(() => o.lib.db.prepare("UPDATE activity SET actor_name = '别人'").run()).toThrow(/the record cannot be changed/);
    expect(() => o.lib.db.prepare("UPDATE activity SET outcome = 'refused' WHERE action = 'renameSection'").run()).toThrow(/cannot be changed/);
    expect(() => o.lib.db.prepare('DELETE FROM activity').run()).toThrow(/the record cannot be erased/);
    expect(() => o.lib.db.prepare('DELETE FROM activity WHERE id = (SELECT max(id) FROM activity)').run()).toThrow(/cannot be erased/);
    expect(countRows(o.lib.db, 'activity')).toBe(n);
    expect(queryActivity(o.lib.db, { action: 'renameSection' })[0]!.actorName).toBe('王编辑');
  });
});

describe('replacing an issue', () => {
  it('keeps every line of the replaced issue, with its issue id, and records the replacement', async () => {
    const o = await setUp();
    await o.asEditor.call('renameSection', { sectionId: o.section.id, name: '替换前改过' });
    await o.asProofreader.raw('deleteSection', { sectionId: o.section.id });
    const before = queryActivity(o.lib.db, { issueId: o.issueId, limit: 1000 });
    expect(before.map((l) => [l.action, l.outcome])).toEqual([
      ['deleteSection', 'refused'],
      ['renameSection', 'done'],
    ]);
    // The 编辑部主任's role would not do; the 主编 replaces it.
    const replaced = await o.asChief.call('importIssueJson', { upload: uploadAs(o.lib, o.chief, 'issue_json', '2026-1.json', SAMPLE_TEXT), replace: true });
    // The old issue's rows are gone (the renamed section with them)…
    expect(o.lib.db.prepare("SELECT 1 FROM section WHERE name = '替换前改过'").get()).toBeUndefined();
    expect(countRows(o.lib.db, 'issue')).toBe(1);
    // …its lines are not, and keep the issue id they had (SQLite may give the new issue the same id).
    const after = queryActivity(o.lib.db, { issueId: o.issueId, limit: 1000 });
    expect(after.filter((l) => l.id <= before[0]!.id)).toEqual(before);
    const [line] = queryActivity(o.lib.db, { action: 'importIssueJson' });
    expect(line).toMatchObject({ accountId: o.chief.accountId, outcome: 'done', issueId: replaced.issueId, params: { replace: true, issue: '2026-1' } });
  });

  it('is refused with a clear conflict when the issue has sign-offs, and nothing changes', async () => {
    const o = await setUp();
    const roundId = Number(
      o.lib.db
        .prepare("INSERT INTO proof_round (issue_id, position, name, state, opened_at, opened_by_name, opened_by_role) VALUES (?, 0, '一校', 'closed', ?, '王编辑', '责任编辑')")
        .run(o.issueId, new Date().toISOString()).lastInsertRowid,
    );
    o.lib.db
      .prepare("INSERT INTO proof_sign_off (issue_id, round_id, step, account_id, name, role, at) VALUES (?, ?, '责任校对', ?, '李校对', '校对', ?)")
      .run(o.issueId, roundId, o.proofreader.accountId, new Date().toISOString());
    const before = snapshot(o.lib.db);
    const refused = await o.asChief.raw('importIssueJson', { upload: uploadAs(o.lib, o.chief, 'issue_json', '2026-1.json', SAMPLE_TEXT), replace: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'issue_signed', signOffs: 1, openedRounds: 1 } } });
    const after = snapshot(o.lib.db);
    for (const table of Object.keys(before)) if (table !== 'activity') expect(after[table], table).toEqual(before[table]);
    // Even straight in the store, the issue cannot go.
    expect(() => o.lib.db.prepare('DELETE FROM issue WHERE id = ?').run(o.issueId)).toThrow(/sign-offs cannot be removed/);
  });
});

describe('listActivity', () => {
  it('filters by issue, person, action and outcome, newest first, and pages with beforeId', async () => {
    const o = await setUp();
    await o.asEditor.call('renameSection', { sectionId: o.section.id, name: '甲' });
    await o.asChief.call('renameSection', { sectionId: o.section.id, name: '乙' });
    await o.asProofreader.raw('renameSection', { sectionId: o.section.id, name: '丙' });
    await o.asChief.call('createIssue', { fromIssueId: o.issueId, year: 2026, number: 2, totalNumber: 2, publishDate: '2026-02-15' });
    const list = (q: Record<string, unknown>) => o.asProofreader.call('listActivity', q) as Promise<ActivityEntry[]>;

    const ofIssue = await list({ issueId: o.issueId });
    expect(ofIssue.map((l) => [l.actorName, l.action, l.outcome])).toEqual([
      ['李校对', 'renameSection', 'refused'],
      ['马主编', 'renameSection', 'done'],
      ['王编辑', 'renameSection', 'done'],
    ]);
    expect(ofIssue.map((l) => l.id)).toEqual([...ofIssue.map((l) => l.id)].sort((a, b) => b - a));
    const chief = await list({ accountId: o.chief.accountId });
    expect(chief.map((l) => l.action)).toEqual(['createIssue', 'renameSection', 'login']);
    expect(chief[0]!.issueId).not.toBe(o.issueId);
    expect((await list({ action: 'createIssue' })).map((l) => l.actorName)).toEqual(['马主编']);
    expect((await list({ outcome: 'refused' })).map((l) => [l.actorName, l.action])).toEqual([['李校对', 'renameSection']]);
    expect(await list({ issueId: o.issueId, accountId: o.editor.accountId, outcome: 'refused' })).toEqual([]);
    const logins = await list({ action: 'login' });
    expect(logins).toHaveLength(3);
    const page = await list({ action: 'login', limit: 2 });
    expect(page).toEqual(logins.slice(0, 2));
    expect(await list({ action: 'login', beforeId: page[1]!.id })).toEqual(logins.slice(2));
    // Everyone may read the record; it carries no secrets.
    expect(JSON.stringify(await list({}))).not.toMatch(/password|scrypt/i);
  });
});
