// The API's implementation over the library database. Every change that touches several rows runs in one
// transaction; positions are kept dense (0..n-1) after every insert, move and delete.

import type { ApiInput, ApiMethod, ApiOutputs, ImportResult, SaveResult } from '../../shared/api';
import { emptyDoc, type ArticleDoc } from '../../shared/article-doc';
import { QikanError } from '../../shared/errors';
import type {
  Article,
  ArticleSummary,
  Colophon,
  ColophonRow,
  Credit,
  IssueExtra,
  IssueOutline,
  IssueStatus,
  IssueSummary,
  Masthead,
  Photo,
  PhotoPlacement,
  PrintedTocEntry,
  Publication,
  RunOn,
  SectionOutline,
} from '../../shared/model';
import { actorOfCall, type ApiHandlers, type CallContext } from '../api/dispatch';
import { decodeIssueJson, importIssueJsonText } from '../import/issue-json';
import { uploadsOf } from '../uploads/upload-store';
import { charCountOf, indexArticle, nowIso, renumber, syncCaptionPhotos } from '../library/article-store';
import type { Library } from '../library/open-library';
import { refreshAnchors } from '../proof/proof-store';
import { writeTransaction } from '../library/transaction';

interface IssueRow {
  id: number;
  publication_id: number;
  year: number;
  number: number;
  total_number: number;
  publish_date: string;
  publish_date_printed: string | null;
  status: IssueStatus;
  masthead: string;
  updated_at: string;
}

interface SectionRow {
  id: number;
  issue_id: number;
  position: number;
  name: string;
}

interface ArticleRow {
  id: number;
  issue_id: number;
  section_id: number;
  position: number;
  key: string | null;
  title_lines: string;
  subtitle: string | null;
  byline: string | null;
  byline_raw: string | null;
  author_info: string | null;
  section_label: string | null;
  body: string;
  char_count: number;
  end_mark: number;
  end_mark_glyph: string | null;
  notes: string;
  page_budget: number | null;
  /** From migration 9 on. */
  run_on?: RunOn | null;
  column_count?: number | null;
  printed_start_page: number | null;
  revision: number;
  updated_at: string;
}

interface CreditColumns {
  credit_kind: string | null;
  credit_name: string | null;
  credit_raw: string | null;
  credit_scope: string | null;
}

function creditOf(row: CreditColumns): Credit | null {
  if (!row.credit_kind || !row.credit_name) return null;
  return {
    kind: row.credit_kind as Credit['kind'],
    name: row.credit_name,
    ...(row.credit_raw !== null ? { raw: row.credit_raw } : {}),
    ...(row.credit_scope !== null ? { scope: row.credit_scope } : {}),
  };
}

function notFound(entity: string, id: number | string): QikanError {
  return new QikanError('not_found', `${entity} ${id} not found`, { entity, id });
}

const MAX_POSITION = Number.MAX_SAFE_INTEGER;

/** The API methods this service implements: the issue library (tracker issue 2). The page preview,
 *  whole-issue pages, photo files and export are other services, combined in ./index.ts. */
export const LIBRARY_METHODS = [
  'listIssues',
  'getIssueOutline',
  'getArticle',
  'updateArticle',
  'createSection',
  'renameSection',
  'deleteSection',
  'moveSection',
  'createArticle',
  'deleteArticle',
  'moveArticle',
  'importIssueJson',
  'getColophon',
  'listPhotos',
  'listExtras',
  'getPrintedToc',
] as const satisfies readonly ApiMethod[];
export type LibraryMethod = (typeof LIBRARY_METHODS)[number];

/** The service answers synchronously (better-sqlite3), which node-side callers such as the CLI use
 *  directly; it is the library part of ApiHandlers for dispatch(). */
export type LibraryService = { [M in LibraryMethod]: (input: ApiInput<M>, ctx?: CallContext) => ApiOutputs[M] };

export function createLibraryService(lib: Library): LibraryService {
  const db = lib.db;

  const issueRow = (issueId: number): IssueRow => {
    const row = db.prepare('SELECT * FROM issue WHERE id = ?').get(issueId) as IssueRow | undefined;
    if (!row) throw notFound('issue', issueId);
    return row;
  };
  const sectionRow = (sectionId: number): SectionRow => {
    const row = db.prepare('SELECT * FROM section WHERE id = ?').get(sectionId) as SectionRow | undefined;
    if (!row) throw notFound('section', sectionId);
    return row;
  };
  const articleRow = (articleId: number): ArticleRow => {
    const row = db.prepare('SELECT * FROM article WHERE id = ?').get(articleId) as ArticleRow | undefined;
    if (!row) throw notFound('article', articleId);
    return row;
  };
  const touchIssue = (issueId: number, at: string = nowIso()) => {
    db.prepare('UPDATE issue SET updated_at = ? WHERE id = ?').run(at, issueId);
  };

  const issueSummary = (row: IssueRow): IssueSummary => {
    const counts = db
      .prepare(
        `SELECT (SELECT count(*) FROM section WHERE issue_id = @id) AS sections,
                (SELECT count(*) FROM article WHERE issue_id = @id) AS articles`,
      )
      .get({ id: row.id }) as { sections: number; articles: number };
    return {
      id: row.id,
      year: row.year,
      number: row.number,
      totalNumber: row.total_number,
      publishDate: row.publish_date,
      status: row.status,
      sectionCount: counts.sections,
      articleCount: counts.articles,
      updatedAt: row.updated_at,
    };
  };

  const articleSummary = (row: ArticleRow): ArticleSummary => ({
    id: row.id,
    sectionId: row.section_id,
    position: row.position,
    key: row.key,
    titleLines: JSON.parse(row.title_lines) as string[],
    subtitle: row.subtitle,
    byline: row.byline,
    pageBudget: row.page_budget,
    charCount: row.char_count,
    revision: row.revision,
  });

  const sectionOutlines = (issueId: number): SectionOutline[] => {
    const sections = db.prepare('SELECT * FROM section WHERE issue_id = ? ORDER BY position').all(issueId) as SectionRow[];
    const articles = db
      .prepare(
        `SELECT id, issue_id, section_id, position, key, title_lines, subtitle, byline, page_budget, char_count, revision
         FROM article WHERE issue_id = ? ORDER BY position`,
      )
      .all(issueId) as ArticleRow[];
    return sections.map((s) => ({
      id: s.id,
      position: s.position,
      name: s.name,
      articles: articles.filter((a) => a.section_id === s.id).map(articleSummary),
    }));
  };

  const sectionOutline = (sectionId: number): SectionOutline => {
    const s = sectionRow(sectionId);
    const outline = sectionOutlines(s.issue_id).find((o) => o.id === sectionId);
    if (!outline) throw notFound('section', sectionId);
    return outline;
  };

  const orderedIds = (sql: string, parentId: number): number[] =>
    (db.prepare(sql).all(parentId) as { id: number }[]).map((r) => r.id);
  const sectionIdsOf = (issueId: number) => orderedIds('SELECT id FROM section WHERE issue_id = ? ORDER BY position', issueId);
  const articleIdsOf = (sectionId: number) => orderedIds('SELECT id FROM article WHERE section_id = ? ORDER BY position', sectionId);

  const insertAt = (ids: number[], id: number, index: number | undefined): number[] => {
    const at = Math.min(index ?? MAX_POSITION, ids.length);
    const out = ids.filter((x) => x !== id);
    out.splice(Math.min(at, out.length), 0, id);
    return out;
  };

  const publicationOf = (publicationId: number): Publication => {
    const p = db.prepare('SELECT * FROM publication WHERE id = ?').get(publicationId) as {
      id: number;
      title: string;
      english_title: string;
      cn: string;
      cn_label: string;
      sponsor: string;
      publisher: string;
      price_value: string;
      trim_width_mm: number;
      trim_height_mm: number;
      settings: string;
    };
    return {
      id: p.id,
      title: p.title,
      englishTitle: p.english_title,
      cn: p.cn,
      cnLabel: p.cn_label,
      sponsor: p.sponsor,
      publisher: p.publisher,
      priceValue: p.price_value,
      trimWidthMm: p.trim_width_mm,
      trimHeightMm: p.trim_height_mm,
      settings: JSON.parse(p.settings) as Record<string, unknown>,
    };
  };

  const handlers: LibraryService = {
    listIssues(): IssueSummary[] {
      const rows = db.prepare('SELECT * FROM issue ORDER BY year DESC, number DESC').all() as IssueRow[];
      return rows.map(issueSummary);
    },

    getIssueOutline({ issueId }): IssueOutline {
      const row = issueRow(issueId);
      const masthead = JSON.parse(row.masthead) as Masthead;
      return {
        issue: issueSummary(row),
        publication: publicationOf(row.publication_id),
        masthead,
        sections: sectionOutlines(issueId),
      };
    },

    getArticle({ articleId }): Article {
      const r = articleRow(articleId);
      return {
        id: r.id,
        issueId: r.issue_id,
        sectionId: r.section_id,
        position: r.position,
        key: r.key,
        titleLines: JSON.parse(r.title_lines) as string[],
        subtitle: r.subtitle,
        byline: r.byline,
        bylineRaw: r.byline_raw,
        authorInfo: r.author_info,
        sectionLabel: r.section_label,
        body: JSON.parse(r.body) as ArticleDoc,
        endMark: r.end_mark === 1,
        endMarkGlyph: r.end_mark_glyph,
        notes: r.notes,
        pageBudget: r.page_budget,
        runOn: r.run_on ?? null,
        columns: r.column_count ?? null,
        printedStartPage: r.printed_start_page,
        revision: r.revision,
        updatedAt: r.updated_at,
      };
    },

    updateArticle({ articleId, baseRevision, patch }, ctx): SaveResult {
      return writeTransaction(db, (): SaveResult => {
        const r = articleRow(articleId);
        if (r.revision !== baseRevision) {
          throw new QikanError('conflict', `article ${articleId} was saved elsewhere (revision ${r.revision}, edit based on ${baseRevision})`, {
            reason: 'stale_revision',
            entity: 'article',
            id: articleId,
            revision: r.revision,
          });
        }
        const titleLines = patch.titleLines ?? (JSON.parse(r.title_lines) as string[]);
        const subtitle = patch.subtitle !== undefined ? patch.subtitle : r.subtitle;
        const byline = patch.byline !== undefined ? patch.byline : r.byline;
        const authorInfo = patch.authorInfo !== undefined ? patch.authorInfo : r.author_info;
        const body = (patch.body as ArticleDoc | undefined) ?? (JSON.parse(r.body) as ArticleDoc);
        const charCount = charCountOf({ titleLines, subtitle, byline, authorInfo, body });
        const revision = r.revision + 1;
        const updatedAt = nowIso();
        db.prepare(
          `UPDATE article SET title_lines = ?, subtitle = ?, byline = ?, author_info = ?, body = ?, char_count = ?,
                              end_mark = ?, notes = ?, page_budget = ?, revision = ?, updated_at = ?
           WHERE id = ?`,
        ).run(
          JSON.stringify(titleLines),
          subtitle,
          byline,
          authorInfo,
          JSON.stringify(body),
          charCount,
          patch.endMark !== undefined ? (patch.endMark ? 1 : 0) : r.end_mark,
          patch.notes ?? r.notes,
          patch.pageBudget !== undefined ? patch.pageBudget : r.page_budget,
          revision,
          updatedAt,
          articleId,
        );
        if (patch.runOn !== undefined || patch.columns !== undefined)
          db.prepare('UPDATE article SET run_on = ?, column_count = ? WHERE id = ?').run(
            patch.runOn !== undefined ? patch.runOn : (r.run_on ?? null),
            patch.columns !== undefined ? patch.columns : (r.column_count ?? null),
            articleId,
          );
        if (patch.titleLines || patch.body) indexArticle(db, articleId, titleLines, body);
        // Proof corrections whose mark the edit removed are kept as orphaned (and found again after an undo).
        if (patch.body) refreshAnchors(db, articleId, body);
        if (patch.body) syncCaptionPhotos(db, articleId, body);
        touchIssue(r.issue_id, updatedAt);
        ctx?.note({ revision, fields: Object.keys(patch).join(',') });
        return { revision, updatedAt, charCount };
      });
    },

    createSection({ issueId, name, index }): SectionOutline {
      return writeTransaction(db, () => {
        issueRow(issueId);
        const ids = sectionIdsOf(issueId);
        const id = Number(db.prepare('INSERT INTO section (issue_id, position, name) VALUES (?, ?, ?)').run(issueId, -1 - ids.length, name).lastInsertRowid);
        renumber(db, 'section', insertAt(ids, id, index));
        touchIssue(issueId);
        return sectionOutline(id);
      });
    },

    renameSection({ sectionId, name }): SectionOutline {
      return writeTransaction(db, () => {
        const s = sectionRow(sectionId);
        db.prepare('UPDATE section SET name = ? WHERE id = ?').run(name, sectionId);
        touchIssue(s.issue_id);
        return sectionOutline(sectionId);
      });
    },

    deleteSection({ sectionId }): { deleted: true } {
      return writeTransaction(db, () => {
        const s = sectionRow(sectionId);
        db.prepare('DELETE FROM section WHERE id = ?').run(sectionId); // its articles go with it (ON DELETE CASCADE)
        renumber(db, 'section', sectionIdsOf(s.issue_id));
        touchIssue(s.issue_id);
        return { deleted: true as const };
      });
    },

    moveSection({ sectionId, toIndex }): SectionOutline[] {
      return writeTransaction(db, () => {
        const s = sectionRow(sectionId);
        renumber(db, 'section', insertAt(sectionIdsOf(s.issue_id), sectionId, toIndex));
        touchIssue(s.issue_id);
        return sectionOutlines(s.issue_id);
      });
    },

    createArticle({ sectionId, title, index }, ctx): ArticleSummary {
      return writeTransaction(db, () => {
        const s = sectionRow(sectionId);
        const ids = articleIdsOf(sectionId);
        const body = emptyDoc();
        const titleLines = [title];
        const now = nowIso();
        const id = Number(
          db
            .prepare(
              `INSERT INTO article (issue_id, section_id, position, key, title_lines, body, char_count, end_mark, revision, created_at, updated_at)
               VALUES (?, ?, ?, NULL, ?, ?, ?, 1, 0, ?, ?)`,
            )
            .run(s.issue_id, sectionId, -1 - ids.length, JSON.stringify(titleLines), JSON.stringify(body),
              charCountOf({ titleLines, subtitle: null, byline: null, authorInfo: null, body }), now, now).lastInsertRowid,
        );
        renumber(db, 'article', insertAt(ids, id, index));
        indexArticle(db, id, titleLines, body);
        touchIssue(s.issue_id, now);
        ctx?.about({ articleId: id });
        ctx?.note({ title });
        return articleSummary(articleRow(id));
      });
    },

    deleteArticle({ articleId }): { deleted: true } {
      return writeTransaction(db, () => {
        const a = articleRow(articleId);
        db.prepare('DELETE FROM article WHERE id = ?').run(articleId);
        renumber(db, 'article', articleIdsOf(a.section_id));
        touchIssue(a.issue_id);
        return { deleted: true as const };
      });
    },

    moveArticle({ articleId, toSectionId, toIndex }): SectionOutline[] {
      return writeTransaction(db, () => {
        const a = articleRow(articleId);
        const target = sectionRow(toSectionId);
        if (target.issue_id !== a.issue_id) {
          throw new QikanError('conflict', `section ${toSectionId} belongs to another issue`, { reason: 'other_issue', entity: 'section', id: toSectionId });
        }
        if (target.id !== a.section_id) {
          const targetIds = articleIdsOf(target.id);
          db.prepare('UPDATE article SET section_id = ?, position = ? WHERE id = ?').run(target.id, -1 - targetIds.length, articleId);
          renumber(db, 'article', articleIdsOf(a.section_id));
          renumber(db, 'article', insertAt(targetIds, articleId, toIndex));
        } else {
          renumber(db, 'article', insertAt(articleIdsOf(target.id), articleId, toIndex));
        }
        touchIssue(a.issue_id);
        return sectionOutlines(a.issue_id);
      });
    },

    importIssueJson({ upload, replace }, ctx): ImportResult {
      const uploads = uploadsOf(lib);
      const { bytes } = uploads.bytesOf(upload, 'issue_json', actorOfCall(ctx).accountId);
      const result = importIssueJsonText(db, decodeIssueJson(bytes), { replace: replace === true });
      uploads.discard(upload);
      ctx?.about({ issueId: result.issueId });
      ctx?.note({ replace: replace === true, issue: `${result.year}-${result.number}`, articles: result.articles });
      return result;
    },

    getColophon({ issueId }): Colophon {
      issueRow(issueId);
      const c = db.prepare('SELECT * FROM colophon WHERE issue_id = ?').get(issueId) as Record<string, string | number> | undefined;
      if (!c) throw notFound('colophon', issueId);
      const rows = (grp: string): ColophonRow[] =>
        db.prepare('SELECT label, value FROM colophon_row WHERE issue_id = ? AND grp = ? ORDER BY position').all(issueId, grp) as ColophonRow[];
      const members = (db.prepare('SELECT name FROM colophon_board_member WHERE issue_id = ? ORDER BY position').all(issueId) as { name: string }[]).map((m) => m.name);
      const roles = db.prepare('SELECT id, role FROM colophon_office_role WHERE issue_id = ? ORDER BY position').all(issueId) as { id: number; role: string }[];
      const namesOf = db.prepare('SELECT name FROM colophon_office_member WHERE role_id = ? ORDER BY position');
      return {
        organisation: rows('organisation'),
        editorialBoard: {
          heading: String(c.board_heading),
          chair: String(c.board_chair),
          viceChair: String(c.board_vice_chair),
          members,
          note: String(c.board_note),
          roles: { chair: String(c.board_role_chair), viceChair: String(c.board_role_vice_chair), members: String(c.board_role_members) },
          // Only when on (the contract: absent = automatic 笔画 order).
          ...(Number(c.board_manual_order) === 1 ? { manualOrder: true } : {}),
        },
        chiefEditor: { role: String(c.chief_editor_role), name: String(c.chief_editor_name) },
        editorialOfficeHeading: String(c.office_heading),
        editorialOffice: roles.map((r) => ({ role: r.role, names: (namesOf.all(r.id) as { name: string }[]).map((n) => n.name) })),
        contacts: rows('contact'),
        production: rows('production'),
        price: { label: String(c.price_label), value: String(c.price_value), amount: Number(c.price_amount), currency: String(c.price_currency) },
      };
    },

    listPhotos({ issueId }): Photo[] {
      issueRow(issueId);
      const rows = db
        .prepare(
          `SELECT p.* FROM photo p
           LEFT JOIN article a ON a.id = p.article_id
           LEFT JOIN section s ON s.id = a.section_id
           WHERE p.issue_id = ?
           ORDER BY CASE p.placement WHEN 'cover' THEN 0 WHEN 'inside-front-cover' THEN 1 WHEN 'contents' THEN 2
                                     WHEN 'article' THEN 3 WHEN 'inside-back-cover' THEN 4 ELSE 5 END,
                    s.position, a.position, p.position, p.id`,
        )
        .all(issueId) as (CreditColumns & {
        id: number;
        issue_id: number;
        article_id: number | null;
        placement: PhotoPlacement;
        position: number;
        file: string | null;
        width_px: number | null;
        height_px: number | null;
        color_space: string | null;
        caption: string;
      })[];
      return rows.map((p) => ({
        id: p.id,
        issueId: p.issue_id,
        articleId: p.article_id,
        placement: p.placement,
        position: p.position,
        file: p.file,
        widthPx: p.width_px,
        heightPx: p.height_px,
        colorSpace: p.color_space,
        caption: p.caption,
        credit: creditOf(p),
      }));
    },

    listExtras({ issueId }): IssueExtra[] {
      issueRow(issueId);
      const rows = db.prepare('SELECT * FROM extra WHERE issue_id = ? ORDER BY position').all(issueId) as (CreditColumns & {
        id: number;
        key: string;
        kind: string;
        placement: string;
        title: string | null;
        series: string | null;
        body: string;
      })[];
      return rows.map((e) => ({
        id: e.id,
        key: e.key,
        kind: e.kind,
        placement: e.placement,
        title: e.title,
        series: e.series,
        credit: creditOf(e),
        body: JSON.parse(e.body) as ArticleDoc,
      }));
    },

    getPrintedToc({ issueId }): PrintedTocEntry[] {
      issueRow(issueId);
      const rows = db.prepare('SELECT * FROM printed_toc_entry WHERE issue_id = ? ORDER BY position').all(issueId) as {
        page_printed: string;
        page: number;
        style: string;
        section: string;
        title_lines: string;
        subtitle: string | null;
      }[];
      return rows.map((t) => ({
        pagePrinted: t.page_printed,
        page: t.page,
        style: t.style,
        section: t.section,
        titleLines: JSON.parse(t.title_lines) as string[],
        subtitle: t.subtitle,
      }));
    },
  };
  return handlers;
}


// Compile-time proof that the service is the library part of what dispatch() expects.
const _isApiHandlersPart: (s: LibraryService) => Pick<ApiHandlers, LibraryMethod> = (s) => s;
void _isApiHandlersPart;
