// Per-article layout options (run on 接排 with a rule or a space, column count, page budget) kept by
// the store (migration 9), read from the issue JSON, changed through the API's updateArticle, and
// handed to the layout.
import { afterEach, describe, expect, it } from 'vitest';
import { importIssueJsonText } from '../../src/node/import/issue-json';
import { openDatabase } from '../../src/node/library/database';
import { LATEST_VERSION } from '../../src/node/library/migrations';
import { libraryFile, openLibrary, type Library } from '../../src/node/library/open-library';
import { getIssueLayout, issueLayoutInput } from '../../src/node/services/issue-layout';
import { createLibraryService } from '../../src/node/services/library-service';
import type { Article } from '../../src/shared/model';
import { signedIn, type SignedIn } from '../support/people';
import { openSampleLibrary, removeTempDirs, RESOURCES_DIR, sampleJson, tempDir } from './helpers';

const libs: Library[] = [];
afterEach(() => {
  for (const l of libs.splice(0)) l.close();
  removeTempDirs();
});

async function call<T>(handlers: SignedIn, method: string, input: unknown): Promise<{ ok: true; value: T } | { ok: false; code: string }> {
  const envelope = await handlers.dispatch(method, input);
  return envelope.ok ? { ok: true, value: envelope.value as T } : { ok: false, code: envelope.error.code };
}

function sample(): Library {
  const lib = openSampleLibrary();
  libs.push(lib);
  return lib;
}

const articleIds = (lib: Library): number[] => {
  const service = createLibraryService(lib);
  return service.getIssueOutline({ issueId: service.listIssues({})[0]!.id }).sections.flatMap((s) => s.articles.map((a) => a.id));
};

describe('per-article layout options', () => {
  it('are absent by default: a new page, the publication’s columns, no budget', () => {
    const lib = sample();
    expect(lib.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(9);
    const a = createLibraryService(lib).getArticle({ articleId: articleIds(lib)[3]! });
    expect(a).toMatchObject({ runOn: null, columns: null, pageBudget: null });
    const input = issueLayoutInput(lib, a.issueId);
    expect(input.sections.flatMap((s) => s.articles).every((x) => x.layout === undefined)).toBe(true);
  });

  it('round-trip through the API’s updateArticle and the store, survive a reopen, and reach the layout', async () => {
    const lib = sample();
    const handlers = await signedIn(lib);
    const ids = articleIds(lib);
    // Two articles after one whose last page is less than half full, so running on keeps them on it.
    const plain = getIssueLayout(lib, createLibraryService(lib).listIssues({})[0]!.id);
    const lastPage = (id: number): number => plain.document.pages.findLastIndex((p) => p.lines.some((l) => l.source.owner === id));
    const roomy = ids.filter((id, k) => {
      if (k < 2) return false;
      const page = plain.document.pages[lastPage(ids[k - 1]!)]!;
      const lines = page.lines.filter((l) => l.source.owner === ids[k - 1]);
      return page.kind !== 'colophon' && lines.length > 0 && Math.max(...lines.map((l) => l.y)) < page.boxes.trimH / 2;
    });
    expect(roomy.length).toBeGreaterThanOrEqual(3);
    const [runOnId, columnsId] = [roomy[0]!, roomy[2]!];
    const read = async (articleId: number): Promise<Article> => {
      const r = await call<Article>(handlers, 'getArticle', { articleId });
      if (!r.ok) throw new Error(r.code);
      return r.value;
    };
    let a = await read(runOnId);
    const saved = await call<{ revision: number }>(handlers, 'updateArticle', { articleId: runOnId, baseRevision: a.revision, patch: { runOn: 'rule', pageBudget: 2 } });
    expect(saved.ok).toBe(true);
    a = await read(columnsId);
    expect((await call(handlers, 'updateArticle', { articleId: columnsId, baseRevision: a.revision, patch: { runOn: 'space', columns: 3 } })).ok).toBe(true);
    expect(await read(runOnId)).toMatchObject({ runOn: 'rule', columns: null, pageBudget: 2 });
    expect(await read(columnsId)).toMatchObject({ runOn: 'space', columns: 3 });

    // Out of range or unknown: refused by the schema, nothing written.
    const before = await read(columnsId);
    for (const patch of [{ columns: 5 }, { columns: 0 }, { columns: 2.5 }, { runOn: 'line' }, { runOn: true }]) {
      const r = await call(handlers, 'updateArticle', { articleId: columnsId, baseRevision: before.revision, patch });
      expect(r.ok, JSON.stringify(patch)).toBe(false);
    }
    expect(await read(columnsId)).toEqual(before);

    // Back to the defaults with null.
    const now = await read(runOnId);
    expect((await call(handlers, 'updateArticle', { articleId: runOnId, baseRevision: now.revision, patch: { runOn: null } })).ok).toBe(true);
    expect(await read(runOnId)).toMatchObject({ runOn: null, pageBudget: 2 });
    const again = await read(runOnId);
    expect((await call(handlers, 'updateArticle', { articleId: runOnId, baseRevision: again.revision, patch: { runOn: 'rule' } })).ok).toBe(true);

    // Kept across a reopen of the library.
    const dir = lib.dir;
    lib.close();
    libs.splice(libs.indexOf(lib), 1);
    const reopened = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    libs.push(reopened);
    const service = createLibraryService(reopened);
    expect(service.getArticle({ articleId: columnsId })).toMatchObject({ runOn: 'space', columns: 3 });

    // The layout reads them: the run-on articles start on a page another article began.
    const input = issueLayoutInput(reopened, before.issueId);
    const byId = new Map(input.sections.flatMap((s) => s.articles).map((x) => [x.id, x]));
    expect(byId.get(runOnId)!.layout).toEqual({ startOnNewPage: false, runOnSeparator: 'rule' });
    expect(byId.get(columnsId)!.layout).toEqual({ startOnNewPage: false, runOnSeparator: 'space', columns: 3 });
    const layout = getIssueLayout(reopened, before.issueId);
    for (const id of [runOnId, columnsId]) {
      const start = layout.starts.find((s) => s.articleId === id)!;
      const page = layout.document.pages[start.pageIndex]!;
      expect(page.lines[0]!.source.owner).not.toBe(id);
      // Not an opener page: the page another article began keeps its running head.
      expect(page.kind).toBe('body');
    }
    expect(layout.report.oversetBlocks).toEqual([]);
  });

  it('are read from the issue JSON, and out-of-range values refuse the import', () => {
    const json = sampleJson();
    const first = json.sections[1].articles[0];
    const second = json.sections[1].articles[1];
    Object.assign(first, { pageBudget: 3, columns: 1 });
    Object.assign(second, { runOn: 'space', columns: 3 });
    const lib = openLibrary({ dataDir: tempDir(), resourcesDir: RESOURCES_DIR, seedSample: false });
    libs.push(lib);
    const { issueId } = importIssueJsonText(lib.db, JSON.stringify(json));
    const service = createLibraryService(lib);
    const articles = service.getIssueOutline({ issueId }).sections[1]!.articles.map((a) => service.getArticle({ articleId: a.id }));
    expect(articles[0]).toMatchObject({ pageBudget: 3, columns: 1, runOn: null });
    expect(articles[1]).toMatchObject({ runOn: 'space', columns: 3, pageBudget: null });

    for (const bad of [{ columns: 5 }, { runOn: 'dots' }, { pageBudget: 0 }]) {
      const variant = sampleJson();
      Object.assign(variant.sections[1].articles[0], bad);
      expect(() => importIssueJsonText(lib.db, JSON.stringify(variant), { replace: true }), JSON.stringify(bad)).toThrow();
    }
  });

  it('migration 9 adds the columns to a version-8 library, the articles keeping their defaults', () => {
    const dir = tempDir();
    const v8 = openDatabase(libraryFile(dir), { migrateUpTo: 8 });
    importIssueJsonText(v8, JSON.stringify(sampleJson()));
    expect(v8.prepare("SELECT count(*) AS n FROM pragma_table_info('article') WHERE name IN ('run_on', 'column_count')").get()).toEqual({ n: 0 });
    v8.close();
    const lib = openLibrary({ dataDir: dir, resourcesDir: RESOURCES_DIR });
    libs.push(lib);
    expect(lib.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const rows = lib.db.prepare('SELECT run_on, column_count FROM article').all();
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.every((r) => (r as { run_on: unknown }).run_on === null && (r as { column_count: unknown }).column_count === null)).toBe(true);
    // The store's checks hold the values to the schema's.
    expect(() => lib.db.prepare('UPDATE article SET column_count = 5').run()).toThrow(/CHECK/u);
    expect(() => lib.db.prepare("UPDATE article SET run_on = 'dots'").run()).toThrow(/CHECK/u);
  });
});
