// The preflight rules, as plain functions over the issue's data and (when there is one) its layout.
// No files, no database: src/node/preflight/run-preflight.ts gathers the input.
//
// Severity, decided here once:
// - errors (block the print export unless overridden with a reason): overset text (a block the flow
//   could not place, or lines beyond a generated page's frame: cover, contents, colophon, 封二–封四), a line set
//   past its column edge, a font or glyph
//   that is missing, a photo under 150 ppi at its placed size, an image that cannot be converted to
//   CMYK (its file is gone, or its colour space is neither RGB, CMYK nor grey), a photo or caption
//   without its credit, an empty section, contents whose page numbers differ from the laid-out start
//   pages, a publication-form item missing from the cover or the colophon;
// - warnings: a line that ends inside a word or unit wider than its column, a photo under 300 ppi, an RGB original (it is converted with the output profile for
//   print; fine as it is for screen), a placeholder frame in a proof or screen export (counted in `placeholders`), an article
//   without a byline outside the sections that never carry one, a prohibited line break the engine
//   could not avoid, an article longer than its page budget, a user font file that could not be read,
//   an article page under the design's minimum fill.
// The board not in 姓名笔画 order is a warning with the suggested order (never re-sorted), unless the
// office marked its order as deliberate (editorialBoard.manualOrder).
// A placeholder frame is an error for print (a grey box must not reach the press), a warning otherwise.
// A screen export reports resolution problems as warnings only and does not mention RGB.

import type { Colophon, Masthead, Photo, Publication, SectionOutline } from '../../shared/model';
import type { ExportKind, PreflightItem, PreflightResult } from '../../shared/print';
import type { CompositionReport } from '../../engine/report';
import { DEFAULT_PHOTO_FRAME, effectivePpi, resolutionVerdict, type FrameSize } from '../photos/resolution';
import type { PageFill } from './page-fill';

/** Sections whose pieces carry no byline in the magazine (the editor's note, leaders' speeches and
 *  news digests, the office's own meeting reports): no warning when an article there has none. */
export const SECTIONS_WITHOUT_BYLINE: readonly string[] = ['卷首语', '高层声音', '会议报道'];

/** Generated pages named by their kind rather than a folio in preflight targets. */
const NAMED_PAGE_KINDS: readonly string[] = ['cover', 'inside-front-cover', 'inside-back-cover', 'back-cover', 'contents', 'colophon'];

/** Colour spaces the print conversion handles. */
const CONVERTIBLE_SPACES = new Set(['rgb', 'cmyk', 'gray']);

/** The serial number as GB/T 9999.2 writes it: CN, two-digit region, four-digit serial, class letter. */
const CN_PATTERN = /^CN\s?\d{2}-\d{4}\/[A-Z]$/;

export interface PreflightArticle {
  id: number;
  sectionId: number;
  title: string;
  byline: string | null;
  /** Caption blocks of the body without a credit (their captions). */
  uncreditedCaptions: string[];
}

export interface PreflightLayout {
  report: CompositionReport;
  /** Page label (folio or 封一…) per page index. */
  pageLabels: string[];
  /** Where each article starts, as laid out. */
  starts: { articleId: number; folio: string }[];
  /** The page numbers the contents page prints, per article (absent when not found on the page). */
  contentsFolios: Map<number, string>;
  /** Placed size of each photo's frame. */
  photoFrames: Map<number, FrameSize>;
  /** Font keys the pages use that have no font file. */
  missingFonts: string[];
  /** The board in 姓名笔画 order when the printed order is not (IssueLayoutResult.strokeOrderSuggestion). */
  strokeOrderSuggestion?: readonly string[] | null;
  /** How full each article page is, and the share under which preflight warns (design.minPageFill). */
  pageFills?: readonly PageFill[];
  minPageFill?: number;
}

export interface PreflightInput {
  issueId: number;
  kind: ExportKind;
  issue: { year: number; number: number; publishDate: string };
  publication: Publication;
  masthead: Masthead;
  sections: SectionOutline[];
  articles: PreflightArticle[];
  colophon: Colophon | null;
  photos: (Photo & { fileMissing: boolean })[];
  /** Null when the issue could not be laid out (then layout checks are skipped and the default frame used). */
  layout: PreflightLayout | null;
  /** User font files that could not be read. */
  fontProblems: { file: string; reason: string }[];
  checkedAt: string;
}

type Target = PreflightItem['target'];

export function runChecks(input: PreflightInput): PreflightResult {
  const items: PreflightItem[] = [];
  const add = (code: PreflightItem['code'], severity: PreflightItem['severity'], message: string, params: PreflightItem['params'], target: Target) =>
    items.push({ code, severity, message, params, target });
  const articleById = new Map(input.articles.map((a) => [a.id, a]));
  const titleOf = (owner: number | string) => (typeof owner === 'number' ? (articleById.get(owner)?.title ?? String(owner)) : owner);
  const ownerTarget = (owner: number | string, page?: number): Target => ({
    ...(typeof owner === 'number' ? { articleId: owner, sectionId: articleById.get(owner)?.sectionId } : {}),
    ...(page !== undefined && input.layout ? { page: input.layout.pageLabels[page] ?? String(page + 1) } : {}),
  });
  const print = input.kind === 'print';

  // Publication-form items on the cover and the colophon (GB/T 3179).
  const required = (field: string, page: 'cover' | 'colophon', present: boolean, label: string) => {
    if (!present) add('required_item_missing', 'error', `${label} missing on the ${page}`, { item: label, page }, { page, field });
  };
  required('title', 'cover', input.publication.title.trim() !== '', '刊名');
  required('year', 'cover', input.issue.year >= 1900 && input.issue.number >= 1, '年份和期号');
  required('cn', 'cover', CN_PATTERN.test(input.publication.cn.trim()), '国内统一连续出版物号');
  if (!input.colophon) {
    add('required_item_missing', 'error', 'the issue has no colophon', { item: '版权页', page: 'colophon' }, { page: 'colophon', field: 'colophon' });
  } else {
    const row = (...labels: string[]) => input.colophon!.organisation.find((r) => labels.some((l) => r.label.includes(l)) && r.value.trim() !== '');
    required('sponsor', 'colophon', row('主管', '主办') !== undefined, '主管/主办单位');
    required('publisher', 'colophon', row('编辑出版') !== undefined, '编辑出版');
    const cnRow = row('连续出版物号', 'CN');
    required('cn', 'colophon', cnRow !== undefined, '国内统一连续出版物号');
    if (cnRow && cnRow.value.trim() !== input.publication.cn.trim()) {
      add('required_item_missing', 'error', `the colophon's serial ${cnRow.value} differs from the publication's ${input.publication.cn}`,
        { item: '国内统一连续出版物号', page: 'colophon', value: cnRow.value, expected: input.publication.cn }, { page: 'colophon', field: 'cn' });
    }
    required('publishDate', 'colophon', row('出刊日期') !== undefined, '出刊日期');
    // GB/T 3179 also asks for the editor-in-chief, the printer and the distributor.
    required('chiefEditor', 'colophon', input.colophon.chiefEditor.name.trim() !== '', '主编');
    const production = (label: string) => [...input.colophon!.production, ...input.colophon!.organisation].some((r) => r.label.includes(label) && r.value.trim() !== '');
    required('printer', 'colophon', production('印刷'), '印刷');
    required('distributor', 'colophon', production('发行'), '发行');
    required('price', 'colophon', input.colophon.price.value.trim() !== '' && input.colophon.price.amount > 0, '定价');
  }

  // Sections and articles.
  for (const section of input.sections) {
    if (section.articles.length === 0) add('empty_section', 'error', `section ${section.name} has no articles`, { section: section.name }, { sectionId: section.id });
  }
  const sectionName = new Map(input.sections.map((s) => [s.id, s.name]));
  for (const article of input.articles) {
    const section = sectionName.get(article.sectionId) ?? '';
    if (!article.byline?.trim() && !SECTIONS_WITHOUT_BYLINE.includes(section)) {
      add('missing_byline', 'warning', `${article.title} has no byline`, { title: article.title, section }, { articleId: article.id, sectionId: article.sectionId });
    }
  }

  // Photos: credits, placeholders, resolution, colour.
  const reportedCaptions = new Set<string>();
  for (const photo of input.photos) {
    const label = photo.caption.trim() || photo.placement;
    const target: Target = { photoId: photo.id, ...(photo.articleId !== null ? { articleId: photo.articleId } : { page: photo.placement }) };
    if (!photo.credit) {
      add('missing_credit', 'error', `photo "${label}" has no credit`, { caption: label }, target);
      reportedCaptions.add(`${photo.articleId}|${photo.caption.trim()}`);
    }
    if (photo.file === null) {
      // A grey frame must never reach the press; proofs and screen copies may show one.
      add('placeholder', print ? 'error' : 'warning', `placeholder frame for "${label}"`, { caption: label }, target);
      continue;
    }
    const convertible = !photo.fileMissing && photo.colorSpace !== null && CONVERTIBLE_SPACES.has(photo.colorSpace);
    if (!convertible && print) {
      add('rgb_image', 'error', photo.fileMissing ? `the file of photo "${label}" is missing` : `photo "${label}" is in ${photo.colorSpace}, which cannot be converted to CMYK`,
        { caption: label, colorSpace: photo.fileMissing ? 'missing' : String(photo.colorSpace) }, target);
    } else if (photo.colorSpace === 'rgb' && print) {
      add('rgb_image', 'warning', `photo "${label}" is RGB; it is converted to CMYK with the output profile`, { caption: label, colorSpace: 'rgb' }, target);
    }
    // Judged at the size the layout places it; a photo the layout does not place prints nowhere and
    // has no placed size (without a layout, at the default frame of one column).
    const frame = input.layout ? input.layout.photoFrames.get(photo.id) : DEFAULT_PHOTO_FRAME;
    if (photo.widthPx && photo.heightPx && frame) {
      const ppi = effectivePpi(photo.widthPx, photo.heightPx, frame);
      const verdict = resolutionVerdict(ppi);
      if (verdict !== 'ok') {
        add('low_resolution', verdict === 'error' && print ? 'error' : 'warning', `photo "${label}" is ${Math.round(ppi)} ppi at its placed size`, { caption: label, ppi: Math.round(ppi) }, target);
      }
    }
  }
  for (const article of input.articles) {
    for (const caption of article.uncreditedCaptions) {
      if (reportedCaptions.has(`${article.id}|${caption.trim()}`)) continue;
      add('missing_credit', 'error', `a caption in ${article.title} has no credit`, { caption, title: article.title }, { articleId: article.id, sectionId: article.sectionId });
    }
  }

  // Fonts.
  for (const problem of input.fontProblems) {
    add('missing_font', 'warning', `font file ${problem.file} could not be read: ${problem.reason}`, { font: problem.file, reason: problem.reason }, { field: 'fonts' });
  }

  const layout = input.layout;
  if (layout) {
    for (const font of layout.missingFonts) add('missing_font', 'error', `font ${font} has no font file`, { font }, { field: 'fonts' });
    const report = layout.report;
    for (const block of report.oversetBlocks) {
      add('overset', 'error', `text of ${titleOf(block.owner)} does not fit (block ${block.blockIndex}, ${block.reason})`, { title: titleOf(block.owner), block: block.blockIndex, reason: block.reason }, ownerTarget(block.owner));
    }
    // Text beyond a generated page's frame is not printed: an error wherever it is, with what to do.
    for (const over of report.oversetFrames ?? []) {
      const [kind = '', part = over.frame] = over.frame.split(':');
      const label = layout.pageLabels[over.page] ?? String(over.page + 1);
      // Covers, the contents and the colophon are named by their kind (封三, 目录, 版权页), other pages by folio.
      const page = NAMED_PAGE_KINDS.includes(kind) ? kind : label;
      add('overset_frame', 'error', `${kind} page ${label}: ${over.lines} line(s) of "${part}" do not fit their frame, from "${over.text}"; shorten the text, set it smaller or move it to another page`,
        { frame: over.frame, part, lines: over.lines, text: over.text.slice(0, 24) }, { page });
    }
    // The office's order prints; 姓名笔画 order is offered, unless the office marked its order as deliberate.
    const suggested = layout.strokeOrderSuggestion;
    if (suggested && suggested.length > 0 && input.colophon && input.colophon.editorialBoard.manualOrder !== true) {
      add('board_order', 'warning', `the editorial board is not in stroke order; suggested order: ${suggested.join('、')}`, { suggested: suggested.join('、') }, { page: 'colophon', field: 'editorialBoard' });
    }
    const glyphsSeen = new Set<string>();
    for (const glyph of report.missingGlyphs) {
      const key = `${glyph.owner}|${glyph.char}|${glyph.font}`;
      if (glyphsSeen.has(key)) continue;
      glyphsSeen.add(key);
      add('missing_glyph', 'error', `${titleOf(glyph.owner)}: the font ${glyph.font} has no glyph for "${glyph.char}"`, { title: titleOf(glyph.owner), char: glyph.char, font: glyph.font }, ownerTarget(glyph.owner));
    }
    // A line past the column edge prints into the gutter or off the type area: an error, with its page and text.
    for (const line of report.overfullLines ?? []) {
      const page = layout.pageLabels[line.page] ?? String(line.page + 1);
      add('overfull_line', 'error', `${titleOf(line.owner)}: page ${page}: line "${line.text}" runs past its column edge`,
        { title: titleOf(line.owner), text: line.text.slice(0, 40), page }, ownerTarget(line.owner, line.page));
    }
    // A word or keep-together unit wider than the column had to break inside: it prints, but the editor should know.
    for (const line of report.brokenWords ?? []) {
      const page = layout.pageLabels[line.page] ?? String(line.page + 1);
      add('broken_word', 'warning', `${titleOf(line.owner)}: page ${page}: line "${line.text}" ends inside a word wider than its column`,
        { title: titleOf(line.owner), text: line.text.slice(0, 40), page }, ownerTarget(line.owner, line.page));
    }
    for (const line of [...report.prohibitedLineStarts, ...report.prohibitedLineEnds]) {
      add('prohibited_break', 'warning', `${titleOf(line.owner)}: line "${line.text}" breaks a line-start/line-end rule`, { title: titleOf(line.owner), text: line.text }, ownerTarget(line.owner, line.page));
    }
    for (const over of report.overBudget) {
      add('over_budget', 'warning', `${titleOf(over.owner)} takes ${over.pages} pages, budget ${over.budget}`, { title: titleOf(over.owner), pages: over.pages, budget: over.budget }, ownerTarget(over.owner));
    }
    for (const start of layout.starts) {
      const printed = layout.contentsFolios.get(start.articleId);
      if (printed !== undefined && printed !== start.folio) {
        add('toc_out_of_date', 'error', `the contents give page ${printed} for ${titleOf(start.articleId)}, which starts on page ${start.folio}`,
          { title: titleOf(start.articleId), printed, actual: start.folio }, { ...ownerTarget(start.articleId), page: 'contents' });
      }
    }
    const minFill = layout.minPageFill ?? 0;
    for (const page of layout.pageFills ?? []) {
      if (minFill <= 0 || page.fill >= minFill) continue;
      const label = layout.pageLabels[page.pageIndex] ?? String(page.pageIndex + 1);
      const percent = Math.round(page.fill * 100);
      add('underfilled_page', 'warning', `page ${label} uses ${percent}% of the type area (under ${Math.round(minFill * 100)}%)`,
        { page: label, percent, min: Math.round(minFill * 100), emptyColumns: page.emptyColumns }, { page: label });
    }
    const started = new Set(layout.starts.map((s) => s.articleId));
    for (const article of input.articles) {
      if (!started.has(article.id)) {
        add('toc_out_of_date', 'error', `${article.title} is not on any page, so the contents cannot list it`, { title: article.title, printed: '', actual: '' }, { articleId: article.id, sectionId: article.sectionId, page: 'contents' });
      }
    }
  }

  return {
    issueId: input.issueId,
    errors: items.filter((i) => i.severity === 'error'),
    warnings: items.filter((i) => i.severity === 'warning'),
    placeholders: input.photos.filter((p) => p.file === null).length,
    checkedAt: input.checkedAt,
  };
}
