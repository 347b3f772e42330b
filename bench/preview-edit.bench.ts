// The page preview while an editor types: a one-character edit in the draft of an article, sent
// through the service the preview calls (the API's input schema, then layoutArticle with the draft),
// until the article's pages — the new display list of the visible pages — are back. Fonts loaded and
// the issue laid out once before (as after opening the article).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiInputs } from '../src/shared/api';
import { blocksFromDoc } from '../src/shared/article-doc';
import { openLibrary } from '../src/node/library/open-library';
import { createLayoutService } from '../src/node/services/layout-service';
import { createLibraryService } from '../src/node/services/library-service';
import { median, type BenchFigure } from './bench-types';

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
}

export async function run(): Promise<BenchFigure[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qikan-preview-'));
  const lib = openLibrary({ dataDir });
  try {
    const store = createLibraryService(lib);
    const layout = createLayoutService(lib);
    const issueId = (lib.db.prepare('SELECT min(id) AS id FROM issue').get() as { id: number }).id;
    const outline = store.getIssueOutline({ issueId });
    // A long article in the middle of the issue, as the bench of the engine edits.
    const articleId = outline.sections[2]!.articles[0]!.id;
    const article = store.getArticle({ articleId });
    const k = blocksFromDoc(article.body).findIndex((b) => b.type === 'paragraph' && b.text.length > 100);
    const draftOf = (round: number) => {
      const body = structuredClone(article.body);
      const node = body.root.children[k]!.children[0] as { text: string };
      node.text = node.text.slice(0, 40) + '一二三四五六七八九十'[round % 10] + node.text.slice(40);
      return {
        titleLines: article.titleLines, subtitle: article.subtitle, byline: article.byline, authorInfo: article.authorInfo,
        body, endMark: article.endMark, notes: article.notes, pageBudget: article.pageBudget, runOn: article.runOn, columns: article.columns,
      };
    };
    layout.layoutArticle({ articleId }); // opening the article: fonts loaded, the issue laid out
    const times: number[] = [];
    let pages = 0;
    for (let round = 0; round < 80; round++) {
      // The request as the preview sends it (JSON), then what the API does with it.
      const raw = JSON.stringify({ articleId, draft: draftOf(round) });
      const t = performance.now();
      const input = apiInputs.layoutArticle.parse(JSON.parse(raw));
      const result = layout.layoutArticle(input);
      times.push(performance.now() - t);
      pages = result.pages.length;
    }
    const steady = times.slice(20);
    return [
      { label: 'preview: one-character edit through layoutArticle (median of 60)', value: median(steady), unit: 'ms' },
      { label: 'preview: one-character edit through layoutArticle (90th percentile of 60)', value: percentile(steady, 0.9), unit: 'ms' },
      { label: 'preview: pages of the edited article', value: pages, unit: 'pages' },
    ];
  } finally {
    lib.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
