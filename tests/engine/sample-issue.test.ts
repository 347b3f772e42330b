// The whole sample issue laid out with the real Noto fonts and the default styles.
import { beforeAll, describe, expect, it } from 'vitest';
import { blocksFromDoc } from '../../src/shared/article-doc';
import { loadFontRegistry } from '../../src/node/fonts/default-fonts';
import { END_MARK } from '../../src/engine/flow/blocks';
import { LayoutEngine, type LayoutArticle, type LayoutResult } from '../../src/engine/index';
import { loadSampleArticles } from '../../bench/sample-issue';

const strip = (s: string): string => s.replace(/\s+/gu, '');

describe('sample issue 2026-01', () => {
  let articles: LayoutArticle[];
  let result: LayoutResult;
  let engine: LayoutEngine;
  beforeAll(() => {
    articles = loadSampleArticles();
    engine = new LayoutEngine(loadFontRegistry().registry);
    result = engine.layout(articles);
  });

  it('sets every character of every body block once and in order', () => {
    const lines = result.document.pages.flatMap((p) => p.lines);
    for (const a of articles) {
      const blocks = blocksFromDoc(a.body);
      const markAt = a.endMark ? blocks.map((b) => b.type === 'paragraph' || b.type === 'quote').lastIndexOf(true) : -1;
      blocks.forEach((b, index) => {
        const set = lines.filter((l) => l.source.owner === a.id && l.source.blockIndex === index && l.source.part === undefined);
        let expected = b.type === 'banner' ? `// ${b.text} //` : b.text;
        if (index === markAt) expected += END_MARK;
        if (strip(b.text) === '' && b.type === 'paragraph') return;
        expect(strip(set.map((l) => l.text).join('')), `article ${a.id} block ${index}`).toBe(strip(expected));
      });
      const title = lines.filter((l) => l.source.owner === a.id && l.source.part === 'title').map((l) => l.text).join('');
      expect(strip(title)).toBe(strip(a.titleLines.join('')));
    }
  });

  it('reports no prohibited breaks, no short last lines, nothing overset, no missing glyphs', () => {
    const r = result.report;
    expect(r.linesSet).toBeGreaterThan(3000);
    expect(r.prohibitedLineStarts).toEqual([]);
    expect(r.prohibitedLineEnds).toEqual([]);
    expect(r.singleCharacterLastLines).toEqual([]);
    expect(r.oversetBlocks).toEqual([]);
    expect(r.missingGlyphs).toEqual([]);
  });

  it('keeps every line inside the trim and body lines on the shared baseline grid', () => {
    for (const p of result.document.pages) {
      for (const l of p.lines) {
        expect(l.x).toBeGreaterThanOrEqual(0);
        expect(l.x + l.w).toBeLessThanOrEqual(p.boxes.trimW);
        expect(l.y + l.h).toBeLessThanOrEqual(p.boxes.trimH);
      }
      const sizeOf = new Map(p.items.flatMap((i) => (i.kind === 'glyphs' ? [[i.lineId, i.sizePt] as const] : [])));
      const body = p.lines.filter((l) => l.h === 15.5 && sizeOf.get(l.lineId) === 9);
      if (body.length === 0) continue;
      const baselines = new Set(body.map((l) => Math.abs(Math.round(((l.baseline - body[0]!.baseline) / 15.5) * 1000) % 1000)));
      expect([...baselines].every((b) => b === 0)).toBe(true);
    }
  });

  it('gives every glyph run a registered font and glyphs with source text', () => {
    expect(result.document.fonts.length).toBeGreaterThanOrEqual(2);
    for (const p of result.document.pages)
      for (const item of p.items) {
        if (item.kind !== 'glyphs') continue;
        expect(result.document.fonts).toContain(item.font);
        expect(item.glyphs.every((g) => g.gid > 0)).toBe(true);
      }
  });

  it('re-lays out only what changed after a one-character edit', () => {
    const target = articles[3]!;
    const blocks = blocksFromDoc(target.body);
    const k = blocks.findIndex((b) => b.type === 'paragraph' && b.text.length > 50);
    const before = engine.paragraphs.misses;
    const editedBody = structuredClone(target.body);
    const node = editedBody.root.children[k]!.children[0] as { text: string };
    node.text = '改' + node.text;
    const edited = articles.map((a) => (a === target ? { ...a, body: editedBody } : a));
    const again = engine.layout(edited);
    expect(engine.paragraphs.misses - before).toBe(1);
    const line = again.document.pages.flatMap((p) => p.lines).find((l) => l.source.owner === target.id && l.source.blockIndex === k)!;
    expect(line.text.startsWith('改')).toBe(true);
    // Every other article's pages are the ones flowed before (the same objects), the edited one's are new.
    const itemsOf = (r: LayoutResult, id: LayoutArticle['id']) =>
      r.document.pages.filter((p) => p.lines.some((l) => l.source.owner === id)).map((p) => p.items);
    for (const a of articles) {
      const was = itemsOf(result, a.id);
      const now = itemsOf(again, a.id);
      expect(now.length, `article ${a.id}`).toBe(was.length);
      now.forEach((items, i) => (a === target ? expect(items).not.toBe(was[i]) : expect(items, `article ${a.id}`).toBe(was[i])));
    }
  });
});
