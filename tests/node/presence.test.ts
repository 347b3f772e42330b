// Two people, one article, through the real dispatch(): presence, the soft lock, a take-over with its
// reason in the record, the loser's save refused with who holds the lock, and presence lapsing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../src/node/api/dispatch';
import type { Actor } from '../../src/shared/auth';
import { createAccess, type Access } from '../../src/node/auth/access';
import type { Library } from '../../src/node/library/open-library';
import { createServices } from '../../src/node/services';
import { createPresenceRegistry } from '../../src/node/services/presence-service';
import { addPerson, sessionOf, uploadAs } from '../support/people';
import { openSampleLibrary, removeTempDirs } from './helpers';

let lib: Library;
let access: Access;
let handlers: ApiHandlers;
let clock: number;
let issueId: number;
let articleId: number;
let zhangActor: Actor;
let liActor: Actor;
const TTL = 90_000;

beforeEach(async () => {
  lib = openSampleLibrary();
  access = createAccess(lib);
  clock = Date.parse('2026-03-01T09:00:00Z');
  handlers = createServices(lib, access, { presence: createPresenceRegistry({ ttlMs: TTL, now: () => clock }) });
  zhangActor = await addPerson(lib, '张三', ['责任编辑'], 'zhangsan');
  liActor = await addPerson(lib, '李四', ['编辑部主任'], 'lisi');
  await addPerson(lib, '王五', ['校对'], 'wangwu');
  const zhang = await sessionOf(handlers, access, 'zhangsan');
  issueId = (await zhang.call('listIssues', {}))[0]!.id;
  const outline = await zhang.call('getIssueOutline', { issueId });
  articleId = outline.sections.flatMap((s) => s.articles)[0]!.id;
});
afterEach(() => {
  lib.close();
  removeTempDirs();
});

describe('presence and the soft lock', () => {
  it('refuses to replace an article from a manuscript while someone else edits it, and lets the holder do it', async () => {
    const zhang = await sessionOf(handlers, access, 'zhangsan');
    const li = await sessionOf(handlers, access, 'lisi');
    expect((await zhang.call('enterArticle', { articleId, mode: 'edit' })).granted).toBe('edit');
    const before = await li.call('getArticle', { articleId });
    const sectionId = (await li.call('getIssueOutline', { issueId })).sections.find((s) => s.articles.some((a) => a.id === articleId))!.id;
    const manuscript = '新的标题\n\n第一段新正文，来自作者的稿件。\n\n第二段新正文。';

    const refused = await li.raw('commitManuscript', { sectionId, articleId, baseRevision: before.revision, upload: uploadAs(lib, liActor, 'manuscript', '新稿.txt', manuscript) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'locked', name: '张三' } } });
    expect(await li.call('getArticle', { articleId })).toMatchObject({ revision: before.revision, body: before.body });

    const replaced = await zhang.call('commitManuscript', { sectionId, articleId, baseRevision: before.revision, upload: uploadAs(lib, zhangActor, 'manuscript', '新稿.txt', manuscript) });
    expect(replaced.id).toBe(articleId);
    const after = await zhang.call('getArticle', { articleId });
    expect(after.revision).toBeGreaterThan(before.revision);
    expect(JSON.stringify(after.body)).toContain('第一段新正文');
  });

  it('grants the first editor, shows the second who edits, refuses their save, and records a take-over', async () => {
    const zhang = await sessionOf(handlers, access, 'zhangsan');
    const li = await sessionOf(handlers, access, 'lisi');

    const first = await zhang.call('enterArticle', { articleId, mode: 'edit' });
    expect(first.granted).toBe('edit');
    expect(first.editor?.displayName).toBe('张三');

    const second = await li.call('enterArticle', { articleId, mode: 'edit' });
    expect(second.granted).toBe('read');
    expect(second.editor?.displayName).toBe('张三');
    expect(second.readers.map((r) => r.displayName)).toEqual(['李四']);

    // The outline's view of the issue: one article open, by both.
    const seen = await li.call('getPresence', { issueId });
    expect(seen).toEqual([expect.objectContaining({ articleId, editor: expect.objectContaining({ displayName: '张三', mode: 'edit' }) })]);

    // The reader's save is refused with the name of who holds the lock; nothing is written.
    const base = (await li.call('getArticle', { articleId })).revision;
    const refused = await li.raw('updateArticle', { articleId, baseRevision: base, patch: { subtitle: '李四的副题' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'locked', name: '张三' } } });
    expect((await li.call('getArticle', { articleId })).revision).toBe(base);

    // 张三 saves while holding the lock.
    const saved = await zhang.call('updateArticle', { articleId, baseRevision: base, patch: { subtitle: '张三的副题' } });
    expect(saved.revision).toBeGreaterThan(base);

    // A take-over needs a reason (validation), then grants the lock and goes to the record with it.
    const noReason = await li.raw('enterArticle', { articleId, mode: 'edit', takeOverReason: '   ' });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const taken = await li.call('enterArticle', { articleId, mode: 'edit', takeOverReason: '张三下班了，稿子今天要发' });
    expect(taken.granted).toBe('edit');
    expect(taken.editor?.displayName).toBe('李四');
    expect(taken.readers.map((r) => r.displayName)).toEqual(['张三']);
    const record = await li.call('listActivity', { issueId, action: 'takeOverArticle' });
    expect(record).toHaveLength(1);
    expect(record[0]).toMatchObject({ actorName: '李四', articleId, note: '张三下班了，稿子今天要发', params: expect.objectContaining({ from: '张三' }) });

    // 张三 learns it on the next renew (granted read, editor 李四) and on the next save (refused, locked by 李四).
    const renew = await zhang.call('enterArticle', { articleId, mode: 'edit' });
    expect(renew.granted).toBe('read');
    expect(renew.editor?.displayName).toBe('李四');
    const lost = await zhang.raw('updateArticle', { articleId, baseRevision: saved.revision, patch: { subtitle: '张三又改了' } });
    expect(lost).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'locked', name: '李四' } } });
    expect((await zhang.call('getArticle', { articleId })).subtitle).toBe('张三的副题');
    // The refused save is in the record too.
    const refusals = await li.call('listActivity', { issueId, action: 'updateArticle', outcome: 'refused' });
    expect(refusals.map((r) => r.actorName).sort()).toEqual(['张三', '李四']);

    // The new holder saves on the revision 张三 left.
    await expect(li.call('updateArticle', { articleId, baseRevision: saved.revision, patch: { subtitle: '李四的副题' } })).resolves.toMatchObject({
      revision: saved.revision + 1,
    });
  });

  it('a stale revision is a conflict of its own, not a lock', async () => {
    const zhang = await sessionOf(handlers, access, 'zhangsan');
    await zhang.call('enterArticle', { articleId, mode: 'edit' });
    const base = (await zhang.call('getArticle', { articleId })).revision;
    await zhang.call('updateArticle', { articleId, baseRevision: base, patch: { subtitle: '一' } });
    const stale = await zhang.raw('updateArticle', { articleId, baseRevision: base, patch: { subtitle: '二' } });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'stale_revision' } } });
  });

  it('someone who may not edit opens read-only and cannot take the lock over', async () => {
    const zhang = await sessionOf(handlers, access, 'zhangsan');
    const wang = await sessionOf(handlers, access, 'wangwu');
    const asked = await wang.call('enterArticle', { articleId, mode: 'edit' });
    expect(asked.granted).toBe('read');
    expect(asked.editor).toBeNull();
    // The 校对 holds no lock: the editor still gets it.
    expect((await zhang.call('enterArticle', { articleId, mode: 'edit' })).granted).toBe('edit');
    const takeOver = await wang.raw('enterArticle', { articleId, mode: 'edit', takeOverReason: '我想改' });
    expect(takeOver).toMatchObject({ ok: false, error: { code: 'forbidden', details: { reason: 'role' } } });
    expect((await zhang.call('getPresence', { issueId }))[0]?.editor?.displayName).toBe('张三');
  });

  it('leaving frees the lock, and presence lapses when it is not renewed within the TTL', async () => {
    const zhang = await sessionOf(handlers, access, 'zhangsan');
    const li = await sessionOf(handlers, access, 'lisi');
    await zhang.call('enterArticle', { articleId, mode: 'edit' });
    await zhang.call('leaveArticle', { articleId });
    expect((await li.call('enterArticle', { articleId, mode: 'edit' })).granted).toBe('edit');
    expect((await zhang.call('enterArticle', { articleId, mode: 'edit' })).granted).toBe('read');

    // 李四 renews within the TTL and keeps the lock; 张三 (a reader) renews too.
    clock += TTL - 1000;
    await li.call('enterArticle', { articleId, mode: 'edit' });
    clock += TTL - 1000;
    expect((await zhang.call('enterArticle', { articleId, mode: 'edit' })).granted).toBe('read');
    expect((await zhang.call('getPresence', { issueId }))[0]?.editor?.displayName).toBe('李四');
    // Then 李四 stops renewing (the browser closed without a word): past the TTL the lock is free.
    clock += 2000;
    const lapsed = await li.call('getPresence', { issueId });
    expect(lapsed).toEqual([{ articleId, editor: null, readers: [expect.objectContaining({ displayName: '张三', mode: 'read' })] }]);
    expect((await zhang.call('enterArticle', { articleId, mode: 'edit' })).granted).toBe('edit');
    clock += TTL + 1;
    expect(await li.call('getPresence', { issueId })).toEqual([]);
    // Nobody took anything over: the record has no take-over line.
    expect(await li.call('listActivity', { issueId, action: 'takeOverArticle' })).toEqual([]);
  });
});
