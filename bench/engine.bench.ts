// Engine figures for the sample issue: cold and warm full layout, re-layout after a
// one-character edit, and the shape of the result.
import { blocksFromDoc } from '../src/shared/article-doc';
import { loadFontRegistry } from '../src/node/fonts/default-fonts';
import { LayoutEngine, type LayoutArticle } from '../src/engine/index';
import { IssueLayoutEngine } from '../src/engine/issue/index';
import type { IssueLayoutInput } from '../src/engine/issue/types';
import { openLibrary } from '../src/node/library/open-library';
import { issueLayoutInput } from '../src/node/services/issue-layout';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

/** The sample issue as whole-issue input, read from a throw-away library seeded with it. */
function sampleIssueInput(): IssueLayoutInput {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qikan-bench-'));
  const lib = openLibrary({ dataDir: dir });
  try {
    const first = lib.db.prepare('SELECT min(id) AS id FROM issue').get() as { id: number | null };
    return issueLayoutInput(lib, first.id ?? 1);
  } finally {
    lib.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
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
  // The whole issue (covers, colophon, contents, articles, heads): cold = a fresh issue engine,
  // warm = the same engine again after a one-character edit.
  const issueInput = sampleIssueInput();
  t = performance.now();
  const issueEngine = new IssueLayoutEngine(registry);
  const issue = issueEngine.layout(issueInput);
  const issueColdMs = performance.now() - t;
  const issueWarm: number[] = [];
  for (let round = 0; round < 10; round++) {
    const edited = structuredClone(issueInput);
    const target = edited.sections[2]!.articles[0]!;
    const k = blocksFromDoc(target.body).findIndex((b) => b.type === 'paragraph' && b.text.length > 100);
    const node = target.body.root.children[k]!.children[0] as { text: string };
    node.text = node.text.slice(0, 40) + '一二三四五六七八九十'[round % 10] + node.text.slice(40);
    t = performance.now();
    issueEngine.layout(edited);
    issueWarm.push(performance.now() - t);
  }
  return [
    { label: 'engine: whole issue layout cold (fonts loaded, fresh caches)', value: issueColdMs, unit: 'ms' },
    { label: 'engine: whole issue layout warm after a one-character edit (median of 10)', value: median(issueWarm), unit: 'ms' },
    { label: 'engine: whole issue pages', value: issue.document.pages.length, unit: 'pages' },
    { label: 'engine: font load (4 Noto faces)', value: fontsMs, unit: 'ms' },
    { label: 'engine: full layout cold (fonts not loaded)', value: coldMs, unit: 'ms' },
    { label: 'engine: full layout warm (median of 5, fresh paragraph cache)', value: median(warm), unit: 'ms' },
    { label: 'engine: layout of unchanged issue (median of 10, caches warm)', value: median(cached), unit: 'ms' },
    { label: 'engine: re-layout after a one-character edit (median of 60)', value: median(edits), unit: 'ms' },
    { label: 'engine: pages', value: first.report.pages, unit: 'pages' },
    { label: 'engine: lines set', value: first.report.linesSet, unit: 'lines' },
  ];
}
