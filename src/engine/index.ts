// Public entry of the typesetting engine: articles in, display list and composition report out.
// An engine instance keeps caches (composed paragraphs, laid-out article runs), so laying out
// again after a one-character edit recomposes one paragraph and reflows one article. Pure.

import type { DisplayDocument, DisplayPage } from './display-list';
import type { FontRegistry } from './fonts/registry';
import { type LayoutArticle } from './flow/blocks';
import { flowArticles } from './flow/flow';
import { DEFAULT_PAGE, gridFor, type PageSpec } from './flow/geometry';
import type { LineBreaking } from './paragraph/break';
import { ParagraphCache } from './paragraph/compose';
import { nameMatcher } from './paragraph/keep';
import { articleNames } from './names';
import { appendReport, emptyReport, type CompositionReport } from './report';
import { DEFAULT_CHARACTER_STYLES, DEFAULT_STYLES, type CharacterStyleSheet, type StyleSheet } from './styles/styles';

export type { LayoutArticle } from './flow/blocks';
export type { CompositionReport } from './report';
export type { LineBreaking } from './paragraph/break';

export interface LayoutOptions {
  page?: PageSpec;
  styles?: StyleSheet;
  /** Bold and emphasis within paragraphs. */
  characterStyles?: CharacterStyleSheet;
  /** Columns for articles that do not set their own (1–4). */
  columns?: number;
  /** Folio of the first page. */
  firstFolio?: number;
  maxPagesPerArticle?: number;
  /** Names no line may break inside (the maintained list of leaders' names and the issue's own);
   *  the articles' bylines and caption credits are added to them. */
  keepNames?: readonly string[];
  /** How justified paragraphs are broken: the whole paragraph at once ('optimum', the default) or a
   *  line at a time ('greedy', kept for comparison). */
  lineBreaking?: LineBreaking;
}

export interface LayoutResult {
  document: DisplayDocument;
  report: CompositionReport;
}

interface RunResult {
  pages: DisplayPage[];
  report: CompositionReport;
  /** Font keys its pages use. */
  fonts: string[];
}

/** Articles that share pages: one that starts a new page and those that continue after it. */
function runsOf(articles: LayoutArticle[]): LayoutArticle[][] {
  const runs: LayoutArticle[][] = [];
  for (const a of articles) {
    if (runs.length === 0 || a.layout?.startOnNewPage !== false) runs.push([a]);
    else runs[runs.length - 1]!.push(a);
  }
  return runs;
}

/** Each article's JSON while the article is the same object (the issue engine passes unchanged articles again). */
const articleJson = new WeakMap<LayoutArticle, string>();

function jsonOf(a: LayoutArticle): string {
  let json = articleJson.get(a);
  if (json === undefined) articleJson.set(a, (json = JSON.stringify(a)));
  return json;
}

/** A run of the last layout, with its key once a later layout has needed it. */
interface KeptRun {
  run: LayoutArticle[];
  key: string | null;
  result: RunResult;
}

/** The runs of one layout and the options key they were flowed with. */
interface KeptLayout {
  optionsKey: string;
  runs: KeptRun[];
}

/** The kept runs by key. Keys are whole articles' JSON (11 ms for the sample issue), so they are made
 *  when a second layout first compares against the runs, not for every layout. */
function keyedRuns(kept: KeptLayout): Map<string, RunResult> {
  const byKey = new Map<string, RunResult>();
  for (const k of kept.runs) byKey.set((k.key ??= runKey(k.run, kept.optionsKey)), k.result);
  return byKey;
}

function runKey(run: LayoutArticle[], optionsKey: string): string {
  let key = optionsKey;
  for (const a of run) key += '\u0001' + jsonOf(a);
  return key;
}

export class LayoutEngine {
  readonly paragraphs = new ParagraphCache();
  private lastLayout: KeptLayout | null = null;
  /** The options key of the last layout and what it was made from (the same objects give the same key). */
  private lastOptions: { parts: unknown[]; key: string } | null = null;

  constructor(private readonly fonts: FontRegistry) {}

  layout(articles: LayoutArticle[], options: LayoutOptions = {}): LayoutResult {
    const page = options.page ?? DEFAULT_PAGE;
    const styles = options.styles ?? DEFAULT_STYLES;
    const columns = options.columns ?? 2;
    const maxPages = options.maxPagesPerArticle ?? 200;
    const grid = gridFor(page);
    const characterStyles = options.characterStyles ?? DEFAULT_CHARACTER_STYLES;
    // One matcher per distinct list (nameMatcher keeps them), so a re-layout builds nothing.
    const names = nameMatcher(namesFor(articles, options.keepNames));
    const ctx = { fonts: this.fonts, styles, characterStyles, cache: this.paragraphs, grid, names };
    const lineBreaking = options.lineBreaking ?? 'optimum';
    // The cache keys its entries by the mode, so switching back and forth keeps both sets.
    this.paragraphs.lineBreaking = lineBreaking;
    const parts = [page, styles, characterStyles, columns, maxPages, names, lineBreaking];
    const last = this.lastOptions;
    const optionsKey = last && last.parts.every((x, k) => x === parts[k])
      ? last.key
      : JSON.stringify([page, styles, characterStyles, columns, maxPages, names.key, lineBreaking]);
    this.lastOptions = { parts, key: optionsKey };
    // Runs the last layout flowed, by key; a cold, one-shot layout (the command line's) keys nothing.
    const previous = this.lastLayout && this.lastLayout.runs.length > 0 ? keyedRuns(this.lastLayout) : null;
    const kept: KeptRun[] = [];
    const pages: DisplayPage[] = [];
    const report = emptyReport();
    const fonts = new Set<string>();
    const firstFolio = options.firstFolio ?? 1;
    for (const run of runsOf(articles)) {
      const key = previous ? runKey(run, optionsKey) : null;
      let result = key === null ? undefined : previous!.get(key);
      if (!result) {
        const flowed = flowArticles(ctx, run, { page, defaultColumns: columns, maxPages });
        const used = new Set<string>();
        for (const p of flowed.pages) for (const item of p.items) if (item.kind === 'glyphs') used.add(item.font);
        result = { pages: flowed.pages, report: flowed.report, fonts: [...used] };
      }
      kept.push({ run, key, result });
      appendReport(report, result.report, pages.length);
      for (const p of result.pages) {
        const index = pages.length;
        pages.push({ index, folio: String(firstFolio + index).padStart(2, '0'), kind: p.kind, boxes: p.boxes, items: p.items, lines: p.lines });
      }
      for (const f of result.fonts) fonts.add(f);
    }
    // Keep only what this layout used, so memory follows the document, not its history.
    this.lastLayout = { optionsKey, runs: kept };
    report.pages = pages.length;
    return { document: { pages, fonts: [...fonts].sort() }, report };
  }
}

/** The names kept together in a layout: the given list, then each article's own. */
function namesFor(articles: readonly LayoutArticle[], given: readonly string[] | undefined): string[] {
  const out = given ? [...given] : [];
  for (const a of articles) out.push(...articleNames(a));
  return out;
}

/** One-shot layout (a fresh engine each call; keep a LayoutEngine for repeated layouts). */
export function layoutArticles(articles: LayoutArticle[], fonts: FontRegistry, options: LayoutOptions = {}): LayoutResult {
  return new LayoutEngine(fonts).layout(articles, options);
}
