// The planning desk over a real library: new issues from the previous one and blank, the flatplan's
// press forms and copyfit states, and search across two issues.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskService, emptyGridLines, occurrences, PLACEHOLDER_TITLE, pressForms } from '../../src/node/services/desk-service';
import { createLibraryService } from '../../src/node/services/library-service';
import { getIssueLayout } from '../../src/node/services/issue-layout';
import { DEFAULT_ISSUE_DESIGN } from '../../src/engine/issue/index';
import { gridFor } from '../../src/engine/flow/geometry';
import { blocksFromDoc, docFromBlocks, type DocBlock } from '../../src/shared/article-doc';
import { QikanError } from '../../src/shared/errors';
import type { Library } from '../../src/node/library/open-library';
import { countRows, openSampleLibrary, removeTempDirs } from './helpers';

let lib: Library;
let desk: ReturnType<typeof createDeskService>;
let library: ReturnType<typeof createLibraryService>;
const SAMPLE = 1;

beforeAll(() => {
  lib = openSampleLibrary();
  desk = createDeskService(lib);
  library = createLibraryService(lib);
});
afterAll(() => {
  lib.close();
  removeTempDirs();
});

const sync = <T>(v: T | Promise<T>): T => {
  if (v instanceof Promise) throw new Error('expected a synchronous answer');
  return v;
};

function errorOf(fn: () => unknown): QikanError {
  try {
    fn();
  } catch (e) {
    if (e instanceof QikanError) return e;
    throw e;
  }
  throw new Error('expected a QikanError');
}

describe('createIssue', () => {
  let newId = 0;

  it('makes 2026年第2期 from the sample: numbers and dates advanced, sections in order, empty slots with budgets', () => {
    const summary = sync(desk.createIssue({ fromIssueId: SAMPLE, year: 2026, number: 2, totalNumber: 314, publishDate: '2026-02-26' }));
    newId = summary.id;
    expect(summary).toMatchObject({ year: 2026, number: 2, totalNumber: 314, publishDate: '2026-02-26', status: 'planning', sectionCount: 9, articleCount: 23 });
    const before = library.getIssueOutline({ issueId: SAMPLE });
    const after = library.getIssueOutline({ issueId: newId });
    expect(after.sections.map((s) => s.name)).toEqual(before.sections.map((s) => s.name));
    expect(after.sections.map((s) => s.articles.length)).toEqual(before.sections.map((s) => s.articles.length));
    expect(after.masthead).toMatchObject({ coverLines: [], coverPhotoCredit: null, issueLinePrinted: '总第314期 2', publishDatePrinted: '2月26日', sponsor: before.masthead.sponsor });
    expect(after.publication).toEqual(before.publication);

    // The sample has no budgets: each slot takes the pages its predecessor took as laid out.
    const layout = getIssueLayout(lib, SAMPLE);
    const spanOf = (id: number) => {
      const pages = layout.document.pages.filter((p) => p.lines.some((l) => l.source.owner === id)).map((p) => p.index);
      return pages[pages.length - 1]! - pages[0]! + 1;
    };
    const oldArticles = before.sections.flatMap((s) => s.articles);
    const newArticles = after.sections.flatMap((s) => s.articles);
    expect(newArticles.map((a) => a.pageBudget)).toEqual(oldArticles.map((a) => spanOf(a.id)));
    expect(newArticles.every((a) => a.pageBudget !== null && a.pageBudget >= 1)).toBe(true);
    for (const a of newArticles) {
      expect(a.titleLines).toEqual([PLACEHOLDER_TITLE]);
      const article = library.getArticle({ articleId: a.id });
      expect(blocksFromDoc(article.body).map((b) => b.text.trim()).join('')).toBe('');
      expect(article.key).toBeNull();
    }
    expect(countRows(lib.db, 'photo')).toBe(library.listPhotos({ issueId: SAMPLE }).length);
    expect(library.listExtras({ issueId: newId })).toEqual([]);
  });

  it('lays the new issue out as planned: each empty slot holds its budget of pages, so the flatplan has the sample\'s page count', () => {
    const sample = getIssueLayout(lib, SAMPLE);
    const layout = getIssueLayout(lib, newId);
    const plan = sync(desk.getFlatplan({ issueId: newId }));
    expect(layout.document.pages.length).toBe(sample.document.pages.length);
    expect(plan.pages).toHaveLength(sample.document.pages.length);
    for (const slot of library.getIssueOutline({ issueId: newId }).sections.flatMap((s) => s.articles)) {
      const fit = plan.articles.find((a) => a.articleId === slot.id)!;
      const own = plan.pages.filter((p) => p.articleId === slot.id);
      expect(own, `pages of slot ${slot.id}`).toHaveLength(slot.pageBudget!);
      expect(fit.pageSpan).toBe(slot.pageBudget);
      // The held pages say what they are held for, and print nothing else.
      for (const page of layout.document.pages.filter((p) => p.lines.some((l) => l.source.owner === slot.id && l.source.part === 'reserved'))) {
        expect(page.lines.filter((l) => l.source.owner === slot.id).map((l) => l.text).join('')).toMatch(/^预留版面：（待定）　第\d+\/\d+页$/u);
      }
    }
  });

  it('copies the colophon: board, office and rows', () => {
    expect(library.getColophon({ issueId: newId })).toEqual(library.getColophon({ issueId: SAMPLE }));
  });

  it('takes budgets that were set over the laid-out pages', () => {
    const [first] = library.getIssueOutline({ issueId: newId }).sections[1]!.articles;
    library.updateArticle({ articleId: first!.id, baseRevision: first!.revision, patch: { pageBudget: 7 } });
    const next = sync(desk.createIssue({ fromIssueId: newId, year: 2026, number: 3, totalNumber: 315, publishDate: '2026-03-26' }));
    const carried = library.getIssueOutline({ issueId: next.id }).sections[1]!.articles[0]!;
    expect(carried.pageBudget).toBe(7);
  });

  it('refuses an issue number that exists, and changes nothing', () => {
    const issues = countRows(lib.db, 'issue');
    const articles = countRows(lib.db, 'article');
    const err = errorOf(() => desk.createIssue({ fromIssueId: SAMPLE, year: 2026, number: 2, totalNumber: 999, publishDate: '2026-02-26' }));
    expect(err.code).toBe('conflict');
    expect(err.details.reason).toBe('duplicate_issue');
    expect(countRows(lib.db, 'issue')).toBe(issues);
    expect(countRows(lib.db, 'article')).toBe(articles);
  });

  it('refuses a date that is not on the calendar and an unknown source issue', () => {
    expect(errorOf(() => desk.createIssue({ fromIssueId: SAMPLE, year: 2026, number: 9, totalNumber: 321, publishDate: '2026-02-30' })).code).toBe('invalid_request');
    expect(errorOf(() => desk.createIssue({ fromIssueId: 999, year: 2026, number: 9, totalNumber: 321, publishDate: '2026-09-26' })).code).toBe('not_found');
  });

  it('starts a blank issue with no sections but the latest colophon', () => {
    const blank = sync(desk.createIssue({ fromIssueId: null, year: 2026, number: 4, totalNumber: 316, publishDate: '2026-04-26' }));
    expect(blank).toMatchObject({ sectionCount: 0, articleCount: 0, status: 'planning' });
    expect(library.getColophon({ issueId: blank.id }).editorialBoard.members).toHaveLength(28);
    // It lays out: covers, colophon page and contents, padded.
    const plan = sync(desk.getFlatplan({ issueId: blank.id }));
    expect(plan.articles).toEqual([]);
    expect(plan.pages.length % 4).toBe(0);
  });
});

describe('flatplan', () => {
  it('lists every page with its label, kind and article, in 16-page forms', () => {
    const plan = sync(desk.getFlatplan({ issueId: SAMPLE }));
    const layout = getIssueLayout(lib, SAMPLE);
    expect(plan.pages).toHaveLength(layout.document.pages.length);
    expect(plan.pages.map((p) => p.label)).toEqual(layout.pageLabels);
    expect(plan.pages[0]).toMatchObject({ label: '封一', kind: 'cover', articleId: null });
    expect(plan.forms[0]).toEqual({ index: 0, start: 0, end: 15 });
    expect(plan.forms).toHaveLength(Math.ceil(plan.pages.length / 16));
    expect(plan.forms[plan.forms.length - 1]!.end).toBe(plan.pages.length - 1);
    const start = layout.starts[3]!;
    expect(plan.pages[start.pageIndex]).toMatchObject({ articleId: start.articleId, kind: 'opener' });
    expect(plan.pages[start.pageIndex]!.sectionName).toBe(library.getIssueOutline({ issueId: SAMPLE }).sections.find((s) => s.id === start.sectionId)!.name);
    expect(plan.articles).toHaveLength(23);
    expect(plan.articles.every((a) => a.copyfit.state === 'no-budget' && a.pageSpan >= 1 && a.pagesTaken > a.pageSpan - 1 && a.pagesTaken <= a.pageSpan)).toBe(true);
    expect(plan.articles.every((a) => a.status === 'photos-missing' || a.status === 'ready')).toBe(true);
  });

  it('splits pages into forms of 16 with a short last form', () => {
    expect(pressForms(36)).toEqual([
      { index: 0, start: 0, end: 15 },
      { index: 1, start: 16, end: 31 },
      { index: 2, start: 32, end: 35 },
    ]);
    expect(pressForms(0)).toEqual([]);
  });

  describe('copyfit on a crafted article', () => {
    let issueId = 0;
    let articleId = 0;
    const line = (k: number): DocBlock => ({ type: 'paragraph', text: `第${k}段。` });
    const set = (blocks: DocBlock[], pageBudget: number) => {
      const a = library.getArticle({ articleId });
      library.updateArticle({ articleId, baseRevision: a.revision, patch: { body: docFromBlocks(blocks), pageBudget } });
      return sync(desk.getFlatplan({ issueId })).articles.find((x) => x.articleId === articleId)!;
    };

    beforeAll(() => {
      const blank = sync(desk.createIssue({ fromIssueId: null, year: 2027, number: 1, totalNumber: 325, publishDate: '2027-01-26' }));
      issueId = blank.id;
      const section = library.createSection({ issueId, name: '调查研究' });
      articleId = library.createArticle({ sectionId: section.id, title: '一篇试排的文章' }).id;
    });

    it('is under by the empty grid lines left on the budgeted pages', () => {
      const few = set([line(1), line(2), line(3)], 1);
      expect(few.copyfit.state).toBe('under');
      expect(few.pageSpan).toBe(1);
      const twoPages = set([line(1), line(2), line(3)], 2);
      expect(twoPages.copyfit).toEqual({ state: 'under', lines: few.copyfit.lines + lineCapacityPerPage() });
    });

    it('fits when one-line paragraphs fill exactly those lines', () => {
      const few = set([line(1), line(2), line(3)], 1);
      const filled = set(Array.from({ length: 3 + few.copyfit.lines }, (_, k) => line(k + 1)), 1);
      expect(filled.copyfit).toEqual({ state: 'fits', lines: 0 });
      expect(filled.pagesTaken).toBe(1);
    });

    it('is over by the lines set beyond the budget', () => {
      const few = set([line(1), line(2), line(3)], 1);
      const over = set(Array.from({ length: 3 + few.copyfit.lines + 5 }, (_, k) => line(k + 1)), 1);
      expect(over.copyfit).toEqual({ state: 'over', lines: 5 });
      expect(over.pageSpan).toBe(2);
      expect(over.pagesTaken).toBeGreaterThan(1);
      expect(over.pagesTaken).toBeLessThan(2);
    });

    it('reports an article without a budget as such', () => {
      expect(set([line(1)], 1).copyfit.state).toBe('under');
      const a = library.getArticle({ articleId });
      library.updateArticle({ articleId, baseRevision: a.revision, patch: { pageBudget: null } });
      const fit = sync(desk.getFlatplan({ issueId })).articles.find((x) => x.articleId === articleId)!;
      expect(fit.copyfit).toEqual({ state: 'no-budget', lines: 0 });
      expect(fit.status).toBe('ready');
    });
  });

  it('counts empty grid lines per column below the last line, the line under the opener as taken', () => {
    const grid = { top: 100, pitch: 10, lines: 10, columns: [[0, 100], [120, 220]] as [number, number][] };
    const opener = { x: 0, y: 100, w: 220, h: 20 }; // slots 0–1 in both columns, slot 2 the gap under it
    const text = { x: 0, y: 130, w: 100, h: 30 }; // slots 3–5 of column 1
    expect(emptyGridLines(grid, [opener, text])).toBe(4 + 7);
    expect(emptyGridLines(grid, [{ x: 0, y: 150, w: 100, h: 50 }])).toBe(0 + 10);
    expect(emptyGridLines(grid, [])).toBe(20);
  });
});

/** Grid lines of a full body page in the default design (columns × lines per column). */
function lineCapacityPerPage(): number {
  return DEFAULT_ISSUE_DESIGN.columns * gridFor(DEFAULT_ISSUE_DESIGN.page).lines;
}

describe('searchLibrary', () => {
  let secondIssue = 0;
  let titled = 0;

  beforeAll(() => {
    // A second issue with an article mentioning 人大 in its title, byline and body.
    const next = sync(desk.createIssue({ fromIssueId: SAMPLE, year: 2026, number: 11, totalNumber: 323, publishDate: '2026-11-26' }));
    secondIssue = next.id;
    const slot = library.getIssueOutline({ issueId: secondIssue }).sections[2]!.articles[0]!;
    titled = slot.id;
    library.updateArticle({
      articleId: titled,
      baseRevision: slot.revision,
      patch: {
        titleLines: ['街道人大工委', '这一年'],
        byline: '本刊记者',
        body: docFromBlocks([
          { type: 'paragraph', text: '开篇没有要找的词。' },
          { type: 'paragraph', text: '区人大常委会和街道人大工委一起调研。' },
        ]),
      },
    });
  });

  it('finds 人大 (two characters) in titles and bodies with the exact ranges', () => {
    const hits = sync(desk.searchLibrary({ query: '人大', limit: 200 }));
    const mine = hits.filter((h) => h.articleId === titled);
    expect(mine.map((h) => [h.field, h.blockIndex, h.start, h.end])).toEqual([
      ['title', -1, 2, 4],
      ['body', 1, 1, 3],
      ['body', 1, 9, 11],
    ]);
    const bodyHit = mine[1]!;
    expect(bodyHit.snippet.slice(bodyHit.snippetStart, bodyHit.snippetEnd)).toBe('人大');
    expect(bodyHit.issueLabel).toBe('2026年第11期');
    expect(bodyHit.articleTitle).toBe('街道人大工委 这一年');
    // Every hit's range points at the query in the text it names.
    for (const h of hits) {
      const a = library.getArticle({ articleId: h.articleId });
      const text =
        h.field === 'body'
          ? blocksFromDoc(a.body)[h.blockIndex]!.text
          : h.field === 'title'
            ? a.titleLines.join('\n')
            : (({ subtitle: a.subtitle, byline: a.byline, authorInfo: a.authorInfo })[h.field] ?? '');
      expect(text.slice(h.start, h.end)).toBe('人大');
    }
  });

  it('searches across issues, newest first, and the sample bodies too', () => {
    const hits = sync(desk.searchLibrary({ query: '人大', limit: 200 }));
    const issues = [...new Set(hits.map((h) => h.issueId))];
    expect(issues).toEqual([secondIssue, SAMPLE]);
    expect(hits.some((h) => h.issueId === SAMPLE && h.field === 'title')).toBe(true);
    expect(hits.some((h) => h.issueId === SAMPLE && h.field === 'body')).toBe(true);
    // At most three body hits per article, so a common word still lists many articles.
    const perArticle = new Map<number, number>();
    for (const h of hits.filter((x) => x.field === 'body')) perArticle.set(h.articleId, (perArticle.get(h.articleId) ?? 0) + 1);
    expect(Math.max(...perArticle.values())).toBeLessThanOrEqual(3);
    expect(perArticle.size).toBeGreaterThan(10);
  });

  it('finds bylines, respects the limit, and treats LIKE wildcards as text', () => {
    expect(sync(desk.searchLibrary({ query: '本刊记者' })).some((h) => h.articleId === titled && h.field === 'byline' && h.start === 0 && h.end === 4)).toBe(true);
    expect(sync(desk.searchLibrary({ query: '人大', limit: 5 }))).toHaveLength(5);
    expect(sync(desk.searchLibrary({ query: '人%大' }))).toEqual([]);
    expect(sync(desk.searchLibrary({ query: '查无此词组合' }))).toEqual([]);
  });

  it('finds Latin text regardless of case', () => {
    expect(occurrences('CN 11-4553/D and cn', 'cn')).toEqual([
      [0, 2],
      [17, 19],
    ]);
  });
});
