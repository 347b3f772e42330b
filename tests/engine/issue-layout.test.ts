// The sample issue laid out whole: page kinds and numbering, contents numbers against the start
// pages (also after an article grows), credits next to captions, the board in the order entered,
// running heads, the cover's publication-form items.
import { beforeAll, describe, expect, it } from 'vitest';
import { IssueLayoutEngine, sortByStrokes, creditText } from '../../src/engine/issue/index';
import type { IssueLayoutInput, IssueLayoutResult } from '../../src/engine/issue/types';
import type { DisplayPage, LineBox } from '../../src/engine/display-list';
import { BOARD_MEMBER_BLOCK } from '../../src/engine/issue/colophon';
import { DEFAULT_ISSUE_DESIGN } from '../../src/engine/issue/design';
import { gridFor } from '../../src/engine/flow/geometry';
import { readingOrder, sampleIssueInput, strip } from './issue-support';

let input: IssueLayoutInput;
let engine: IssueLayoutEngine;
let result: IssueLayoutResult;

beforeAll(() => {
  const sample = sampleIssueInput();
  input = sample.input;
  engine = new IssueLayoutEngine(sample.fonts);
  result = engine.layout(input);
});

const articlesInOrder = (inp: IssueLayoutInput) => inp.sections.flatMap((s) => s.articles.map((a) => ({ article: a, section: s })));

/** The contents' printed number for each article, read from the contents pages' lines. */
function contentsNumbers(r: IssueLayoutResult): Map<number, string> {
  const out = new Map<number, string>();
  for (const page of r.document.pages.filter((p) => p.kind === 'contents'))
    for (const l of page.lines)
      if (l.source.owner === 'toc' && l.source.part === undefined && l.source.blockIndex >= 0 && /^\d{2,3}$/u.test(l.text)) out.set(l.source.blockIndex, l.text);
  return out;
}

function expectContentsMatchStarts(inp: IssueLayoutInput, r: IssueLayoutResult): void {
  const numbers = contentsNumbers(r);
  const order = articlesInOrder(inp);
  expect(numbers.size).toBe(order.length);
  order.forEach(({ article }, k) => {
    const start = r.starts.find((s) => s.articleId === article.id)!;
    expect(start, `start of article ${article.id}`).toBeDefined();
    expect(numbers.get(k), `contents number of article ${article.id}`).toBe(start.folio);
    const page = r.document.pages[start.pageIndex]!;
    expect(page.folio).toBe(start.folio);
    // The article's title is set on that page, and on no earlier page.
    expect(page.lines.some((l) => l.source.owner === article.id && l.source.part === 'title')).toBe(true);
    expect(r.document.pages.slice(0, start.pageIndex).some((p) => p.lines.some((l) => l.source.owner === article.id))).toBe(false);
  });
}

describe('whole issue: pages and numbering', () => {
  it('puts the page kinds in print order', () => {
    const kinds = result.document.pages.map((p) => p.kind);
    expect(kinds.slice(0, 5)).toEqual(['cover', 'inside-front-cover', 'colophon', 'contents', 'contents']);
    expect(kinds.slice(-2)).toEqual(['inside-back-cover', 'back-cover']);
    const middle = kinds.slice(5, -2);
    expect(middle[0]).toBe('opener');
    expect(new Set(middle)).toEqual(new Set(['opener', 'body']));
    expect(kinds.filter((k) => k === 'opener')).toHaveLength(articlesInOrder(input).length - 1);
    expect(result.document.pages.map((p) => p.index)).toEqual(kinds.map((_, i) => i));
  });

  it('numbers from 01 on the 卷首语 page, leaves the covers unnumbered and labels them 封一…封四', () => {
    const pages = result.document.pages;
    expect(pages[0]!.folio).toBeNull();
    expect(pages[1]!.folio).toBeNull();
    expect(pages.at(-1)!.folio).toBeNull();
    expect(pages.at(-2)!.folio).toBeNull();
    const numbered = pages.slice(2, -2);
    expect(numbered.map((p) => p.folio)).toEqual(numbered.map((_, k) => String(k + 1).padStart(2, '0')));
    expect(result.pageLabels).toEqual(pages.map((p, i) => p.folio ?? ['封一', '封二', '封三', '封四'][i < 2 ? i : i - pages.length + 4]));
    // 卷首语 on page 01 beside the colophon, the contents on 02–03 and the first article on 04, as printed.
    const first = input.sections[0]!.articles[0]!;
    expect(result.starts.find((s) => s.articleId === first.id)!.folio).toBe('01');
    expect(pages[2]!.lines.some((l) => l.source.owner === 'colophon')).toBe(true);
    expect(pages[3]!.folio).toBe('02');
    expect(result.starts.find((s) => s.articleId === input.sections[1]!.articles[0]!.id)!.folio).toBe('04');
    expect(pages.length % 4).toBe(0);
  });

  it('reports no prohibited breaks, nothing overset and no missing glyphs', () => {
    expect(result.report.prohibitedLineStarts).toEqual([]);
    expect(result.report.prohibitedLineEnds).toEqual([]);
    expect(result.report.oversetBlocks).toEqual([]);
    expect(result.report.missingGlyphs).toEqual([]);
    expect(result.report.pages).toBe(result.document.pages.length);
  });

  it('keeps every line inside the trim', () => {
    for (const p of result.document.pages)
      for (const l of p.lines) {
        expect(l.x, `${p.kind} ${l.text}`).toBeGreaterThanOrEqual(0);
        expect(l.x + l.w, `${p.kind} ${l.text}`).toBeLessThanOrEqual(p.boxes.trimW + 0.01);
        expect(l.y + l.h, `${p.kind} ${l.text}`).toBeLessThanOrEqual(p.boxes.trimH + 0.01);
      }
  });

  it('gives bookmarks per 栏目 with their articles and one frame per photo', () => {
    expect(result.bookmarks.map((b) => b.title)).toEqual(input.sections.map((s) => s.name));
    expect(result.bookmarks.flatMap((b) => b.children)).toHaveLength(articlesInOrder(input).length);
    const framed = new Set(result.photoFrames.map((f) => f.photoId));
    expect([...framed].sort((a, b) => a - b)).toEqual(input.photos.map((p) => p.id).sort((a, b) => a - b));
  });
});

describe('whole issue: contents', () => {
  it('prints for every article the page it starts on', () => {
    expectContentsMatchStarts(input, result);
  });

  it('groups entries by 栏目 in a distinct face and prints the cover photo credit', () => {
    const contents = result.document.pages.filter((p) => p.kind === 'contents');
    const lines = contents.flatMap((p) => p.lines);
    const sectionLines = lines.filter((l) => l.source.owner === 'toc' && l.source.part === 'sectionLabel');
    expect(sectionLines.map((l) => l.text)).toEqual(input.sections.map((s) => s.name));
    const fontOf = (page: DisplayPage, l: LineBox) => page.items.find((i) => i.kind === 'glyphs' && i.lineId === l.lineId);
    const sectionRun = fontOf(contents[0]!, sectionLines[0]!);
    const titleLine = contents[0]!.lines.find((l) => l.source.part === 'title' && l.source.owner === 'toc')!;
    const titleRun = fontOf(contents[0]!, titleLine);
    expect(sectionRun && titleRun && sectionRun.kind === 'glyphs' && titleRun.kind === 'glyphs' && sectionRun.font !== titleRun.font).toBe(true);
    expect(lines.some((l) => l.text === '封面摄影：和国彬')).toBe(true);
    expect(lines.some((l) => l.text === '目录')).toBe(true);
    expect(lines.some((l) => l.text === '2026年第1期')).toBe(true);
  });

  it('follows the layout when an article grows by a page', () => {
    const grown = structuredClone(input);
    const target = grown.sections[2]!.articles[1]!;
    const paragraph = target.body.root.children.find((n) => n.type === 'paragraph')!;
    for (let k = 0; k < 60; k++) target.body.root.children.splice(1, 0, structuredClone(paragraph));
    const after = engine.layout(grown);
    const before = (id: number) => Number(result.starts.find((s) => s.articleId === id)!.folio);
    const now = (id: number) => Number(after.starts.find((s) => s.articleId === id)!.folio);
    const next = grown.sections[2]!.articles[2]!;
    expect(now(next.id) - before(next.id)).toBeGreaterThanOrEqual(1);
    expect(now(target.id)).toBe(before(target.id));
    expectContentsMatchStarts(grown, after);
    expect(after.document.pages.length % 4).toBe(0);
  });

  it('takes more contents pages when the entries need them and numbers the articles after them', () => {
    const many = structuredClone(input);
    const section = many.sections[many.sections.length - 1]!;
    const model = section.articles[0]!;
    for (let k = 0; k < 40; k++) section.articles.push({ ...structuredClone(model), id: 10_000 + k, titleLines: [`增补文章第${k + 1}篇：关于某项工作的调研报告与若干建议`] });
    const r = engine.layout(many);
    const contentsPages = r.document.pages.filter((p) => p.kind === 'contents');
    expect(contentsPages.length).toBeGreaterThan(2);
    expectContentsMatchStarts(many, r);
  });
});

describe('whole issue: photos and credits', () => {
  it('prints every caption with its credit right under it (or the page credit on a 本版 page)', () => {
    // The cover photo's credit goes on the contents page (封面摄影：…), its frame on the cover.
    const coverPhoto = input.photos.find((p) => p.placement === 'cover')!;
    expect(result.document.pages[0]!.items.some((i) => i.kind === 'image' && i.photoId === coverPhoto.id)).toBe(true);
    expect(result.document.pages.filter((p) => p.kind === 'contents').some((p) => p.lines.some((l) => l.text === creditText(coverPhoto.credit!)))).toBe(true);
    for (const photo of input.photos) {
      if (!photo.credit || photo === coverPhoto) continue;
      const credit = strip(creditText(photo.credit));
      const page = result.document.pages.find((p) => p.items.some((i) => i.kind === 'image' && i.photoId === photo.id));
      expect(page, `page of photo ${photo.id} (${photo.caption.slice(0, 12)})`).toBeDefined();
      const frame = page!.items.find((i) => i.kind === 'image' && i.photoId === photo.id);
      expect(page!.lines.some((l) => strip(l.text) === credit), `credit of photo ${photo.id} on its page`).toBe(true);
      if (photo.caption.trim() !== '') expect(page!.lines.some((l) => l.text !== '' && strip(photo.caption).startsWith(strip(l.text))), `caption of photo ${photo.id}`).toBe(true);
      if (photo.credit.scope) continue;
      const creditLines = page!.lines.filter((l) => strip(l.text) === credit);
      const attached = creditLines.some((c) => {
        const above = page!.lines.filter((l) => l !== c && l.y + l.h <= c.y + 0.5 && Math.abs(l.x - c.x) < 1);
        const nearest = above.sort((a, b) => b.y + b.h - (a.y + a.h))[0];
        if (photo.caption.trim() === '') return frame && frame.kind === 'image' && c.y - (frame.y + frame.h) < 12 && c.y >= frame.y + frame.h;
        return !!nearest && c.y - (nearest.y + nearest.h) < 16 && strip(photo.caption).endsWith(strip(nearest.text));
      });
      expect(attached, `credit of photo ${photo.id} under its caption`).toBe(true);
    }
  });

  it('marks frames without files as placeholders', () => {
    const frames = result.document.pages.flatMap((p) => p.items.filter((i) => i.kind === 'image'));
    expect(frames.length).toBe(input.photos.length);
    expect(frames.every((f) => f.kind === 'image' && f.placeholder)).toBe(true);
  });
});

describe('whole issue: colophon', () => {
  it('prints the board in the order the office entered with the note, and the organisation rows', () => {
    const page = result.document.pages[2]!;
    const names = readingOrder(page.lines.filter((l) => l.source.owner === 'colophon' && l.source.blockIndex >= BOARD_MEMBER_BLOCK)).map((l) => strip(l.text));
    // Never re-sorted silently: 姓名笔画 order is a suggestion beside the result.
    expect(names).toEqual(input.colophon.editorialBoard.members);
    expect(result.boardOrder).toEqual(names);
    expect(result.strokeOrderSuggestion).toEqual(sortByStrokes(input.colophon.editorialBoard.members));
    // A publication that asks for stroke order in its design gets it printed, and no suggestion.
    const strokes = engine.layout(input, { design: { boardOrder: 'strokes' } });
    const sorted = readingOrder(strokes.document.pages[2]!.lines.filter((l) => l.source.owner === 'colophon' && l.source.blockIndex >= BOARD_MEMBER_BLOCK)).map((l) => strip(l.text));
    expect(sorted).toEqual(sortByStrokes(input.colophon.editorialBoard.members));
    expect(strokes.strokeOrderSuggestion).toBeNull();
    const colophon = readingOrder(page.lines.filter((l) => l.source.owner === 'colophon'));
    const text = colophon.map((l) => strip(l.text));
    const all = text.join('');
    expect(text).toContain('（按姓名笔画排列）');
    for (const row of [...input.colophon.organisation, ...input.colophon.contacts, ...input.colophon.production]) {
      expect(text).toContain(strip(row.label));
      expect(all).toContain(strip(row.value));
    }
    expect(text).toContain(strip(input.colophon.price.value));
  });

  it('sets the labels in distributed spacing across the label box', () => {
    const page = result.document.pages[2]!;
    const line = page.lines.find((l) => l.source.owner === 'colophon' && l.text.replace(/\s/gu, '') === '编辑出版')!;
    const run = page.items.find((i) => i.kind === 'glyphs' && i.lineId === line.lineId);
    expect(run && run.kind === 'glyphs').toBe(true);
    if (run?.kind !== 'glyphs') return;
    const size = run.sizePt;
    const box = DEFAULT_ISSUE_DESIGN.colophonLabelEm * size;
    const xs = run.glyphs.map((g) => g.dx / size);
    // n glyphs in L em: gap (L − n)/(n − 1) — 4 in 6 em: x = 0, 5/3, 10/3, 5.
    expect(xs.map((x) => Math.round(x * 1000) / 1000)).toEqual([0, 1.667, 3.333, 5]);
    expect(run.glyphs.at(-1)!.dx + size).toBeCloseTo(box, 3);
  });
});

describe('whole issue: running heads and cover', () => {
  it('carries the 栏目 of the page in the head and the folio on the outer side', () => {
    const grid = gridFor(DEFAULT_ISSUE_DESIGN.page);
    const sectionOf = new Map(input.sections.flatMap((s) => s.articles.map((a) => [a.id, s.name] as const)));
    const body = result.document.pages.filter((p) => p.kind === 'body' && p.lines.some((l) => typeof l.source.owner === 'number'));
    expect(body.length).toBeGreaterThan(20);
    for (const page of body) {
      const owner = page.lines.find((l) => typeof l.source.owner === 'number')!.source.owner as number;
      const head = page.lines.find((l) => l.source.part === 'sectionLabel' && typeof l.source.owner === 'string');
      expect(head?.text, `head of page ${page.folio}`).toBe(sectionOf.get(owner));
      const folio = page.lines.find((l) => l.text === page.folio && l.source.blockIndex === -2)!;
      const recto = page.index % 2 === 0;
      if (recto) expect(folio.x + folio.w).toBeCloseTo(grid.left + grid.width, 3);
      else expect(folio.x).toBeCloseTo(grid.left, 3);
      expect(page.lines.some((l) => l.text === '北京人大　2026年第1期')).toBe(true);
    }
  });

  it('prints title, English title, pinyin, year/month/issue, 总第313期, CN and the cover lines, the title largest', () => {
    const cover = result.document.pages[0]!;
    const texts = cover.lines.map((l) => l.text);
    for (const t of ['北京人大', "THE PEOPLE'S CONGRESS OF BEIJING", 'BEIJING RENDA', '2026年1月', '第1期', '总第313期', 'CN 11-4553/D', ...input.masthead.coverLines]) expect(texts).toContain(t);
    const sizeOf = (text: string) => {
      const line = cover.lines.find((l) => l.text === text)!;
      const run = cover.items.find((i) => i.kind === 'glyphs' && i.lineId === line.lineId);
      return run?.kind === 'glyphs' ? run.sizePt : 0;
    };
    const runs = cover.items.filter((i) => i.kind === 'glyphs');
    const largest = Math.max(...runs.map((r) => (r.kind === 'glyphs' ? r.sizePt : 0)));
    expect(sizeOf('北京人大')).toBe(largest);
    expect(sizeOf("THE PEOPLE'S CONGRESS OF BEIJING")).toBeLessThan(largest / 3);
    expect(cover.items.some((i) => i.kind === 'image' && i.placeholder)).toBe(true);
  });

  it('sets 封二, 封三 and 封四 from the extras', () => {
    const [ifc, ibc, back] = [result.document.pages[1]!, result.document.pages.at(-2)!, result.document.pages.at(-1)!];
    expect(strip(ifc.lines.filter((l) => l.source.part === 'title').map((l) => l.text).join(''))).toBe('市十六届人大常委会第二十一次会议召开');
    expect(ifc.lines.some((l) => l.text === '本版摄影/吕亚南')).toBe(true);
    expect(strip(ibc.lines.filter((l) => l.source.part === 'title').map((l) => l.text).join(''))).toBe('市十六届人大常委会第二十二次会议召开');
    expect(ibc.lines.some((l) => l.text.startsWith('1月19日上午'))).toBe(true);
    expect(back.lines.map((l) => l.text)).toEqual(expect.arrayContaining(['摄影作品欣赏', '运河月明', '摄影 / 和国彬']));
  });

  it('re-lays out an unchanged issue from the caches with the same result', () => {
    const again = engine.layout(input);
    expect(again.starts).toEqual(result.starts);
    expect(again.document.pages.length).toBe(result.document.pages.length);
    expect(again.document.pages[10]!.lines).toEqual(result.document.pages[10]!.lines);
  });
});
