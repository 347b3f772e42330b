// Line-breaking figures on the sample issue: re-layout after a one-character edit and the edited
// paragraph alone, with optimum-fit (the default) and greedy breaking; over-stretched lines of each
// at the design's two columns and at three and four (narrower measures, where loose lines appear).
import { blocksFromDoc } from '../src/shared/article-doc';
import { loadFontRegistry } from '../src/node/fonts/default-fonts';
import { LayoutEngine, type LayoutArticle, type LineBreaking } from '../src/engine/index';
import { composeParagraph } from '../src/engine/paragraph/compose';
import { maxStretchRatio } from '../src/engine/report';
import { DEFAULT_STYLES, paragraphSettings } from '../src/engine/styles/styles';
import { median, type BenchFigure } from './bench-types';
import { loadSampleArticles } from './sample-issue';

const EDITED_ARTICLE = 5;

/** The article's first long paragraph with one character inserted (a different one each round). */
function editOneCharacter(articles: LayoutArticle[], round: number): { articles: LayoutArticle[]; text: string } {
  const target = articles[EDITED_ARTICLE]!;
  const body = structuredClone(target.body);
  const k = blocksFromDoc(body).findIndex((b) => b.type === 'paragraph' && b.text.length > 100);
  const node = body.root.children[k]!.children[0] as { text: string };
  node.text = node.text.slice(0, 40) + '一二三四五六七八九十'[round % 10] + node.text.slice(40);
  return { articles: articles.map((a, i) => (i === EDITED_ARTICLE ? { ...a, body } : a)), text: blocksFromDoc(body)[k]!.text };
}

function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export async function run(): Promise<BenchFigure[]> {
  const articles = loadSampleArticles();
  const { registry } = loadFontRegistry();
  const face = registry.resolve(DEFAULT_STYLES.body.font.role, DEFAULT_STYLES.body.font.weight);
  const settings = paragraphSettings(DEFAULT_STYLES.body);
  const figures: BenchFigure[] = [];
  // Both engines laid out once (warm), then edited in turns, so neither gets the other's warm-up.
  const modes: LineBreaking[] = ['optimum', 'greedy'];
  const engines = modes.map((mode) => {
    const engine = new LayoutEngine(registry);
    engine.layout(articles, { lineBreaking: mode });
    return engine;
  });
  const edits = modes.map((): number[] => []);
  const paragraph = modes.map((): number[] => []);
  for (let round = 0; round < 60; round++) {
    const edited = editOneCharacter(articles, round);
    modes.forEach((mode, m) => {
      let t = performance.now();
      engines[m]!.layout(edited.articles, { lineBreaking: mode });
      edits[m]!.push(performance.now() - t);
      t = performance.now();
      composeParagraph(edited.text, face, { ...settings, lineBreaking: mode }, 25);
      paragraph[m]!.push(performance.now() - t);
    });
  }
  modes.forEach((mode, m) => {
    figures.push({ label: `line breaking (${mode}): re-layout after a one-character edit (median of 60)`, value: median(edits[m]!), unit: 'ms' });
    figures.push({ label: `line breaking (${mode}): re-layout after a one-character edit (90th percentile of 60)`, value: percentile(edits[m]!, 0.9), unit: 'ms' });
    figures.push({ label: `line breaking (${mode}): the edited paragraph composed alone (median of 60)`, value: median(paragraph[m]!), unit: 'ms' });
  });
  // A full layout with a fresh paragraph cache (opening an issue): every paragraph composed, in turns.
  const full = modes.map((): number[] => []);
  for (let round = 0; round < 3; round++) {
    modes.forEach((mode, m) => {
      const t = performance.now();
      new LayoutEngine(registry).layout(articles, { lineBreaking: mode });
      full[m]!.push(performance.now() - t);
    });
  }
  modes.forEach((mode, m) => figures.push({ label: `line breaking (${mode}): full layout, fresh paragraph cache (median of 3)`, value: median(full[m]!), unit: 'ms' }));
  for (const columns of [2, 3, 4]) {
    for (const mode of ['greedy', 'optimum'] as LineBreaking[]) {
      const r = new LayoutEngine(registry).layout(articles, { lineBreaking: mode, columns }).report;
      figures.push({ label: `line breaking (${mode}): over-stretched lines, sample issue in ${columns} columns`, value: r.overStretchedLines.length, unit: 'lines' });
      const largest = maxStretchRatio(r);
      if (largest > 0) figures.push({ label: `line breaking (${mode}): largest stretch, % of the allowed 0.25 em per gap, ${columns} columns`, value: largest * 100, unit: 'count' });
    }
  }
  return figures;
}
