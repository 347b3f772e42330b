// Imports an issue from JSON ("beijing-renda-issue/1") into the library in ONE transaction: either the
// whole issue is there afterwards or nothing changed. Every printed text of the file is kept.

import { noneRemoved, totalRemoved } from '../../shared/unsafe-characters';
import type Database from 'better-sqlite3';
import type { ImportResult } from '../../shared/api';
import { docFromBlocks, type DocBlock } from '../../shared/article-doc';
import { QikanError } from '../../shared/errors';
import type { Credit, PhotoPlacement } from '../../shared/model';
import { parseIssueJson, type SeedBlock, type SeedCredit, type SeedExtra, type SeedIssue } from '../../shared/seed-schema';
import { charCountOf, indexArticle, nowIso } from '../library/article-store';
import { writeTransaction } from '../library/transaction';

export interface ImportOptions {
  /** Replace an issue with the same year and number instead of refusing the import. */
  replace?: boolean;
}

function toCredit(c: SeedCredit | null | undefined): Credit | null {
  if (!c) return null;
  return { kind: c.kind, name: c.name, ...(c.raw !== undefined ? { raw: c.raw } : {}), ...(c.scope !== undefined ? { scope: c.scope } : {}) };
}

export function seedBlockToDocBlock(b: SeedBlock): DocBlock {
  switch (b.type) {
    case 'paragraph':
      return { type: 'paragraph', text: b.text };
    case 'quote':
      return { type: 'quote', text: b.text };
    case 'heading':
      return { type: 'heading', level: b.level === 2 ? 2 : 1, text: b.text };
    case 'caption':
      return {
        type: 'caption',
        text: b.text,
        credit: toCredit(b.credit),
        ...(b.originalPosition !== undefined ? { originalPosition: b.originalPosition } : {}),
      };
    case 'note':
      return { type: 'note', text: b.text };
    case 'banner':
      // The label is what editors change; the printed "// label //" is derived (bannerPrinted).
      return { type: 'banner', text: b.label };
    case 'list':
      return {
        type: 'list',
        ordered: b.ordered ?? false,
        ...(b.ordered && b.start !== undefined && b.start !== 1 ? { start: b.start } : {}),
        items: [...b.items],
        text: b.items.join('\n'),
      };
  }
}

/** Where a printed piece outside the TOC sits, read from the extra's placement note. */
export function photoPlacementOfExtra(extra: SeedExtra): PhotoPlacement | null {
  const p = extra.placement.toLowerCase();
  if (p.includes('封二') || p.includes('inside front cover')) return 'inside-front-cover';
  if (p.includes('封三') || p.includes('inside back cover')) return 'inside-back-cover';
  if (p.includes('封底') || p.includes('back cover')) return 'back-cover';
  if (p.includes('table-of-contents') || p.includes('contents')) return 'contents';
  if (p.includes('cover')) return 'cover';
  return null;
}

interface PhotoFrame {
  caption: string;
  credit: Credit | null;
}

/** Photo frames of an extra: one per caption; an empty caption carrying a page-wide credit ("本版摄影/…")
 *  is that page's credit, not a photo; an extra with a credit but no captions is one photo (its title). */
export function photoFramesOfExtra(extra: SeedExtra): PhotoFrame[] {
  const captions = (extra.blocks ?? []).filter((b) => b.type === 'caption');
  const pageCredit = captions.find((c) => c.text === '' && c.credit?.scope);
  const frames: PhotoFrame[] = [];
  for (const c of captions) {
    if (c === pageCredit) continue;
    frames.push({ caption: c.text, credit: toCredit(c.credit) ?? toCredit(pageCredit?.credit) });
  }
  if (frames.length === 0 && extra.credit) frames.push({ caption: extra.title ?? '', credit: toCredit(extra.credit) });
  return frames;
}

function creditColumns(c: Credit | null): [string | null, string | null, string | null, string | null] {
  return [c?.kind ?? null, c?.name ?? null, c?.raw ?? null, c?.scope ?? null];
}

function findOrCreatePublication(db: Database.Database, issue: SeedIssue): number {
  const existing = db.prepare('SELECT id FROM publication WHERE cn = ?').get(issue.masthead.cn) as { id: number } | undefined;
  if (existing) return existing.id;
  const org = (key: string) => issue.colophon.organisation.find((r) => r.key === key)?.value;
  const r = db
    .prepare(
      `INSERT INTO publication (title, english_title, cn, cn_label, sponsor, publisher, price_value, settings)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      issue.masthead.title,
      issue.masthead.englishTitle,
      issue.masthead.cn,
      issue.masthead.cnLabel,
      org('主管主办单位') ?? issue.masthead.sponsor ?? '',
      org('编辑出版') ?? '',
      issue.colophon.price.value,
      // A periodical of this kind (the 《北京人大》 issue format) is proofread under 三审三校.
      JSON.stringify({ proofreading: '三审三校' }),
    );
  return Number(r.lastInsertRowid);
}

function insertIssue(db: Database.Database, issue: SeedIssue, publicationId: number): ImportResult {
  const now = nowIso();
  const m = issue.masthead;
  const masthead = {
    coverLines: m.coverLines,
    coverPhotoCredit: toCredit(m.coverPhotoCredit),
    issueLinePrinted: m.issueLinePrinted ?? null,
    publishDatePrinted: m.publishDatePrinted ?? null,
    sponsor: m.sponsor ?? null,
  };
  const issueId = Number(
    db
      .prepare(
        `INSERT INTO issue (publication_id, year, number, total_number, publish_date, publish_date_printed, status,
                            masthead, source, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'editing', ?, ?, ?, ?)`,
      )
      .run(
        publicationId,
        m.year,
        m.issueNumber,
        m.totalNumber,
        m.publishDate,
        m.publishDatePrinted ?? null,
        JSON.stringify(masthead),
        JSON.stringify({ schema: issue.schema, source: (issue as { source?: unknown }).source ?? null }),
        now,
        now,
      ).lastInsertRowid,
  );

  const insertPhoto = db.prepare(
    `INSERT INTO photo (issue_id, article_id, placement, position, source_key, caption, credit_kind, credit_name, credit_raw, credit_scope)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const placementPositions = new Map<PhotoPlacement, number>();
  const addIssuePhoto = (placement: PhotoPlacement, sourceKey: string, frame: PhotoFrame) => {
    const position = placementPositions.get(placement) ?? 0;
    placementPositions.set(placement, position + 1);
    insertPhoto.run(issueId, null, placement, position, sourceKey, frame.caption, ...creditColumns(frame.credit));
  };
  if (m.coverPhotoCredit) addIssuePhoto('cover', 'masthead', { caption: '', credit: toCredit(m.coverPhotoCredit) });

  // Sections and articles.
  const insertSection = db.prepare('INSERT INTO section (issue_id, position, name) VALUES (?, ?, ?)');
  const insertArticle = db.prepare(
    `INSERT INTO article (issue_id, section_id, position, key, title_lines, title_source, subtitle, byline, byline_raw,
                          author_info, byline_parts, section_label, body, char_count, end_mark, end_mark_glyph,
                          printed_start_page, toc_title_lines, revision, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  const tocEntries = issue.toc?.entries ?? [];
  const layoutOptionColumns = (db.pragma('user_version', { simple: true }) as number) >= 9;
  let articleCount = 0;
  issue.sections.forEach((section, sIndex) => {
    const sectionId = Number(insertSection.run(issueId, sIndex, section.name).lastInsertRowid);
    section.articles.forEach((a, aIndex) => {
      const body = docFromBlocks(a.blocks.map(seedBlockToDocBlock));
      const texts = { titleLines: a.titleLines, subtitle: a.subtitle ?? null, byline: a.byline ?? null, authorInfo: a.authorInfo ?? null, body };
      const tocEntry = a.tocIndex != null ? tocEntries[a.tocIndex] : undefined;
      const articleId = Number(
        insertArticle.run(
          issueId,
          sectionId,
          aIndex,
          a.id,
          JSON.stringify(a.titleLines),
          a.titleSource ?? null,
          texts.subtitle,
          texts.byline,
          a.bylineRaw ?? null,
          texts.authorInfo,
          a.bylineParts ? JSON.stringify(a.bylineParts) : null,
          a.sectionLabel ?? null,
          JSON.stringify(body),
          charCountOf(texts),
          a.endMark ? 1 : 0,
          a.endMarkGlyph ?? null,
          a.printedStartPage ?? null,
          tocEntry ? JSON.stringify(tocEntry.titleLines) : null,
          now,
          now,
        ).lastInsertRowid,
      );
      indexArticle(db, articleId, a.titleLines, body);
      if (a.pageBudget != null) db.prepare('UPDATE article SET page_budget = ? WHERE id = ?').run(a.pageBudget, articleId);
      // The layout options' columns arrive with migration 9; tests also import into older libraries.
      if ((a.runOn != null || a.columns != null) && layoutOptionColumns)
        db.prepare('UPDATE article SET run_on = ?, column_count = ? WHERE id = ?').run(a.runOn ?? null, a.columns ?? null, articleId);
      let photoPosition = 0;
      a.blocks.forEach((b, bIndex) => {
        if (b.type !== 'caption') return;
        insertPhoto.run(issueId, articleId, 'article', photoPosition++, `${a.id}#${bIndex}`, b.text, ...creditColumns(toCredit(b.credit)));
      });
      articleCount++;
    });
  });

  // Colophon, in printed order.
  const c = issue.colophon;
  db.prepare(
    `INSERT INTO colophon (issue_id, board_heading, board_chair, board_vice_chair, board_note, board_role_chair,
                           board_role_vice_chair, board_role_members, chief_editor_role, chief_editor_name, office_heading,
                           price_label, price_value, price_amount, price_currency)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    issueId,
    c.editorialBoard.heading,
    c.editorialBoard.chair,
    c.editorialBoard.viceChair,
    c.editorialBoard.note,
    c.editorialBoard.roles.chair,
    c.editorialBoard.roles.viceChair,
    c.editorialBoard.roles.members,
    c.chiefEditor.role,
    c.chiefEditor.name,
    c.editorialOfficeHeading,
    c.price.key,
    c.price.value,
    c.price.amount,
    c.price.currency,
  );
  const insertRow = db.prepare('INSERT INTO colophon_row (issue_id, grp, position, label, value) VALUES (?, ?, ?, ?, ?)');
  const groups = [
    ['organisation', c.organisation],
    ['contact', c.contacts],
    ['production', c.production],
  ] as const;
  for (const [grp, rows] of groups) rows.forEach((r, i) => insertRow.run(issueId, grp, i, r.key, r.value));
  const insertMember = db.prepare('INSERT INTO colophon_board_member (issue_id, position, name) VALUES (?, ?, ?)');
  c.editorialBoard.members.forEach((name, i) => insertMember.run(issueId, i, name));
  const insertRole = db.prepare('INSERT INTO colophon_office_role (issue_id, position, role) VALUES (?, ?, ?)');
  const insertOfficeMember = db.prepare('INSERT INTO colophon_office_member (role_id, position, name) VALUES (?, ?, ?)');
  c.editorialOffice.forEach((office, i) => {
    const roleId = Number(insertRole.run(issueId, i, office.role).lastInsertRowid);
    office.names.forEach((name, j) => insertOfficeMember.run(roleId, j, name));
  });

  // Extras and their photo frames.
  const insertExtra = db.prepare(
    `INSERT INTO extra (issue_id, position, key, kind, placement, title, series, credit_kind, credit_name, credit_raw, credit_scope, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  (issue.extras ?? []).forEach((extra, i) => {
    const body = docFromBlocks((extra.blocks ?? []).map(seedBlockToDocBlock));
    insertExtra.run(
      issueId,
      i,
      extra.id,
      extra.kind,
      extra.placement,
      extra.title ?? null,
      extra.series ?? null,
      ...creditColumns(toCredit(extra.credit)),
      JSON.stringify(body),
    );
    const placement = photoPlacementOfExtra(extra);
    if (placement) for (const frame of photoFramesOfExtra(extra)) addIssuePhoto(placement, extra.id, frame);
  });

  // The table of contents as printed.
  const insertToc = db.prepare(
    `INSERT INTO printed_toc_entry (issue_id, position, page_printed, page, style, section, title_lines, subtitle)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  tocEntries.forEach((e, i) =>
    insertToc.run(issueId, i, e.pagePrinted, e.page, e.style, e.section, JSON.stringify(e.titleLines), e.subtitle ?? null),
  );

  return { issueId, year: m.year, number: m.issueNumber, sections: issue.sections.length, articles: articleCount };
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function countOf(db: Database.Database, sql: string, issueId: number): number {
  return (db.prepare(sql).get(issueId) as { n: number }).n;
}

/**
 * An issue that has entered 三审三校 (an opened round, a signature) or was printed past its preflight
 * (an override in the export log) keeps its records: replacing it would erase them, so it is refused
 * with a reason the UI words, never left to the store's triggers as an internal error. The record
 * (操作记录) is not at stake: it has no foreign keys and outlives any issue.
 */
function refuseReplacingKeptIssue(db: Database.Database, issueId: number, name: string): void {
  const signOffs = hasTable(db, 'proof_sign_off') ? countOf(db, 'SELECT count(*) AS n FROM proof_sign_off WHERE issue_id = ?', issueId) : 0;
  const openedRounds = hasTable(db, 'proof_round') ? countOf(db, "SELECT count(*) AS n FROM proof_round WHERE issue_id = ? AND state <> 'planned'", issueId) : 0;
  const overrides = hasTable(db, 'export_log') ? countOf(db, 'SELECT count(*) AS n FROM export_log WHERE issue_id = ? AND override_reason IS NOT NULL', issueId) : 0;
  if (signOffs + openedRounds + overrides === 0) return;
  throw new QikanError(
    'conflict',
    `issue ${name} is under 三审三校 or was printed past preflight (${signOffs} signatures, ${openedRounds} opened rounds, ${overrides} overridden exports): it cannot be replaced`,
    { reason: 'issue_signed', entity: 'issue', id: name, signOffs, openedRounds, overrides },
  );
}

/** Imports a validated issue in one transaction; a same-numbered issue is a conflict unless `replace`. */
export function importIssue(db: Database.Database, issue: SeedIssue, opts: ImportOptions = {}): ImportResult {
  return writeTransaction(db, () => {
    const publicationId = findOrCreatePublication(db, issue);
    const existing = db
      .prepare('SELECT id FROM issue WHERE publication_id = ? AND year = ? AND number = ?')
      .get(publicationId, issue.masthead.year, issue.masthead.issueNumber) as { id: number } | undefined;
    if (existing) {
      if (!opts.replace) {
        throw new QikanError('conflict', `issue ${issue.masthead.year}-${issue.masthead.issueNumber} is already in the library`, {
          reason: 'issue_exists',
          entity: 'issue',
          id: `${issue.masthead.year}-${issue.masthead.issueNumber}`,
        });
      }
      refuseReplacingKeptIssue(db, existing.id, `${issue.masthead.year}-${issue.masthead.issueNumber}`);
      db.prepare('DELETE FROM issue WHERE id = ?').run(existing.id);
    }
    return insertIssue(db, issue, publicationId);
  });
}

/** Parses, validates and imports issue JSON text. */
export function importIssueJsonText(db: Database.Database, jsonText: string, opts: ImportOptions = {}): ImportResult {
  const removed = noneRemoved();
  const result = importIssue(db, parseIssueJson(jsonText, removed), opts);
  return totalRemoved(removed) > 0 ? { ...result, removedCharacters: removed } : result;
}

/** Issue JSON files hold at most this many characters (the sample issue has about 80,000). */
export const MAX_ISSUE_JSON_CHARS = 20_000_000;

/** The text of an uploaded issue JSON file: UTF-8 (a BOM is dropped), within the size limit. */
export function decodeIssueJson(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new QikanError('import_invalid', '(file): expected UTF-8 text', { path: '(file)', expected: 'UTF-8 JSON text' });
  }
  if (text.length > MAX_ISSUE_JSON_CHARS) {
    throw new QikanError('import_invalid', `(file): expected at most ${MAX_ISSUE_JSON_CHARS} characters`, {
      path: '(file)',
      expected: `at most ${MAX_ISSUE_JSON_CHARS} characters of JSON`,
    });
  }
  return text;
}
