// What a signature covers: SHA-256 hashes of everything that decides what the printer gets, taken
// from the issue as it stands. Each article's printed texts and options (title lines, subtitle, byline,
// author info, the body as the engine reads it, end mark, notes, page budget), the colophon, the
// publication's settings (the proofreading regime aside: it changes no page), the photos (file hash,
// caption, credit, placement) and the other layout inputs (the issue's masthead and dates, sections
// and their order, the order of articles, extras, the printed contents).
//
// Bodies are hashed as blocks (blocksFromDoc), not as editor JSON: a proof mark, a split text node or
// the editor's own bookkeeping fields change nothing printed and so change no hash.

import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { blocksFromDoc, type ArticleDoc } from '../../shared/article-doc';
import type { ChangedPart, CoverageHashes } from '../../shared/proof';
import { stableJson } from '../../shared/stable-json';

/** The hashes as a signature stores them: with the article titles, so a removed article is named. */
export interface StoredCoverage extends CoverageHashes {
  titles?: Record<string, string>;
}

export interface IssueCoverage {
  hashes: CoverageHashes;
  /** The articles in reading order, with their titles and character counts. */
  articles: { articleId: number; title: string; chars: number }[];
  titles: Record<string, string>;
}

export function sha256(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

const json = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

interface ArticleCoverageRow {
  id: number;
  section_id: number;
  position: number;
  title_lines: string;
  subtitle: string | null;
  byline: string | null;
  byline_raw: string | null;
  author_info: string | null;
  byline_parts: string | null;
  section_label: string | null;
  body: string;
  char_count: number;
  end_mark: number;
  end_mark_glyph: string | null;
  notes: string;
  page_budget: number | null;
  printed_start_page: number | null;
  toc_title_lines: string | null;
}

function creditOf(r: { credit_kind: string | null; credit_name: string | null; credit_raw: string | null; credit_scope: string | null }) {
  return [r.credit_kind, r.credit_name, r.credit_raw, r.credit_scope];
}

/** The hashes of the issue now, or null for an unknown issue. */
export function issueCoverage(db: Database.Database, issueId: number): IssueCoverage | null {
  const issue = db
    .prepare('SELECT publication_id, year, number, total_number, publish_date, publish_date_printed, masthead FROM issue WHERE id = ?')
    .get(issueId) as
    | { publication_id: number; year: number; number: number; total_number: number; publish_date: string; publish_date_printed: string | null; masthead: string }
    | undefined;
  if (!issue) return null;

  const rows = db
    .prepare(
      `SELECT a.* FROM article a JOIN section s ON s.id = a.section_id WHERE a.issue_id = ? ORDER BY s.position, a.position, a.id`,
    )
    .all(issueId) as ArticleCoverageRow[];
  const articleHashes: Record<string, string> = {};
  const titles: Record<string, string> = {};
  const articles: IssueCoverage['articles'] = [];
  for (const a of rows) {
    const titleLines = JSON.parse(a.title_lines) as string[];
    articleHashes[String(a.id)] = sha256({
      titleLines,
      subtitle: a.subtitle,
      byline: a.byline,
      bylineRaw: a.byline_raw,
      authorInfo: a.author_info,
      bylineParts: json(a.byline_parts),
      sectionLabel: a.section_label,
      blocks: blocksFromDoc(JSON.parse(a.body) as ArticleDoc),
      endMark: a.end_mark === 1,
      endMarkGlyph: a.end_mark_glyph,
      notes: a.notes,
      pageBudget: a.page_budget,
      printedStartPage: a.printed_start_page,
      tocTitleLines: json(a.toc_title_lines),
    });
    const title = titleLines.join('');
    titles[String(a.id)] = title;
    articles.push({ articleId: a.id, title, chars: a.char_count });
  }

  const colophonRow = db.prepare('SELECT * FROM colophon WHERE issue_id = ?').get(issueId) as Record<string, unknown> | undefined;
  const colophon = sha256({
    colophon: colophonRow ?? null,
    rows: db.prepare('SELECT grp, position, label, value FROM colophon_row WHERE issue_id = ? ORDER BY grp, position').all(issueId),
    board: db.prepare('SELECT position, name FROM colophon_board_member WHERE issue_id = ? ORDER BY position').all(issueId),
    office: (db.prepare('SELECT id, position, role FROM colophon_office_role WHERE issue_id = ? ORDER BY position').all(issueId) as { id: number; position: number; role: string }[]).map(
      (r) => ({
        position: r.position,
        role: r.role,
        names: db.prepare('SELECT position, name FROM colophon_office_member WHERE role_id = ? ORDER BY position').all(r.id),
      }),
    ),
  });

  const pub = db
    .prepare('SELECT title, english_title, cn, cn_label, sponsor, publisher, price_value, trim_width_mm, trim_height_mm, settings FROM publication WHERE id = ?')
    .get(issue.publication_id) as Record<string, unknown> & { settings: string };
  const { availableFonts: _fonts, proofreading: _regime, ...settings } = JSON.parse(pub.settings) as Record<string, unknown>;
  void _fonts;
  void _regime;
  const settingsHash = sha256({ ...pub, settings });

  const photos = sha256(
    (
      db
        .prepare(
          `SELECT id, article_id, placement, position, sha256, caption, credit_kind, credit_name, credit_raw, credit_scope
           FROM photo WHERE issue_id = ? ORDER BY id`,
        )
        .all(issueId) as {
        id: number;
        article_id: number | null;
        placement: string;
        position: number;
        sha256: string | null;
        caption: string;
        credit_kind: string | null;
        credit_name: string | null;
        credit_raw: string | null;
        credit_scope: string | null;
      }[]
    ).map((p) => ({ id: p.id, articleId: p.article_id, placement: p.placement, position: p.position, file: p.sha256, caption: p.caption, credit: creditOf(p) })),
  );

  const layout = sha256({
    issue: {
      year: issue.year,
      number: issue.number,
      totalNumber: issue.total_number,
      publishDate: issue.publish_date,
      publishDatePrinted: issue.publish_date_printed,
      masthead: json(issue.masthead),
    },
    sections: db.prepare('SELECT id, position, name FROM section WHERE issue_id = ? ORDER BY position').all(issueId),
    order: rows.map((a) => [a.id, a.section_id, a.position]),
    extras: (
      db
        .prepare('SELECT key, position, kind, placement, title, series, credit_kind, credit_name, credit_raw, credit_scope, body FROM extra WHERE issue_id = ? ORDER BY position')
        .all(issueId) as ({ body: string; credit_kind: string | null; credit_name: string | null; credit_raw: string | null; credit_scope: string | null } & Record<string, unknown>)[]
    ).map((e) => ({ key: e['key'], position: e['position'], kind: e['kind'], placement: e['placement'], title: e['title'], series: e['series'], credit: creditOf(e), blocks: blocksFromDoc(JSON.parse(e.body) as ArticleDoc) })),
    toc: db.prepare('SELECT position, page_printed, page, style, section, title_lines, subtitle FROM printed_toc_entry WHERE issue_id = ? ORDER BY position').all(issueId),
  });

  const parts = { articles: articleHashes, colophon, settings: settingsHash, photos, layout };
  return { hashes: { ...parts, total: sha256(parts) }, articles, titles };
}

/** What differs between the hashes a signature covered and the issue now (empty: nothing changed). */
export function changedParts(before: StoredCoverage, now: IssueCoverage): ChangedPart[] {
  if (before.total === now.hashes.total) return [];
  const out: ChangedPart[] = [];
  for (const a of now.articles) {
    const was = before.articles[String(a.articleId)];
    if (was !== now.hashes.articles[String(a.articleId)]) out.push({ kind: 'article', articleId: a.articleId, title: a.title });
  }
  for (const id of Object.keys(before.articles)) {
    if (now.hashes.articles[id] === undefined) out.push({ kind: 'article-removed', articleId: Number(id), title: before.titles?.[id] ?? '' });
  }
  for (const kind of ['colophon', 'settings', 'photos', 'layout'] as const) {
    if (before[kind] !== now.hashes[kind]) out.push({ kind });
  }
  return out;
}

/** The parts as a person reads them in a preflight line: 《title》 for articles, the part's name otherwise. */
const PART_NAMES: Record<'colophon' | 'settings' | 'photos' | 'layout', string> = {
  colophon: '版权页',
  settings: '出版设置',
  photos: '照片',
  layout: '版式与目录',
};

export function changedText(changed: readonly ChangedPart[]): { changed: string; articles: string } {
  const articles = changed.filter((c) => c.kind === 'article' || c.kind === 'article-removed').map((c) => `《${(c as { title: string }).title}》`);
  const others = changed.filter((c) => c.kind !== 'article' && c.kind !== 'article-removed').map((c) => PART_NAMES[c.kind as keyof typeof PART_NAMES]);
  return { changed: [...articles, ...others].join('、'), articles: articles.join('、') };
}

/** The covers of a stored row, without the titles kept beside them. */
export function publicCoverage(stored: StoredCoverage | null): CoverageHashes | null {
  if (!stored) return null;
  const { titles: _titles, ...hashes } = stored;
  void _titles;
  return hashes;
}
