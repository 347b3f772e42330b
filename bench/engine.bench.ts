// Engine figures for the sample issue: cold and warm full layout, re-layout after a
// one-character edit, and the shape of the result.
import { blocksFromDoc } from '../src/shared/article-doc';
import { loadFontRegistry } from '../src/node/fonts/default-fonts';
import { LayoutEngine, type LayoutArticle } from '../src/engine/index';
import { median, type BenchFigure } from './bench-types';
import { loadSampleArticles } from './sample-issue';

function editOneCharacter(articles: LayoutArticle[], round: number): LayoutArticle[] {
  const index = 5;
  const target = articles[index]!;
  const body = structuredClone(target.body);
  const k = blocksFromDoc(body).findIndex((b) => b.type === 'paragraph' && b.text.length > 100);
  const node = body.root.children[k]!.children[0] as { text: string };
  node.text = node.text.slice(0, 40) + '一二三四五六七八九十'[round % 10] + node.text.slice(40);
  return articles.map((a, i) => (i === index ? { ...a, body } : a));
}

export async function run(): Promise<BenchFigure[]> {
  const articles = loadSampleArticles();
  // Cold: fonts not yet parsed, nothing cached.
  let t = performance.now();
  const { registry } = loadFontRegistry();
  const fontsMs = performance.now() - t;
  const engine = new LayoutEngine(registry);
  const first = engine.layout(articles);
  const coldMs = performance.now() - t;

  // Warm: fonts loaded and their glyph caches filled, a fresh paragraph cache (a full re-composition).
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    new LayoutEngine(registry).layout(articles);
    warm.push(performance.now() - t);
  }
  // Cached: the same engine laying out unchanged articles again.
  const cached: number[] = [];
  for (let i = 0; i < 10; i++) {
    t = performance.now();
    engine.layout(articles);
    cached.push(performance.now() - t);
  }
  // One-character edit in one article: one paragraph recomposed, that article reflowed.
  const edits: number[] = [];
  for (let round = 0; round < 60; round++) {
    const edited = editOneCharacter(articles, round);
    t = performance.now();
    engine.layout(edited);
    edits.push(performance.now() - t);
  }
  return [
    { label: 'engine: font load (4 Noto faces)', value: fontsMs, unit: 'ms' },
    { label: 'engine: full layout cold (fonts not loaded)', value: coldMs, unit: 'ms' },
    { label: 'engine: full layout warm (median of 5, fresh paragraph cache)', value: median(warm), unit: 'ms' },
    { label: 'engine: layout of unchanged issue (median of 10, caches warm)', value: median(cached), unit: 'ms' },
    { label: 'engine: re-layout after a one-character edit (median of 60)', value: median(edits), unit: 'ms' },
    { label: 'engine: pages', value: first.report.pages, unit: 'pages' },
    { label: 'engine: lines set', value: first.report.linesSet, unit: 'lines' },
  ];
}
