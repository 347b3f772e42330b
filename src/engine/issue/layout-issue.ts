// The whole issue, cover to back cover: 封一, 封二, page 01 with the 卷首语 beside the colophon,
// the contents, the articles (opener and body pages with running heads), blank pages to fill the
// last signature, 封三, 封四. The articles are laid out first; the contents are set from where
// they start, and numbered again with more contents pages if the entries need them, so every
// number in the contents is the page its article starts on. IssueLayoutEngine keeps the article
// engine's caches, so a re-layout after an edit recomposes only what changed. Pure.

import cnchar from 'cnchar';
import type { DisplayDocument, DisplayItem, DisplayPage } from '../display-list';
import type { FigurePhoto, LayoutArticle } from '../flow/blocks';
import { columnsFor, gridFor, type PageGrid } from '../flow/geometry';
import type { FontRegistry } from '../fonts/registry';
import { LayoutEngine, type LayoutResult } from '../index';
import { articleNames, colophonNames, creditNames } from '../names';
import { nameMatcher, type NameMatcher } from '../paragraph/keep';
import { appendReport, emptyReport, type CompositionReport } from '../report';
import type { StyleName, StyleSheet } from '../styles/styles';
import { PageCanvas, type CanvasDrawing, type TextContext } from './canvas';
import { drawColophon } from './colophon';
import { layoutContents, type ContentsEntry } from './contents';
import { blockTexts, coverParts, drawCover } from './cover';
import { designWith, type DeepPartial, type IssueDesign } from './design';
import { DrawingMemo } from './drawing-memo';
import { foliosOf, padPagesFor, pageLabelsOf, type PagePlanPart } from './numbering';
import { openerArticle } from './opener';
import { drawBackCover, drawNewsPage, drawPhotoPage, extraFor } from './photo-page';
import { drawRunningHead, issueHeadTitle } from './running-heads';
import type { ArticleFrame, ArticleStart, Bookmark, IssueLayoutInput, IssueLayoutResult } from './types';

export interface IssueLayoutOptions {
  /** The publication's design over the defaults (Publication.settings.design). */
  design?: DeepPartial<IssueDesign>;
}

type InputArticle = IssueLayoutInput['sections'][number]['articles'][number];

interface PlacedArticle {
  article: InputArticle;
  sectionId: number;
  sectionName: string;
  /** Position in issue order (the contents' entry index). */
  order: number;
}

const MAX_CONTENTS_ROUNDS = 6;

/** The title's pinyin by syllable, two syllables to a word (北京人大 → BEIJING RENDA). */
export function pinyinOf(title: string): string {
  const spell = (cnchar as unknown as { spell(text: string, ...args: string[]): unknown }).spell;
  const syllables = spell(title, 'array');
  if (!Array.isArray(syllables)) return '';
  const words: string[] = [];
  for (let k = 0; k < syllables.length; k += 2) words.push(syllables.slice(k, k + 2).join(''));
  return words.join(' ').toUpperCase();
}

function photosOfArticle(input: IssueLayoutInput, articleId: number): FigurePhoto[] {
  return input.photos
    .filter((p) => p.placement === 'article' && p.articleId === articleId)
    .sort((a, b) => a.position - b.position)
    .map((p) => ({ photoId: p.id, placeholder: p.placeholder, widthPx: p.widthPx, heightPx: p.heightPx }));
}

/** The names of the issue outside its articles (see LayoutOptions.keepNames for those inside). */
function issueNames(input: IssueLayoutInput): string[] {
  const out = [...(input.keepNames ?? []), ...colophonNames(input.colophon)];
  for (const p of input.photos) out.push(...creditNames(p.credit));
  for (const e of input.extras) out.push(...creditNames(e.credit));
  out.push(...creditNames(input.masthead?.coverPhotoCredit));
  return out;
}

function firstPageOf(pages: readonly DisplayPage[], owner: number): number {
  return pages.findIndex((p) => p.lines.some((l) => l.source.owner === owner));
}

function shiftItems(items: readonly DisplayItem[], dx: number): DisplayItem[] {
  return items.map((i) => (i.kind === 'rule' ? { ...i, x1: i.x1 + dx, x2: i.x2 + dx } : { ...i, x: i.x + dx }));
}

export class IssueLayoutEngine {
  /** Articles after the contents. */
  private readonly body: LayoutEngine;
  /** The 卷首语 beside the colophon (another measure, so its own caches). */
  private readonly front: LayoutEngine;

  // What the generated pages were drawn from, kept between layouts (drawing-memo.ts).
  private designKey = '';
  private design: IssueDesign | null = null;
  private names: NameMatcher | null = null;
  /** Changes with the design and with the names kept together: every drawing's key starts with it. */
  private generation = 0;
  private readonly drawings = new DrawingMemo<{ drawings: CanvasDrawing[]; value: unknown }>();
  private readonly pinyins = new DrawingMemo<string>();
  /** Each input article as the flow takes it (with its opener and photos), while the input article is the same object. */
  private readonly forLayout = new WeakMap<InputArticle, { key: string; article: LayoutArticle }>();

  constructor(private readonly fonts: FontRegistry) {
    this.body = new LayoutEngine(fonts);
    this.front = new LayoutEngine(fonts);
  }

  /** Composed paragraphs kept (bounded by the cache itself). */
  get paragraphCacheSize(): number {
    return this.body.paragraphs.size + this.front.paragraphs.size;
  }

  layout(input: IssueLayoutInput, options: IssueLayoutOptions = {}): IssueLayoutResult {
    const designKey = options.design === undefined ? '' : JSON.stringify(options.design);
    if (this.design === null || designKey !== this.designKey) {
      this.design = designWith(options.design);
      this.designKey = designKey;
      this.generation++;
    }
    const design = this.design;
    const grid = gridFor(design.page);
    // Names kept on one line everywhere: the maintained list, the colophon's, the credits'; the
    // article engine adds each article's byline and caption credits.
    const keepNames = issueNames(input);
    const names = nameMatcher([...keepNames, ...input.sections.flatMap((s) => s.articles.flatMap(articleNames))]);
    if (names !== this.names) {
      this.names = names;
      this.generation++;
    }
    this.drawings.begin();
    this.pinyins.begin();
    const ctx: TextContext = { fonts: this.fonts, cache: this.body.paragraphs, names };
    /**
     * Draws `count` canvases with `draw`, or replays what the last layout drew with the same key.
     * `key` must name everything `draw` reads besides the design, the fonts and the names.
     */
    const drawn = <V>(key: string, make: () => { canvases: PageCanvas[]; value: V }, blank: (k: number, d: CanvasDrawing) => PageCanvas): { canvases: PageCanvas[]; value: V } => {
      const kept = this.drawings.get(`${this.generation}\u0001${key}`, () => {
        const made = make();
        return { drawings: made.canvases.map((c) => c.drawing()), value: made.value };
      });
      return { canvases: kept.drawings.map((d, k) => blank(k, d).replay(d)), value: kept.value as V };
    };
    const boxes = { trimW: grid.trimW, trimH: grid.trimH, bleed: grid.bleed };

    // Which articles go beside the colophon, which after the contents.
    const placed: PlacedArticle[] = [];
    input.sections.forEach((s) => s.articles.forEach((a) => placed.push({ article: a, sectionId: s.id, sectionName: s.name, order: placed.length })));
    const frontSection = input.sections[0]?.name === design.frontSectionName ? input.sections[0]!.id : null;
    const isFront = (p: PlacedArticle): boolean => p.sectionId === frontSection;
    const toLayout = (p: PlacedArticle): LayoutArticle => {
      const photos = photosOfArticle(input, p.article.id);
      const key = `${p.sectionName}\u0001${JSON.stringify(photos)}`;
      const kept = this.forLayout.get(p.article);
      if (kept && kept.key === key) return kept.article;
      const article = openerArticle(p.article, p.sectionName, photos);
      this.forLayout.set(p.article, { key, article });
      return article;
    };

    // 1. Articles.
    const frontWidthEm = design.page.typeWidthEm - design.colophonColumnEm - 2;
    const frontPage = { ...design.page, ...design.frontPage, typeWidthEm: frontWidthEm };
    const frontArticles = placed.filter(isFront).map(toLayout);
    const frontStyles = stylesOnPitch(design.styles, design.page.pitchPt, frontPage.pitchPt);
    const frontResult: LayoutResult | null = frontArticles.length > 0 ? this.front.layout(frontArticles, { page: frontPage, styles: frontStyles, columns: 1, keepNames, ...(design.characterStyles ? { characterStyles: design.characterStyles } : {}), ...(design.lineBreaking ? { lineBreaking: design.lineBreaking } : {}) }) : null;
    const bodyPlaced = placed.filter((p) => !isFront(p));
    const bodyResult = this.body.layout(bodyPlaced.map(toLayout), { page: design.page, styles: design.styles, columns: design.columns, keepNames, ...(design.characterStyles ? { characterStyles: design.characterStyles } : {}), ...(design.lineBreaking ? { lineBreaking: design.lineBreaking } : {}) });
    const frontPages = frontResult?.document.pages ?? [];
    const frontCount = Math.max(1, frontPages.length);
    // An article slot with a page budget and no text yet (a new issue's （待定）) holds its budget of
    // pages, so the page count, the flatplan and the contents show the issue as planned.
    const withSlots = reserveSlotPages(bodyResult, bodyPlaced, (articleId, title, page, pages) => {
      const canvas = new PageCanvas(ctx, boxes, 'body', `reserved${articleId}-${page}`);
      const note = design.words.reservedPage.replace('{title}', title).replace('{page}', String(page)).replace('{pages}', String(pages));
      canvas.text(design.text.blankNote, note, { x: grid.left, top: grid.top + grid.blockHeight / 2, width: grid.width, align: 'center', source: { owner: articleId, blockIndex: -1, part: 'reserved' } });
      return canvas.page();
    });
    const bodyPages = withSlots.pages;

    // 2. Numbering and contents, again with more contents pages until they fit.
    const title = input.publication.title;
    const pinyin = input.publication.pinyin ?? this.pinyins.get(title, () => pinyinOf(title));
    const contentsPhoto = input.photos.find((p) => p.placement === 'contents') ?? null;
    const promoExtra = input.extras.find((e) => e.kind === 'promo' && /contents|table|目录/iu.test(e.placement)) ?? null;
    let reserved = Math.max(1, design.contentsPages);
    let shrunk = false;
    let plan: PagePlanPart[] = [];
    let folios: (string | null)[] = [];
    let starts: ArticleStart[] = [];
    let contents: PageCanvas[] = [];
    for (let round = 0; round < MAX_CONTENTS_ROUNDS; round++) {
      plan = [
        { kind: 'cover', count: 1, numbered: false },
        { kind: 'inside-front-cover', count: 1, numbered: false },
        { kind: 'colophon', count: frontCount, numbered: true },
        { kind: 'contents', count: reserved, numbered: true },
        { kind: 'body', count: bodyPages.length, numbered: true },
      ];
      const pad = padPagesFor(plan.reduce((n, p) => n + p.count, 0) + 2, design.pageMultiple);
      plan.push({ kind: 'blank', count: pad, numbered: true }, { kind: 'inside-back-cover', count: 1, numbered: false }, { kind: 'back-cover', count: 1, numbered: false });
      folios = foliosOf(plan);
      const frontStart = 2;
      const bodyStart = 2 + frontCount + reserved;
      starts = placed.flatMap((p): ArticleStart[] => {
        const local = firstPageOf(isFront(p) ? frontPages : bodyPages, p.article.id);
        if (local < 0) return [];
        const pageIndex = (isFront(p) ? frontStart : bodyStart) + local;
        return [{ articleId: p.article.id, sectionId: p.sectionId, pageIndex, folio: folios[pageIndex]! }];
      });
      const folioOf = new Map(starts.map((s) => [s.articleId, s.folio]));
      const contentsInput = {
        title,
        pinyin,
        year: input.issue.year,
        number: input.issue.number,
        sections: input.sections
          .map((s) => ({
            name: s.name,
            entries: placed
              .filter((p) => p.sectionId === s.id && folioOf.has(p.article.id))
              .map((p): ContentsEntry => ({ index: p.order, titleLines: p.article.titleLines, subtitle: dashed(p.article.subtitle), folio: folioOf.get(p.article.id)! })),
          }))
          .filter((s) => s.entries.length > 0),
        coverCredit: input.masthead.coverPhotoCredit,
        photo: contentsPhoto,
        promo: promoExtra ? blockTexts(promoExtra.body).join('\n') : null,
      };
      contents = drawn(
        `contents\u0001${JSON.stringify(contentsInput)}`,
        () => ({ canvases: layoutContents(ctx, boxes, grid, design, contentsInput), value: null }),
        () => new PageCanvas(ctx, boxes, 'contents', 'toc'),
      ).canvases;
      if (contents.length === reserved) break;
      // Fewer pages than reserved: give the spare ones back once (an empty contents page would print
      // only its running head); if the numbers then need more again, the loop grows it back and stops.
      if (contents.length < reserved && shrunk) break;
      if (contents.length < reserved) shrunk = true;
      reserved = Math.max(1, contents.length);
    }

    // 3. Pages in print order.
    const pages: DisplayPage[] = [];
    const report = emptyReport();
    const headTitle = issueHeadTitle(design, title, input.issue.year, input.issue.number);
    const sectionOf = new Map(placed.map((p) => [p.article.id, p.sectionName]));
    const startOf = new Map(starts.map((s) => [s.articleId, s.pageIndex]));
    const push = (page: Omit<DisplayPage, 'index' | 'folio'>): void => {
      const index = pages.length;
      pages.push({ ...page, index, folio: folios[index] ?? null });
    };
    const withHead = (canvas: PageCanvas, section: string | null): PageCanvas => {
      const folio = folios[pages.length];
      if (!folio) return canvas;
      const pageIndex = pages.length;
      // Drawn on a stand-in canvas of the same key whose line ids continue where this one's are.
      const seq = canvas.sequence;
      const head = drawn(
        `head\u0001${canvas.kind}\u0001${canvas.key}\u0001${seq}\u0001${pageIndex}\u0001${folio}\u0001${headTitle}\u0001${section ?? ''}`,
        () => {
          const standIn = new PageCanvas(ctx, boxes, canvas.kind, canvas.key).continuing(seq);
          drawRunningHead(standIn, design, grid, pageIndex, folio, { title: headTitle, section });
          return { canvases: [standIn], value: null };
        },
        () => canvas,
      );
      return head.canvases[0]!;
    };
    const addCanvas = (canvas: PageCanvas): void => {
      appendReport(report, canvas.report, pages.length);
      push(canvas.page());
    };

    // The covers and photo pages read the issue's parts outside its articles.
    const outsideKey = JSON.stringify([input.publication, input.issue, input.masthead, input.photos, input.extras, input.colophon, pinyin]);
    const coverPage = (kind: string, draw: (canvas: PageCanvas) => void): PageCanvas =>
      drawn(`${kind}\u0001${outsideKey}`, () => {
        const canvas = new PageCanvas(ctx, boxes, kind, kind);
        draw(canvas);
        return { canvases: [canvas], value: null };
      }, () => new PageCanvas(ctx, boxes, kind, kind)).canvases[0]!;

    addCanvas(coverPage('cover', (cover) => drawCover(cover, input, design, coverParts(input, design, pinyin))));
    addCanvas(coverPage('inside-front-cover', (ifc) => drawPhotoPage(ifc, input, design, grid, 'inside-front-cover', extraFor(input.extras, 'inside-front-cover'))));

    // Page 01: the colophon in the outer column, the 卷首语 beside it.
    let boardOrder: string[] = [];
    let strokeOrderSuggestion: string[] | null = null;
    const colophonW = design.colophonColumnEm * grid.bodySize;
    const frontGrid = gridFor(frontPage);
    const frontShift = grid.left + (design.colophonColumnEm + 2) * grid.bodySize - frontGrid.left;
    if (frontResult) appendReport(report, frontResult.report, pages.length);
    for (let k = 0; k < frontCount; k++) {
      let canvas = new PageCanvas(ctx, boxes, 'colophon', 'colophon');
      if (k === 0) {
        const { canvases, value: set } = drawn(
          `colophon\u0001${JSON.stringify([input.colophon, grid.left, grid.top, colophonW, grid.blockHeight])}`,
          () => {
            const c = new PageCanvas(ctx, boxes, 'colophon', 'colophon');
            return { canvases: [c], value: drawColophon(c, input.colophon, design, grid.left, grid.top, colophonW, grid.blockHeight) };
          },
          () => new PageCanvas(ctx, boxes, 'colophon', 'colophon'),
        );
        canvas = canvases[0]!;
        boardOrder = set.boardOrder;
        strokeOrderSuggestion = set.inStrokeOrder ? null : set.strokeOrder;
      }
      if (k === 0) canvas.rule(grid.left + colophonW + grid.bodySize, grid.top, grid.left + colophonW + grid.bodySize, grid.top + grid.blockHeight, 0.4, design.ruleColor);
      withHead(canvas, null);
      const article = frontPages[k];
      appendReport(report, canvas.report, pages.length);
      push({
        kind: 'colophon',
        boxes,
        items: [...(article ? shiftItems(article.items, frontShift) : []), ...canvas.items],
        lines: [...(article ? article.lines.map((l) => ({ ...l, x: l.x + frontShift })) : []), ...canvas.lines],
      });
    }

    for (let k = 0; k < reserved; k++) addCanvas(withHead(contents[k] ?? new PageCanvas(ctx, boxes, 'contents', 'toc'), null));

    appendReport(report, withSlots.report, pages.length);
    for (const page of bodyPages) {
      const owner = page.lines[0]?.source.owner;
      // An opener page is one whose first article starts on it; an article run on (接排) below another
      // starts mid-page, and that page keeps its running head.
      const opener = typeof owner === 'number' && startOf.get(owner) === pages.length;
      const head = withHead(new PageCanvas(ctx, boxes, opener ? 'opener' : 'body', `head${pages.length}`), opener ? null : (typeof owner === 'number' ? sectionOf.get(owner) ?? null : null));
      appendReport(report, head.report, pages.length);
      push({ kind: opener ? 'opener' : 'body', boxes, items: [...page.items, ...head.items], lines: [...page.lines, ...head.lines] });
    }

    const padCount = plan.find((p) => p.kind === 'blank')!.count;
    for (let k = 0; k < padCount; k++) {
      const blank = withHead(new PageCanvas(ctx, boxes, 'body', `blank${k}`), null);
      blank.text(design.text.blankNote, design.words.blankPage, { x: grid.left, top: grid.top + grid.blockHeight / 2, width: grid.width, align: 'center', source: { owner: blank.key, blockIndex: 0 } });
      addCanvas(blank);
    }

    addCanvas(coverPage('inside-back-cover', (ibc) => drawNewsPage(ibc, input, design, grid, 'inside-back-cover', extraFor(input.extras, 'inside-back-cover'))));
    addCanvas(coverPage('back-cover', (back) => drawBackCover(back, input, design, extraFor(input.extras, 'back-cover'))));

    report.pages = pages.length;
    const fonts = new Set<string>();
    const photoFrames: IssueLayoutResult['photoFrames'] = [];
    for (const p of pages)
      for (const item of p.items) {
        if (item.kind === 'glyphs') fonts.add(item.font);
        if (item.kind === 'image' && item.photoId !== null) photoFrames.push({ photoId: item.photoId, pageIndex: p.index, x: item.x, y: item.y, w: item.w, h: item.h });
      }
    const document: DisplayDocument = { pages, fonts: [...fonts].sort() };
    const frameOf = (p: PlacedArticle): ArticleFrame => {
      const bodyColumns = columnsFor(design.page.typeWidthEm, p.article.layout?.columns ?? design.columns, design.page.minGutterEm);
      if (isFront(p)) {
        const x0 = frontGrid.left + frontShift;
        return { articleId: p.article.id, top: frontGrid.top, pitch: frontGrid.pitch, lines: frontGrid.lines, columns: [[x0, x0 + frontGrid.width]] };
      }
      const columns: [number, number][] = [];
      for (let c = 0; c < bodyColumns.columns; c++) {
        const x0 = grid.left + c * (bodyColumns.columnEm + bodyColumns.gutterEm) * grid.bodySize;
        columns.push([x0, x0 + bodyColumns.columnEm * grid.bodySize]);
      }
      return { articleId: p.article.id, top: grid.top, pitch: grid.pitch, lines: grid.lines, columns };
    };
    return {
      document,
      report,
      starts,
      pageLabels: pageLabelsOf(folios, design.words.coverLabels),
      bookmarks: bookmarksOf(input, starts),
      photoFrames,
      boardOrder,
      strokeOrderSuggestion,
      articleFrames: placed.map(frameOf),
    };
  }
}

/** The style sheet with every style set on the article pitch moved to another pitch. */
function stylesOnPitch(styles: StyleSheet, from: number, to: number): StyleSheet {
  if (from === to) return styles;
  const out = { ...styles };
  for (const name of Object.keys(out) as StyleName[]) if (out[name].leadingPt === from) out[name] = { ...out[name], leadingPt: to };
  return out;
}

function dashed(subtitle: string | null): string | null {
  if (!subtitle || subtitle.trim() === '') return null;
  return subtitle.startsWith('——') ? subtitle : `——${subtitle}`;
}

function bookmarksOf(input: IssueLayoutInput, starts: ArticleStart[]): Bookmark[] {
  const at = new Map(starts.map((s) => [s.articleId, s.pageIndex]));
  return input.sections.flatMap((s): Bookmark[] => {
    const children = s.articles
      .filter((a) => at.has(a.id))
      .map((a) => ({ title: a.titleLines.join(' ').replace(/\s+/gu, ' ').trim(), pageIndex: at.get(a.id)!, children: [] }));
    return children.length > 0 ? [{ title: s.name, pageIndex: children[0]!.pageIndex, children }] : [];
  });
}

/** One-shot layout of the whole issue (keep an IssueLayoutEngine for repeated layouts). */
export function layoutIssue(input: IssueLayoutInput, fonts: FontRegistry, options: IssueLayoutOptions = {}): IssueLayoutResult {
  return new IssueLayoutEngine(fonts).layout(input, options);
}

/** The body pages with the pages each text-less article slot holds for its budget put in after its
 *  opener, and the body report's page numbers moved past them. */
function reserveSlotPages(
  body: LayoutResult,
  placed: readonly PlacedArticle[],
  reservedPage: (articleId: number, title: string, page: number, pages: number) => Omit<DisplayPage, 'index' | 'folio'>,
): { pages: DisplayPage[]; report: CompositionReport } {
  const source = body.document.pages;
  const added = new Map<number, DisplayPage[]>(); // after local page index → pages put in
  for (const p of placed) {
    const budget = p.article.pageBudget ?? 0;
    if (budget <= 1 || blockTexts(p.article.body).length > 0) continue;
    const own = source.flatMap((page, k) => (page.lines.some((l) => l.source.owner === p.article.id) ? [k] : []));
    if (own.length === 0) continue;
    const last = own[own.length - 1]!;
    const span = last - own[0]! + 1;
    const title = p.article.titleLines.join('');
    const extra: DisplayPage[] = [];
    for (let k = span + 1; k <= budget; k++) extra.push({ ...reservedPage(p.article.id, title, k, budget), index: -1, folio: null });
    if (extra.length > 0) added.set(last, [...(added.get(last) ?? []), ...extra]);
  }
  if (added.size === 0) return { pages: [...source], report: body.report };
  const pages: DisplayPage[] = [];
  const newIndex: number[] = [];
  source.forEach((page, k) => {
    newIndex[k] = pages.length;
    pages.push(page);
    pages.push(...(added.get(k) ?? []));
  });
  return { pages, report: { ...remapReportPages(body.report, (page) => newIndex[page] ?? page), pages: pages.length } };
}

/** A report with every entry's page number mapped (entries without one are kept as they are). */
function remapReportPages(report: CompositionReport, map: (page: number) => number): CompositionReport {
  const out: Record<string, unknown> = { ...report };
  for (const [key, value] of Object.entries(report)) {
    if (!Array.isArray(value)) continue;
    out[key] = value.map((entry: unknown) =>
      entry !== null && typeof entry === 'object' && typeof (entry as { page?: unknown }).page === 'number' ? { ...(entry as object), page: map((entry as { page: number }).page) } : entry,
    );
  }
  return out as unknown as CompositionReport;
}

