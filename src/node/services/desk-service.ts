// The editor's desk, planning side: a new issue from the previous one (or blank), the flatplan (台版)
// with each article's page budget against the pages it takes and its copyfit state, and search
// across the library.
//
// New issue from the previous one: every 栏目 is carried over in order; every article becomes an
// empty slot in the same place, titled PLACEHOLDER_TITLE (it prints as such in the contents, so an
// unfilled slot cannot slip through a proof), with the previous article's page budget, or when it
// had none, the pages it took in the previous issue as laid out now. The colophon and the
// publication are kept (the board rarely changes); cover lines, photos, extras and the printed
// contents belong to one month and are not copied. A blank issue has no sections but still takes
// the latest issue's colophon, since every issue prints one.
//
// Copyfit rule (per article with a page budget), from the laid-out lines of the whole issue:
// the article's pages run from the first to the last page carrying one of its lines; the budget
// ends on page first + budget − 1.
//   over by N  — N of its lines are set on pages after the budget's last page;
//   under by N — N grid lines (counted per column) are left empty from the end of its text to the
//                foot of the budget's last page: in each column of its last page below the last
//                line or photo it has there, plus every column of budgeted pages it does not reach.
//                Gaps inside a column (the line under the opener, space above a bottom photo) are
//                not counted: text added at the end cannot go there;
//   fits       — neither.

import { PLACEHOLDER_TITLE } from '../../shared/article-slots';
import type { ApiHandlers } from '../api/dispatch';
import { blocksFromDoc, emptyDoc, type ArticleDoc } from '../../shared/article-doc';
import type { ArticleFit, CopyfitState, Flatplan, FlatplanPage, SearchHit } from '../../shared/desk';
import type { DisplayPage } from '../../shared/display-list';
import { QikanError } from '../../shared/errors';
import type { IssueSummary, Masthead } from '../../shared/model';
import type { ArticleFrame, IssueLayoutResult } from '../../engine/issue/types';
import { charCountOf, indexArticle, nowIso } from '../library/article-store';
import type { Library } from '../library/open-library';
import type { ArticleTextRow } from './article-rows';
import { getIssueLayout, type IssueLayoutDeps } from './issue-layout';
import { createLibraryService } from './library-service';
import { writeTransaction } from '../library/transaction';

/** Title of an empty article slot carried over into a new issue. */
export { PLACEHOLDER_TITLE };
/** Pages of a press form (印张) of a 大16开 magazine. */
export const PAGES_PER_FORM = 16;
/** Body hits shown per article, so a common word still lists many articles. */
export const BODY_HITS_PER_ARTICLE = 3;
const DEFAULT_SEARCH_LIMIT = 50;
const SNIPPET_BEFORE = 18;
const SNIPPET_AFTER = 36;

export type DeskMethod = 'createIssue' | 'getFlatplan' | 'searchLibrary';

// ---------------------------------------------------------------------------------------------------
// Copyfit geometry

/** The baseline grid and columns an article is set on (the issue layout says which). */
export type FitGrid = Pick<ArticleFrame, 'top' | 'pitch' | 'lines' | 'columns'>;

/** A grid slot counts as covered when a box overlaps it by more than this (pt). */
const SLOT_OVERLAP = 1;

/** Grid lines the engine leaves empty under a full-width opener before the columns start. */
const OPENER_GAP_LINES = 1;

/** Empty grid lines on one page, counted per column from the last line the article occupies there to
 *  the foot, given the boxes the article occupies on the page. */
export function emptyGridLines(grid: FitGrid, boxes: readonly { x: number; y: number; w: number; h: number }[]): number {
  const overlaps = (b: { x: number; w: number }, [x0, x1]: [number, number]) => b.x + b.w > x0 + SLOT_OVERLAP && b.x < x1 - SLOT_OVERLAP;
  let empty = 0;
  for (const column of grid.columns) {
    let lastSlot = -1;
    for (const b of boxes) {
      if (!overlaps(b, column)) continue;
      const spansColumns = grid.columns.filter((c) => overlaps(b, c)).length > 1;
      const last = Math.ceil((b.y + b.h - grid.top - SLOT_OVERLAP) / grid.pitch) - 1 + (spansColumns ? OPENER_GAP_LINES : 0);
      lastSlot = Math.max(lastSlot, Math.min(grid.lines - 1, last));
    }
    empty += grid.lines - 1 - lastSlot;
  }
  return empty;
}

export interface ArticleMeasure {
  firstPage: number;
  lastPage: number;
  pageSpan: number;
  pagesTaken: number;
  copyfit: { state: CopyfitState; lines: number };
}

/** Where an article is in the laid-out pages and how it fits its budget (rule in the file head). */
export function measureArticle(pages: readonly DisplayPage[], articleId: number, pageBudget: number | null, grid: FitGrid): ArticleMeasure | null {
  const own = pages.filter((p) => p.lines.some((l) => l.source.owner === articleId));
  if (own.length === 0) return null;
  const firstPage = own[0]!.index;
  const lastPage = own[own.length - 1]!.index;
  const pageSpan = lastPage - firstPage + 1;
  const perPage = grid.lines * grid.columns.length;
  const boxesOn = (page: DisplayPage) => [
    ...page.lines.filter((l) => l.source.owner === articleId),
    // Photo frames on the article's own pages are its photos (articles start on a page of their own).
    ...(page.kind === 'body' || page.kind === 'opener' ? page.items.filter((i) => i.kind === 'image') : []),
  ];
  const emptyOnLast = Math.min(perPage, emptyGridLines(grid, boxesOn(pages[lastPage]!)));
  const pagesTaken = Math.round((pageSpan - 1 + (perPage - emptyOnLast) / perPage) * 100) / 100;
  if (pageBudget === null) return { firstPage, lastPage, pageSpan, pagesTaken, copyfit: { state: 'no-budget', lines: 0 } };
  const budgetLast = firstPage + pageBudget - 1;
  if (lastPage > budgetLast) {
    const lines = pages
      .filter((p) => p.index > budgetLast && p.index <= lastPage)
      .reduce((n, p) => n + p.lines.filter((l) => l.source.owner === articleId).length, 0);
    return { firstPage, lastPage, pageSpan, pagesTaken, copyfit: { state: 'over', lines } };
  }
  const under = emptyOnLast + (budgetLast - lastPage) * perPage;
  return { firstPage, lastPage, pageSpan, pagesTaken, copyfit: under > 0 ? { state: 'under', lines: under } : { state: 'fits', lines: 0 } };
}

/** Press forms of 16 pages over the page list; the last may be short. */
export function pressForms(pageCount: number, perForm = PAGES_PER_FORM): Flatplan['forms'] {
  const forms: Flatplan['forms'] = [];
  for (let start = 0, index = 0; start < pageCount; start += perForm, index++) forms.push({ index, start, end: Math.min(pageCount, start + perForm) - 1 });
  return forms;
}

// ---------------------------------------------------------------------------------------------------
// Search

/** Every occurrence of `needle` in `text` (case-insensitive for Latin letters), as [start, end). */
export function occurrences(text: string, needle: string): [number, number][] {
  const hay = text.toLowerCase();
  const n = needle.toLowerCase();
  const out: [number, number][] = [];
  if (n.length === 0 || hay.length !== text.length) {
    // Lower-casing changed the length (rare scripts): fall back to an exact search.
    for (let at = text.indexOf(needle); at >= 0 && needle.length > 0; at = text.indexOf(needle, at + needle.length)) out.push([at, at + needle.length]);
    return out;
  }
  for (let at = hay.indexOf(n); at >= 0; at = hay.indexOf(n, at + n.length)) out.push([at, at + n.length]);
  return out;
}

function snippetOf(text: string, start: number, end: number): { snippet: string; snippetStart: number; snippetEnd: number } {
  const from = Math.max(0, start - SNIPPET_BEFORE);
  const to = Math.min(text.length, end + SNIPPET_AFTER);
  const lead = from > 0 ? '…' : '';
  const raw = text.slice(from, to).replace(/\n/gu, ' ');
  return { snippet: lead + raw + (to < text.length ? '…' : ''), snippetStart: lead.length + start - from, snippetEnd: lead.length + end - from };
}

function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
}

// ---------------------------------------------------------------------------------------------------
// New issue

/** "1月26日" for 2026-01-26: the publish date as the masthead prints it. */
function printedDate(iso: string): string {
  const [, m, d] = iso.split('-').map(Number);
  return `${m}月${d}日`;
}

/** The issue line as the previous masthead printed it, with the new numbers ("总第314期 2"). */
function printedIssueLine(previous: string | null, totalNumber: number, number: number): string | null {
  if (previous === null) return null;
  return /^总第\d+期\s*\d+$/u.test(previous) ? previous.replace(/^总第\d+期(\s*)\d+$/u, `总第${totalNumber}期$1${number}`) : null;
}

function isValidDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

// ---------------------------------------------------------------------------------------------------

export function createDeskService(lib: Library, deps: IssueLayoutDeps = {}): Pick<ApiHandlers, DeskMethod> {
  const db = lib.db;
  const library = createLibraryService(lib);

  /** Every article's place and fit in one laid-out issue. */
  const measures = (issueId: number, layout: IssueLayoutResult) => {
    const outline = library.getIssueOutline({ issueId });
    const frames = new Map(layout.articleFrames.map((f) => [f.articleId, f]));
    return outline.sections.flatMap((s) =>
      s.articles.map((a) => {
        const frame = frames.get(a.id);
        return { article: a, section: s, measure: frame ? measureArticle(layout.document.pages, a.id, a.pageBudget, frame) : null };
      }),
    );
  };

  const statusOf = (articleId: number, charCountBody: boolean, layout: IssueLayoutResult): string => {
    if (layout.report.oversetBlocks.some((o) => o.owner === articleId)) return 'overset';
    if (!charCountBody) return 'empty';
    const placeholders = db.prepare(`SELECT count(*) AS n FROM photo WHERE article_id = ? AND file IS NULL`).get(articleId) as { n: number };
    return placeholders.n > 0 ? 'photos-missing' : 'ready';
  };

  const bodyHasText = (articleId: number): boolean => {
    const row = db.prepare('SELECT body FROM article WHERE id = ?').get(articleId) as { body: string };
    return blocksFromDoc(JSON.parse(row.body) as ArticleDoc).some((b) => b.text.trim() !== '');
  };

  return {
    createIssue({ fromIssueId, year, number, totalNumber, publishDate }, ctx): IssueSummary {
      if (!isValidDate(publishDate)) {
        throw new QikanError('invalid_request', `publishDate ${publishDate} is not a calendar date`, { path: 'publishDate', expected: 'yyyy-mm-dd' });
      }
      const latest = db.prepare('SELECT id FROM issue ORDER BY year DESC, number DESC LIMIT 1').get() as { id: number } | undefined;
      const sourceId = fromIssueId ?? latest?.id ?? null;
      if (sourceId === null) {
        throw new QikanError('conflict', 'a new issue needs an issue to take the publication and colophon from', { reason: 'no_previous_issue' });
      }
      const source = library.getIssueOutline({ issueId: sourceId }); // not_found for an unknown fromIssueId
      const colophon = library.getColophon({ issueId: sourceId });
      // Budgets of carried-over slots: the previous budget, else the pages the article took. The layout
      // runs before the transaction (it reads only).
      let taken = new Map<number, number>();
      if (fromIssueId !== null && source.sections.some((s) => s.articles.some((a) => a.pageBudget === null))) {
        taken = new Map(
          measures(fromIssueId, getIssueLayout(lib, fromIssueId, deps)).flatMap((m) => (m.measure ? [[m.article.id, m.measure.pageSpan] as const] : [])),
        );
      }
      return writeTransaction(db, (): IssueSummary => {
        const publicationId = (db.prepare('SELECT publication_id FROM issue WHERE id = ?').get(sourceId) as { publication_id: number }).publication_id;
        const clash = db.prepare('SELECT id FROM issue WHERE publication_id = ? AND year = ? AND number = ?').get(publicationId, year, number) as { id: number } | undefined;
        if (clash) {
          throw new QikanError('conflict', `issue ${year}/${number} exists already (id ${clash.id})`, { reason: 'duplicate_issue', entity: 'issue', id: clash.id });
        }
        const now = nowIso();
        const masthead: Masthead = {
          coverLines: [],
          coverPhotoCredit: null,
          issueLinePrinted: printedIssueLine(source.masthead.issueLinePrinted, totalNumber, number),
          publishDatePrinted: printedDate(publishDate),
          sponsor: source.masthead.sponsor,
        };
        const issueId = Number(
          db
            .prepare(
              `INSERT INTO issue (publication_id, year, number, total_number, publish_date, publish_date_printed, status, masthead, source, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, 'planning', ?, NULL, ?, ?)`,
            )
            .run(publicationId, year, number, totalNumber, publishDate, masthead.publishDatePrinted, JSON.stringify(masthead), now, now).lastInsertRowid,
        );
        copyColophon(db, sourceId, issueId);
        if (fromIssueId !== null) {
          const insertSection = db.prepare('INSERT INTO section (issue_id, position, name) VALUES (?, ?, ?)');
          const insertArticle = db.prepare(
            `INSERT INTO article (issue_id, section_id, position, key, title_lines, body, char_count, end_mark, page_budget, revision, created_at, updated_at)
             VALUES (?, ?, ?, NULL, ?, ?, ?, 1, ?, 0, ?, ?)`,
          );
          const titleLines = [PLACEHOLDER_TITLE];
          const body = emptyDoc();
          const chars = charCountOf({ titleLines, subtitle: null, byline: null, authorInfo: null, body });
          source.sections.forEach((s, sectionPosition) => {
            const sectionId = Number(insertSection.run(issueId, sectionPosition, s.name).lastInsertRowid);
            s.articles.forEach((a, articlePosition) => {
              const budget = a.pageBudget ?? taken.get(a.id) ?? null;
              const id = Number(
                insertArticle.run(issueId, sectionId, articlePosition, JSON.stringify(titleLines), JSON.stringify(body), chars, budget, now, now).lastInsertRowid,
              );
              indexArticle(db, id, titleLines, body);
            });
          });
        }
        ctx?.about({ issueId });
        ctx?.note({ issue: `${year}-${number}`, from: fromIssueId ?? 'blank' });
        return library.listIssues({}).find((i) => i.id === issueId)!;
      });
    },

    getFlatplan({ issueId }): Flatplan {
      const layout = getIssueLayout(lib, issueId, deps);
      const all = measures(issueId, layout);
      const sectionOf = new Map(all.map((m) => [m.article.id, m.section.name]));
      const pages: FlatplanPage[] = layout.document.pages.map((p) => {
        const owner = p.lines.find((l) => typeof l.source.owner === 'number')?.source.owner;
        const articleId = typeof owner === 'number' ? owner : null;
        return { index: p.index, label: layout.pageLabels[p.index] ?? String(p.index + 1), kind: p.kind, articleId, sectionName: articleId !== null ? sectionOf.get(articleId) ?? null : null };
      });
      const articles: ArticleFit[] = all.map(({ article, section, measure }) => ({
        articleId: article.id,
        sectionId: section.id,
        title: article.titleLines.filter((l) => l.trim() !== '').join(' '),
        pageBudget: article.pageBudget,
        pagesTaken: measure?.pagesTaken ?? 0,
        pageSpan: measure?.pageSpan ?? 0,
        copyfit: measure?.copyfit ?? { state: article.pageBudget === null ? 'no-budget' : 'under', lines: 0 },
        status: statusOf(article.id, bodyHasText(article.id), layout),
      }));
      return { issueId, pages, forms: pressForms(pages.length), articles };
    },

    searchLibrary({ query, limit }): SearchHit[] {
      const max = limit ?? DEFAULT_SEARCH_LIMIT;
      const pattern = likePattern(query);
      // Candidates: the trigram index answers LIKE on bodies (by index from three characters on); the
      // short fields are matched on the article rows themselves.
      const ids = new Set(
        (
          db
            .prepare(
              `SELECT rowid AS id FROM article_search WHERE body LIKE @p ESCAPE '\\'
               UNION SELECT id FROM article WHERE title_lines LIKE @p ESCAPE '\\' OR subtitle LIKE @p ESCAPE '\\'
                 OR byline LIKE @p ESCAPE '\\' OR author_info LIKE @p ESCAPE '\\'`,
            )
            .all({ p: pattern }) as { id: number }[]
        ).map((r) => r.id),
      );
      if (ids.size === 0) return [];
      const rows = (
        db
          .prepare(
            `SELECT a.id, a.issue_id, a.title_lines, a.subtitle, a.byline, a.author_info, a.body, i.year, i.number
             FROM article a JOIN issue i ON i.id = a.issue_id JOIN section s ON s.id = a.section_id
             ORDER BY i.year DESC, i.number DESC, s.position, a.position`,
          )
          .all() as (ArticleTextRow & { year: number; number: number })[]
      ).filter((r) => ids.has(r.id));
      const hits: SearchHit[] = [];
      for (const r of rows) {
        const titleLines = JSON.parse(r.title_lines) as string[];
        const base = {
          issueId: r.issue_id,
          issueLabel: `${r.year}年第${r.number}期`,
          articleId: r.id,
          articleTitle: titleLines.filter((l) => l.trim() !== '').join(' '),
        };
        const fields: [SearchHit['field'], string | null][] = [
          ['title', titleLines.join('\n')],
          ['subtitle', r.subtitle],
          ['byline', r.byline],
          ['authorInfo', r.author_info],
        ];
        for (const [field, text] of fields) {
          if (!text) continue;
          for (const [start, end] of occurrences(text, query)) hits.push({ ...base, field, blockIndex: -1, start, end, ...snippetOf(text, start, end) });
        }
        let bodyHits = 0;
        blocksFromDoc(JSON.parse(r.body) as ArticleDoc).forEach((block, blockIndex) => {
          for (const [start, end] of occurrences(block.text, query)) {
            if (bodyHits >= BODY_HITS_PER_ARTICLE) return;
            bodyHits++;
            hits.push({ ...base, field: 'body', blockIndex, start, end, ...snippetOf(block.text, start, end) });
          }
        });
        if (hits.length >= max) break;
      }
      return hits.slice(0, max);
    },
  };
}

/** Copies the colophon with its rows, board and editorial office from one issue to another. */
function copyColophon(db: Library['db'], fromIssueId: number, toIssueId: number): void {
  const has = db.prepare('SELECT 1 FROM colophon WHERE issue_id = ?').get(fromIssueId);
  if (!has) return;
  db.prepare(
    `INSERT INTO colophon (issue_id, board_heading, board_chair, board_vice_chair, board_note, board_role_chair, board_role_vice_chair,
                           board_role_members, chief_editor_role, chief_editor_name, office_heading, price_label, price_value,
                           price_amount, price_currency)
     SELECT ?, board_heading, board_chair, board_vice_chair, board_note, board_role_chair, board_role_vice_chair,
            board_role_members, chief_editor_role, chief_editor_name, office_heading, price_label, price_value,
            price_amount, price_currency
     FROM colophon WHERE issue_id = ?`,
  ).run(toIssueId, fromIssueId);
  db.prepare('INSERT INTO colophon_row (issue_id, grp, position, label, value) SELECT ?, grp, position, label, value FROM colophon_row WHERE issue_id = ?').run(toIssueId, fromIssueId);
  db.prepare('INSERT INTO colophon_board_member (issue_id, position, name) SELECT ?, position, name FROM colophon_board_member WHERE issue_id = ?').run(toIssueId, fromIssueId);
  const roles = db.prepare('SELECT id, position, role FROM colophon_office_role WHERE issue_id = ? ORDER BY position').all(fromIssueId) as { id: number; position: number; role: string }[];
  const insertRole = db.prepare('INSERT INTO colophon_office_role (issue_id, position, role) VALUES (?, ?, ?)');
  const copyMembers = db.prepare('INSERT INTO colophon_office_member (role_id, position, name) SELECT ?, position, name FROM colophon_office_member WHERE role_id = ?');
  for (const r of roles) {
    const roleId = Number(insertRole.run(toIssueId, r.position, r.role).lastInsertRowid);
    copyMembers.run(roleId, r.id);
  }
}
