import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/shared/model';
import { exportIssue, type LayoutArticles } from '../../src/node/export/export-issue';
import { openLibrary, type Library } from '../../src/node/library/open-library';
import { blocksFromDoc } from '../../src/shared/article-doc';
import { documentOf, fontMap, page, SANS_KEY, SERIF_KEY, shapedRun } from './support/display-fixtures';
import { extractPageTexts, loadPdf } from './support/read-pdf';

/** One page per article: its title and the start of its first block, shaped with the test fonts. */
const titlePages: LayoutArticles<{ articles: number }> = (articles: Article[]) => ({
  document: documentOf(
    articles.map((article, index) =>
      page(index, [
        shapedRun({ font: SANS_KEY, text: article.titleLines.join(''), sizePt: 14, x: 50, y: 80 }),
        shapedRun({ font: SERIF_KEY, text: (blocksFromDoc(article.body)[0]?.text ?? '').slice(0, 20), sizePt: 10.5, x: 50, y: 120 }),
      ]),
    ),
  ),
  report: { articles: articles.length },
});

describe('exportIssue', () => {
  let dataDir: string;
  let lib: Library;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'qikan-export-'));
    lib = openLibrary({ dataDir });
  });
  afterEach(() => {
    lib.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("writes the sample issue's articles in outline order with the given title", async () => {
    const outPath = join(dataDir, 'issue.pdf');
    const requestedFonts: string[][] = [];
    const result = await exportIssue(lib, {
      year: 2026,
      number: 1,
      outPath,
      layout: titlePages,
      loadFonts: (keys) => {
        requestedFonts.push([...keys]);
        return fontMap(...keys);
      },
      metadata: { title: '北京人大 2026年第1期' },
    });
    expect(result.report.layout.articles).toBe(23);
    expect(result.pages).toBe(23);
    expect(requestedFonts).toEqual([[SANS_KEY, SERIF_KEY]]);
    const bytes = new Uint8Array(readFileSync(outPath));
    expect(bytes.length).toBe(result.bytes);
    const texts = await extractPageTexts(bytes);
    expect(texts[0]).toContain('乘势而上');
    expect(texts[0]).toContain('岁序更替，华章日新。');
    expect((await loadPdf(bytes)).getTitle()).toBe('北京人大 2026年第1期');
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.pdfMs);
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('reports an issue the library does not have', async () => {
    await expect(
      exportIssue(lib, { year: 2030, number: 5, outPath: join(dataDir, 'x.pdf'), layout: titlePages, loadFonts: (keys) => fontMap(...keys) }),
    ).rejects.toMatchObject({ code: 'not_found', details: { entity: 'issue', id: '2030-5' } });
    expect(existsSync(join(dataDir, 'x.pdf'))).toBe(false);
  });

  it('leaves an earlier PDF untouched when the export fails', async () => {
    const outPath = join(dataDir, 'issue.pdf');
    writeFileSync(outPath, 'earlier export');
    await expect(
      exportIssue(lib, { year: 2026, number: 1, outPath, layout: titlePages, loadFonts: () => fontMap(SERIF_KEY) }),
    ).rejects.toMatchObject({ code: 'font_missing', details: { font: SANS_KEY } });
    expect(readFileSync(outPath, 'utf8')).toBe('earlier export');
  });
});
