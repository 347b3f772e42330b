// Every box knows its limits (issue 10, item 2): the generated pages set their texts in bounded
// frames. What does not fit is not drawn past the frame and is reported with the page and the frame
// (report.oversetFrames, counted by oversetCount): a long 封三 report, a long board on the colophon
// (which first takes the whole column width and smaller type), too many cover lines, a contents
// entry taller than its column, captions taller than their room on 封二 and in an article. On the
// sample issue nothing is overset and nothing but bleed art is drawn outside the trim.
import { beforeAll, describe, expect, it } from 'vitest';
import { docFromBlocks, type DocBlock } from '../../src/shared/article-doc';
import type { DisplayPage, ImageFrame } from '../../src/engine/display-list';
import { gridFor, DEFAULT_PAGE } from '../../src/engine/flow/geometry';
import type { FontRegistry } from '../../src/engine/fonts/registry';
import { LayoutEngine, type LayoutArticle } from '../../src/engine/index';
import { BOARD_MEMBER_BLOCK, drawColophon } from '../../src/engine/issue/colophon';
import { PageCanvas } from '../../src/engine/issue/canvas';
import { DEFAULT_ISSUE_DESIGN } from '../../src/engine/issue/design';
import { IssueLayoutEngine } from '../../src/engine/issue/layout-issue';
import { extraFor } from '../../src/engine/issue/photo-page';
import { ParagraphCache } from '../../src/engine/paragraph/compose';
import type { IssueLayoutInput, IssueLayoutResult } from '../../src/engine/issue/types';
import { oversetCount } from '../../src/engine/report';
import { MM_TO_PT, sizeToPt } from '../../src/engine/styles/sizes';
import { sampleIssueInput } from './issue-support';

let input: IssueLayoutInput;
let fonts: FontRegistry;
let engine: IssueLayoutEngine;
let sample: IssueLayoutResult;

const design = DEFAULT_ISSUE_DESIGN;
const grid = gridFor(design.page);
const EPS = 0.5;

beforeAll(() => {
  ({ input, fonts } = sampleIssueInput());
  engine = new IssueLayoutEngine(fonts);
  sample = engine.layout(input);
});

const clone = (): IssueLayoutInput => structuredClone(input);
const pageOf = (r: IssueLayoutResult, kind: string): DisplayPage => r.document.pages.find((p) => p.kind === kind)!;
const oversetOn = (r: IssueLayoutResult, frame: string) => r.report.oversetFrames.filter((o) => o.frame === frame);

/** Ink of everything on a page that is not flagged as bleed art, as boxes. */
function drawnBoxes(page: DisplayPage): { what: string; x0: number; y0: number; x1: number; y1: number }[] {
  const out: { what: string; x0: number; y0: number; x1: number; y1: number }[] = [];
  for (const l of page.lines) out.push({ what: `line "${l.text}"`, x0: l.x, y0: l.y, x1: l.x + l.w, y1: l.y + l.h });
  for (const i of page.items) {
    if (i.kind === 'image' && !(i as ImageFrame & { bleed?: boolean }).bleed) out.push({ what: `image ${i.label ?? i.photoId}`, x0: i.x, y0: i.y, x1: i.x + i.w, y1: i.y + i.h });
    if (i.kind === 'rule') out.push({ what: 'rule', x0: Math.min(i.x1, i.x2), y0: Math.min(i.y1, i.y2), x1: Math.max(i.x1, i.x2), y1: Math.max(i.y1, i.y2) });
  }
  return out;
}

function expectInsideTrim(page: DisplayPage): void {
  const { trimW, trimH } = page.boxes;
  for (const b of drawnBoxes(page)) {
    const where = `page ${page.index} (${page.kind}): ${b.what} at ${b.x0.toFixed(1)},${b.y0.toFixed(1)}–${b.x1.toFixed(1)},${b.y1.toFixed(1)}`;
    expect(b.x0 >= -EPS && b.y0 >= -EPS && b.x1 <= trimW + EPS && b.y1 <= trimH + EPS, where).toBe(true);
  }
}

/** Lines of a page stay inside the type area. */
function expectInsideTypeArea(page: DisplayPage, owner: string): void {
  // Running heads (block -2) sit above the type area by design.
  for (const l of page.lines.filter((x) => x.source.owner === owner && x.source.blockIndex !== -2)) {
    expect(l.y + l.h, `"${l.text}" ends at ${(l.y + l.h).toFixed(1)}`).toBeLessThanOrEqual(grid.top + grid.blockHeight + EPS);
    expect(l.y).toBeGreaterThanOrEqual(grid.top - EPS);
  }
}

const REPORT = '市人大常委会召开会议，听取和审议市政府关于本市国民经济和社会发展计划执行情况的报告，围绕推动高质量发展、保障和改善民生提出意见建议，要求有关部门认真研究处理，及时反馈办理情况。';

function members(n: number): string[] {
  const surnames = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'];
  const given = [...'旭明华强伟芳军丽敏静磊洋勇艳杰娟涛超'];
  return Array.from({ length: n }, (_, k) => `${surnames[k % surnames.length]}${given[Math.floor(k / surnames.length) % given.length]}${k % 3 === 0 ? '' : given[(k * 7) % given.length]}`);
}

describe('the sample issue', () => {
  it('has nothing overset', () => {
    expect(sample.report.oversetFrames).toEqual([]);
    expect(oversetCount(sample.report)).toBe(0);
  });

  it('draws nothing outside the trim but bleed-intended art', () => {
    for (const page of sample.document.pages) expectInsideTrim(page);
    // The bleed art exists (cover and 封四 photos) and is flagged as such.
    const bleedArt = sample.document.pages.flatMap((p) => p.items.filter((i) => i.kind === 'image' && (i as ImageFrame & { bleed?: boolean }).bleed));
    expect(bleedArt.length).toBeGreaterThanOrEqual(2);
  });

  it('prints the board in the order the office entered and suggests the stroke order apart', () => {
    expect(sample.boardOrder).toEqual(input.colophon.editorialBoard.members);
    const colophon = pageOf(sample, 'colophon');
    const printed = colophon.lines.filter((l) => l.source.owner === 'colophon' && l.source.blockIndex >= BOARD_MEMBER_BLOCK).sort((a, b) => a.source.blockIndex - b.source.blockIndex);
    expect(printed.map((l) => l.text.replace(/\s+/gu, ''))).toEqual(input.colophon.editorialBoard.members);
    // The sample's board is not in cnchar's stroke order (邓 has fewer strokes than 艾): a suggestion, not a re-sort.
    expect(sample.strokeOrderSuggestion).not.toBeNull();
    expect([...sample.strokeOrderSuggestion!].sort()).toEqual([...input.colophon.editorialBoard.members].sort());
    expect(sample.strokeOrderSuggestion).not.toEqual(sample.boardOrder);
  });
});

describe('封三 with a long report', () => {
  let r: IssueLayoutResult;
  beforeAll(() => {
    const long = clone();
    const extra = extraFor(long.extras, 'inside-back-cover')!;
    expect(extra).not.toBeNull();
    const blocks: DocBlock[] = Array.from({ length: 60 }, (_, k) => ({ type: 'paragraph', text: `${k + 1}. ${REPORT}` }));
    extra.body = docFromBlocks(blocks);
    r = engine.layout(long);
  });

  it('fills both columns, draws nothing below the type area and reports the rest as overset', () => {
    const page = pageOf(r, 'inside-back-cover');
    expectInsideTrim(page);
    expectInsideTypeArea(page, 'inside-back-cover');
    const body = page.lines.filter((l) => l.source.owner === 'inside-back-cover' && l.source.blockIndex >= 100);
    expect(new Set(body.map((l) => Math.round(l.x))).size).toBe(2);
    const over = oversetOn(r, 'inside-back-cover:body');
    expect(over).toHaveLength(1);
    expect(over[0]!.page).toBe(page.index);
    expect(over[0]!.lines).toBeGreaterThan(100);
    expect(oversetCount(r.report)).toBeGreaterThanOrEqual(1);
  });

  it('keeps a paragraph together across the columns without a lone line', () => {
    const page = pageOf(r, 'inside-back-cover');
    const body = page.lines.filter((l) => l.source.owner === 'inside-back-cover' && l.source.blockIndex >= 100);
    const byBlock = new Map<string, number>();
    for (const l of body) byBlock.set(`${l.source.blockIndex}|${Math.round(l.x)}`, (byBlock.get(`${l.source.blockIndex}|${Math.round(l.x)}`) ?? 0) + 1);
    const split = [...byBlock.keys()].map((k) => k.split('|')[0]).filter((b, k, all) => all.indexOf(b) !== k);
    for (const b of split) {
      for (const [key, n] of byBlock) if (key.startsWith(`${b}|`)) expect(n, `paragraph ${b} part`).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('a long board on the colophon', () => {
  const colophonW = design.colophonColumnEm * grid.bodySize;
  const valueX = grid.left + design.colophonLabelEm * sizeToPt(design.text.colophonLabel.size) + sizeToPt(design.text.colophonLabel.size);
  const boardLines = (page: DisplayPage) => page.lines.filter((l) => l.source.owner === 'colophon' && l.source.blockIndex >= BOARD_MEMBER_BLOCK);
  const withBoard = (n: number): IssueLayoutResult => {
    const inp = clone();
    inp.colophon.editorialBoard.members = members(n);
    return engine.layout(inp);
  };

  it('takes the whole column width or smaller type for 120 members, and keeps every row', () => {
    const r = withBoard(120);
    const page = pageOf(r, 'colophon');
    expect(oversetOn(r, 'colophon:board')).toEqual([]);
    expect(oversetOn(r, 'colophon:column')).toEqual([]);
    const names = boardLines(page);
    expect(names).toHaveLength(120);
    expect(r.boardOrder).toEqual(members(120));
    const wide = names.some((l) => l.x < valueX - EPS);
    const sizes = new Set(page.items.flatMap((i) => (i.kind === 'glyphs' && names.some((l) => l.lineId === i.lineId) ? [i.sizePt] : [])));
    expect(wide || Math.min(...sizes) < sizeToPt(design.text.colophonValue.size)).toBe(true);
    for (const l of page.lines.filter((x) => x.source.owner === 'colophon' && x.source.blockIndex !== -2)) {
      expect(l.x).toBeGreaterThanOrEqual(grid.left - EPS);
      expect(l.x + l.w).toBeLessThanOrEqual(grid.left + colophonW + EPS);
    }
    expectInsideTypeArea(page, 'colophon');
    // The rows after the board are all there: the price is the last one.
    const text = page.lines.filter((x) => x.source.owner === 'colophon').map((x) => x.text).join('');
    expect(text.replace(/\s+/gu, '')).toContain(input.colophon.price.value.replace(/\s+/gu, ''));
  });

  it('follows the rule: value column, then the full width, then smaller type down to the floor', () => {
    const ctx = { fonts, cache: new ParagraphCache() };
    const boxes = { trimW: grid.trimW, trimH: grid.trimH, bleed: grid.bleed };
    const fit = (n: number) => {
      const canvas = new PageCanvas(ctx, boxes, 'colophon', 'colophon');
      return { ...drawColophon(canvas, { ...input.colophon, editorialBoard: { ...input.colophon.editorialBoard, members: members(n) } }, design, grid.left, grid.top, colophonW, grid.blockHeight).boardFit, canvas };
    };
    const base = sizeToPt(design.text.colophonValue.size);
    expect(fit(28)).toMatchObject({ mode: 'value-column', sizePt: base, overset: 0 });
    // Each step is taken only when the one before does not fit: value column, full width, smaller
    // type to the floor, then overset (and only at the floor).
    let last = fit(20);
    const seen = new Set<string>();
    for (let n = 30; n <= 300; n += 10) {
      const f = fit(n);
      seen.add(f.mode === 'value-column' ? 'value-column' : f.overset > 0 ? 'overset' : f.sizePt < base ? 'smaller' : 'full-width');
      if (last.mode === 'full-width') expect(f.mode, `${n} names`).toBe('full-width');
      expect(f.sizePt, `${n} names`).toBeLessThanOrEqual(last.sizePt);
      expect(f.sizePt, `${n} names`).toBeGreaterThanOrEqual(design.colophonBoardMinPt);
      if (f.overset > 0) expect(f.sizePt, `${n} names`).toBe(design.colophonBoardMinPt);
      expect(f.overset, `${n} names`).toBeGreaterThanOrEqual(last.overset);
      if (f.overset > 0) {
        expect(f.canvas.report.oversetFrames.map((o) => o.frame)).toEqual(['colophon:board']);
        expect(f.canvas.report.oversetFrames[0]!.lines).toBe(f.overset);
      } else expect(f.canvas.report.oversetFrames).toEqual([]);
      last = f;
    }
    expect([...seen].sort()).toEqual(['full-width', 'overset', 'smaller', 'value-column']);
    expect(fit(120)).toMatchObject({ mode: 'full-width', overset: 0 });
    expect(fit(300).overset).toBeGreaterThan(0);
  });

  it('reports the names that do not fit for 300 members and draws none past the column', () => {
    const r = withBoard(300);
    const page = pageOf(r, 'colophon');
    const over = oversetOn(r, 'colophon:board');
    expect(over).toHaveLength(1);
    expect(over[0]!.page).toBe(page.index);
    expect(boardLines(page).length + over[0]!.lines).toBe(300);
    expect(oversetCount(r.report)).toBeGreaterThanOrEqual(1);
    expectInsideTypeArea(page, 'colophon');
    const text = page.lines.filter((x) => x.source.owner === 'colophon').map((x) => x.text).join('');
    expect(text.replace(/\s+/gu, '')).toContain(input.colophon.price.value.replace(/\s+/gu, ''));
  });
});

describe('cover lines', () => {
  it('stay above the photo: lines that do not fit are overset and the photo keeps its place', () => {
    const inp = clone();
    inp.masthead.coverLines = [...inp.masthead.coverLines, '深入学习贯彻党的二十届四中全会精神', '坚持好完善好运行好人民代表大会制度'];
    const r = engine.layout(inp);
    const cover = pageOf(r, 'cover');
    const photo = cover.items.find((i): i is ImageFrame => i.kind === 'image')!;
    expect(photo.y).toBeCloseTo(design.cover.photoTopMm * MM_TO_PT, 6);
    expect(photo.y).toBeCloseTo(pageOf(sample, 'cover').items.find((i): i is ImageFrame => i.kind === 'image')!.y, 6);
    for (const l of cover.lines.filter((x) => x.source.owner === 'cover' && x.source.blockIndex >= 10 && x.source.blockIndex < 20)) expect(l.y + l.h).toBeLessThanOrEqual(photo.y);
    const over = oversetOn(r, 'cover:lines');
    expect(over).toHaveLength(1);
    expect(over[0]!.page).toBe(0);
    expect(over[0]!.lines).toBe(2);
    expectInsideTrim(cover);
  });

  it('a line too long for the measure wraps, and what wraps past the room is overset', () => {
    const inp = clone();
    inp.masthead.coverLines = [inp.masthead.coverLines[0]!, '市十六届人大常委会第二十一次、第二十二次会议召开，审议通过多项地方性法规和决定，听取审议专项工作报告，开展执法检查和专题询问'];
    const r = engine.layout(inp);
    expect(oversetOn(r, 'cover:lines')).toHaveLength(1);
  });
});

describe('contents', () => {
  it('an entry taller than a column is drawn as far as it fits and reported', () => {
    const inp = clone();
    const a = inp.sections.flatMap((s) => s.articles)[1]!;
    a.subtitle = REPORT.repeat(30);
    const r = engine.layout(inp);
    const over = oversetOn(r, 'contents:entries');
    expect(over).toHaveLength(1);
    expect(r.document.pages[over[0]!.page]!.kind).toBe('contents');
    for (const page of r.document.pages.filter((p) => p.kind === 'contents')) {
      expectInsideTrim(page);
      expectInsideTypeArea(page, 'toc');
    }
  });
});

describe('captions taller than their room', () => {
  it('on 封二: the photos give up height, then the caption is overset, never drawn past the type area', () => {
    const inp = clone();
    const photo = inp.photos.find((p) => p.placement === 'inside-front-cover')!;
    expect(photo).toBeDefined();
    photo.caption = REPORT.repeat(25);
    const r = engine.layout(inp);
    const page = pageOf(r, 'inside-front-cover');
    expectInsideTrim(page);
    expectInsideTypeArea(page, 'inside-front-cover');
    const over = oversetOn(r, 'inside-front-cover:caption');
    expect(over).toHaveLength(1);
    expect(over[0]!.page).toBe(page.index);
    for (const i of page.items) if (i.kind === 'image') expect(i.h).toBeGreaterThanOrEqual(0);
  });

  it('in an article: a caption taller than the column is split or reported, never drawn past the type area', () => {
    // The flow (src/engine/flow/flow.ts) places article figures; it may split a long caption across
    // columns (issue 10 item 2) or report it overset, but it must not draw it beyond the column.
    const caption = REPORT.repeat(30); // about 100 lines: more than a column holds
    const body: DocBlock[] = [{ type: 'paragraph', text: REPORT }, { type: 'caption', text: caption, credit: { kind: '摄影', name: '吕亚南' } }, { type: 'paragraph', text: REPORT }];
    const article: LayoutArticle = { id: 7, titleLines: ['长图注'], subtitle: null, byline: null, authorInfo: null, body: docFromBlocks(body), endMark: true };
    const { document, report } = new LayoutEngine(fonts).layout([article], { columns: 2 });
    const pageGrid = gridFor(DEFAULT_PAGE);
    const captionLines = document.pages.flatMap((p) => p.lines.filter((l) => l.source.owner === 7 && l.source.blockIndex === 1 && !l.source.part));
    // The flow's own limit: the box of its last grid line (it may end a little below blockHeight).
    const columnFoot = Math.max(pageGrid.top + pageGrid.blockHeight, pageGrid.top + pageGrid.lines * pageGrid.pitch);
    expect(captionLines.length + (report.oversetBlocks.length > 0 ? 1 : 0)).toBeGreaterThan(0);
    for (const l of captionLines) expect(l.y + l.h, `caption line "${l.text}"`).toBeLessThanOrEqual(columnFoot + EPS);
    const placed = [...captionLines].sort((a, b) => a.source.start - b.source.start).map((l) => l.text).join('').replace(/\s+/gu, '');
    const reported = report.oversetBlocks.some((o) => o.owner === 7 && o.blockIndex === 1);
    expect(placed === caption || reported, `caption placed ${placed.length}/${caption.length} chars, reported ${reported}`).toBe(true);
    if (reported) expect(oversetCount(report)).toBeGreaterThanOrEqual(1);
  });
});
