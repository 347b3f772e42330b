import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../src/node/api/dispatch';
import { API_METHODS } from '../../src/shared/api';
import { docFromBlocks, blocksFromDoc } from '../../src/shared/article-doc';
import { QikanError } from '../../src/shared/errors';
import { articleCharCount } from '../../src/shared/text-stats';
import type { Library } from '../../src/node/library/open-library';
import { createLibraryService, LIBRARY_METHODS, type LibraryService } from '../../src/node/services/library-service';
import { countRows, openSampleLibrary, removeTempDirs, sampleJson } from './helpers';
import { signedIn } from '../support/people';
import { importIssueJsonText } from '../../src/node/import/issue-json';

let lib: Library;
let service: LibraryService;
let issueId: number;

beforeEach(() => {
  lib = openSampleLibrary();
  service = createLibraryService(lib);
  issueId = service.listIssues({})[0]!.id;
});
afterEach(() => {
  lib.close();
  removeTempDirs();
});

function error(fn: () => unknown): QikanError {
  try {
    fn();
  } catch (err) {
    if (err instanceof QikanError) return err;
    throw err;
  }
  throw new Error('expected a QikanError');
}

const sections = () => service.getIssueOutline({ issueId }).sections;
const positionsAreDense = () => {
  const s = sections();
  expect(s.map((x) => x.position)).toEqual(s.map((_, i) => i));
  for (const x of s) expect(x.articles.map((a) => a.position)).toEqual(x.articles.map((_, i) => i));
};

describe('library service', () => {
  it('implements every library method of the API', () => {
    for (const m of LIBRARY_METHODS) expect(typeof service[m], m).toBe('function');
    expect(LIBRARY_METHODS.every((m) => API_METHODS.includes(m))).toBe(true);
    expect(Object.keys(service).sort()).toEqual([...LIBRARY_METHODS].sort());
  });

  it('saves an article edit, bumps the revision and returns the new character count', () => {
    const summary = sections()[0]!.articles[0]!;
    const article = service.getArticle({ articleId: summary.id });
    const body = docFromBlocks([{ type: 'paragraph', text: '新的 第一段。' }, { type: 'heading', level: 1, text: '一、标题' }]);
    const saved = service.updateArticle({ articleId: article.id, baseRevision: article.revision, patch: { body, subtitle: '——副题', pageBudget: 3 } });
    expect(saved.revision).toBe(article.revision + 1);
    expect(saved.charCount).toBe(articleCharCount({ ...article, subtitle: '——副题', body }));
    const reread = service.getArticle({ articleId: article.id });
    expect(reread).toMatchObject({ revision: saved.revision, updatedAt: saved.updatedAt, subtitle: '——副题', pageBudget: 3, titleLines: article.titleLines });
    expect(blocksFromDoc(reread.body)).toEqual([{ type: 'paragraph', text: '新的 第一段。' }, { type: 'heading', level: 1, text: '一、标题' }]);
    expect(sections()[0]!.articles[0]!.charCount).toBe(saved.charCount);
    // The search index follows the edit.
    const hits = lib.db.prepare("SELECT rowid FROM article_search WHERE article_search MATCH '新的 第一段'").all() as { rowid: number }[];
    expect(hits.map((h) => h.rowid)).toEqual([article.id]);
  });

  it('refuses a save based on a stale revision and keeps the newer text', () => {
    const id = sections()[1]!.articles[0]!.id;
    const a = service.getArticle({ articleId: id });
    service.updateArticle({ articleId: id, baseRevision: a.revision, patch: { notes: 'first' } });
    const e = error(() => service.updateArticle({ articleId: id, baseRevision: a.revision, patch: { notes: 'second' } }));
    expect(e.code).toBe('conflict');
    expect(e.details).toMatchObject({ reason: 'stale_revision', id });
    expect(service.getArticle({ articleId: id }).notes).toBe('first');
  });

  it('answers not_found with the entity and id', () => {
    expect(error(() => service.getArticle({ articleId: 9999 })).details).toEqual({ entity: 'article', id: 9999 });
    expect(error(() => service.getIssueOutline({ issueId: 77 })).details).toEqual({ entity: 'issue', id: 77 });
    expect(error(() => service.renameSection({ sectionId: 555, name: 'x' })).code).toBe('not_found');
    expect(error(() => service.moveArticle({ articleId: 1, toSectionId: 555, toIndex: 0 })).details).toEqual({ entity: 'section', id: 555 });
    expect(error(() => service.getColophon({ issueId: 77 })).code).toBe('not_found');
    expect(error(() => service.updateArticle({ articleId: 9999, baseRevision: 0, patch: {} })).code).toBe('not_found');
  });

  it('creates, renames, moves and deletes sections with dense positions', () => {
    const created = service.createSection({ issueId, name: '特别报道', index: 1 });
    expect(created).toMatchObject({ name: '特别报道', position: 1, articles: [] });
    expect(sections().map((s) => s.name).slice(0, 3)).toEqual(['卷首语', '特别报道', '高层声音']);
    expect(service.createSection({ issueId, name: '末尾' }).position).toBe(10);
    expect(service.renameSection({ sectionId: created.id, name: '专题' }).name).toBe('专题');
    const moved = service.moveSection({ sectionId: created.id, toIndex: 100 });
    expect(moved.map((s) => s.name).slice(-2)).toEqual(['末尾', '专题']);
    positionsAreDense();

    const third = sections()[2]!;
    const articlesBefore = countRows(lib.db, 'article');
    expect(service.deleteSection({ sectionId: third.id })).toEqual({ deleted: true });
    expect(countRows(lib.db, 'article')).toBe(articlesBefore - third.articles.length);
    expect(countRows(lib.db, 'article_search')).toBe(articlesBefore - third.articles.length);
    expect(sections().some((s) => s.id === third.id)).toBe(false);
    positionsAreDense();
    expect(service.listIssues({})[0]!.sectionCount).toBe(10);
  });

  it('creates and deletes articles', () => {
    const section = sections()[2]!;
    const created = service.createArticle({ sectionId: section.id, title: '新文章', index: 0 });
    expect(created).toMatchObject({ sectionId: section.id, position: 0, key: null, titleLines: ['新文章'], revision: 0, charCount: 3 });
    expect(sections()[2]!.articles.map((a) => a.id)).toEqual([created.id, ...section.articles.map((a) => a.id)]);
    const full = service.getArticle({ articleId: created.id });
    expect(full.endMark).toBe(true);
    expect(blocksFromDoc(full.body)).toEqual([{ type: 'paragraph', text: '' }]);
    positionsAreDense();
    expect(service.deleteArticle({ articleId: section.articles[3]!.id })).toEqual({ deleted: true });
    expect(sections()[2]!.articles).toHaveLength(section.articles.length);
    positionsAreDense();
    expect(error(() => service.getArticle({ articleId: section.articles[3]!.id })).code).toBe('not_found');
  });

  it('reorders articles within a section and across sections', () => {
    const [first, second] = [sections()[1]!, sections()[2]!];
    const moving = second.articles[4]!;
    const after = service.moveArticle({ articleId: moving.id, toSectionId: first.id, toIndex: 1 });
    expect(after[1]!.articles.map((a) => a.id)).toEqual([first.articles[0]!.id, moving.id, first.articles[1]!.id]);
    expect(after[2]!.articles.map((a) => a.id)).toEqual(second.articles.filter((a) => a !== moving).map((a) => a.id));
    expect(service.getArticle({ articleId: moving.id }).sectionId).toBe(first.id);
    positionsAreDense();

    const within = service.moveArticle({ articleId: second.articles[0]!.id, toSectionId: second.id, toIndex: 99 });
    expect(within[2]!.articles.at(-1)!.id).toBe(second.articles[0]!.id);
    positionsAreDense();
  });

  it('refuses to move an article into another issue', () => {
    const second = sampleJson();
    second.masthead.issueNumber = 2;
    const other = importIssueJsonText(lib.db, JSON.stringify(second));
    const target = service.getIssueOutline({ issueId: other.issueId }).sections[0]!;
    const e = error(() => service.moveArticle({ articleId: sections()[0]!.articles[0]!.id, toSectionId: target.id, toIndex: 0 }));
    expect(e.code).toBe('conflict');
  });

  it('lists colophon, photos, extras and the printed table of contents', () => {
    expect(service.getColophon({ issueId }).editorialBoard.members[0]).toBe('马曙光');
    expect(service.listPhotos({ issueId })).toHaveLength(25);
    expect(service.listExtras({ issueId })).toHaveLength(6);
    expect(service.getPrintedToc({ issueId })).toHaveLength(23);
  });

  it('works behind dispatch, which validates payloads first', async () => {
    const handlers = service as unknown as ApiHandlers; // dispatch only reaches the methods called here
    const me = await signedIn(lib, { handlers });
    const ok = await me.dispatch('listIssues', {});
    expect(ok).toMatchObject({ ok: true });
    const bad = await me.dispatch('moveSection', { sectionId: 1, toIndex: -1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { path: 'toIndex' } } });
    const missing = await me.dispatch('getArticle', { articleId: 4242 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found', details: { entity: 'article', id: 4242 } } });
  });
});
