import { describe, expect, it } from 'vitest';
import type { Box, DisplayItem, DisplayPage, GlyphRun, LineBox, Rule } from '../../src/engine/display-list';
import { createSyntheticFace } from '../../src/engine/fonts/synthetic-face';
import { locateRange } from '../../src/engine/locate-range';
import { transposeParts } from '../../src/pdf/proof/marks';
import { correctionsForProof, proofSheet, stackNotes, watermarkText, type ProofSheetInput } from '../../src/pdf/proof/proof-sheet';
import type { Correction, CorrectionKind, ProofRound } from '../../src/shared/proof';

const SIZE = 10;
const BLOCK0 = '北京市人大常委会召开第十次会议审议有关报告并作出决定'; // 26 characters
const BLOCK1 = '代表们认为报告实事求是重点突出';
const BLOCK2 = '会议还审议了其他事项';
const face = createSyntheticFace('Test-Regular');

/** A two-column page: block 0 of article 7 over three lines of the left column, block 1 in the right. */
function samplePage(): DisplayPage {
  const lines: LineBox[] = [];
  const items: DisplayItem[] = [];
  const addLine = (id: string, x: number, y: number, blockIndex: number, text: string, start: number) => {
    const baseline = y + SIZE * 0.88;
    lines.push({ lineId: id, x, y, w: 120, h: 15, baseline, source: { owner: 7, blockIndex, start, end: start + text.length }, text });
    const run: GlyphRun = {
      kind: 'glyphs',
      font: 'Body',
      sizePt: SIZE,
      color: { space: 'cmyk', c: 0, m: 0, y: 0, k: 1 },
      x,
      y: baseline,
      lineId: id,
      glyphs: [...text].map((ch, i) => ({ gid: ch.codePointAt(0)!, dx: i * SIZE, advance: 1000, text: ch })),
    };
    items.push(run);
  };
  addLine('a', 60, 100, 0, BLOCK0.slice(0, 12), 0);
  addLine('b', 60, 115, 0, BLOCK0.slice(12, 24), 12);
  addLine('c', 60, 130, 0, BLOCK0.slice(24), 24);
  addLine('d', 320, 100, 1, BLOCK1.slice(0, 12), 0);
  addLine('e', 320, 115, 1, BLOCK1.slice(12), 12);
  addLine('f', 320, 130, 2, BLOCK2, 0);
  return { index: 0, folio: '05', kind: 'body', boxes: { trimW: 500, trimH: 700, bleed: 8.5 }, items, lines };
}

const person = { accountId: 3, name: '李校对', role: '校对' as const };
let nextId = 1;
function correction(kind: CorrectionKind, blockIndex: number, start: number, end: number, extra: Partial<Correction> = {}): Correction {
  const text = [BLOCK0, BLOCK1, BLOCK2][blockIndex]!;
  return {
    id: nextId++,
    issueId: 1,
    articleId: 7,
    roundId: 11,
    markId: `qk-c${nextId}`,
    kind,
    original: text.slice(start, end),
    proposed: '',
    note: '',
    author: person,
    createdAt: '2026-01-20T08:00:00Z',
    status: 'open',
    resolvedBy: null,
    resolvedAt: null,
    rejectReason: null,
    replies: [],
    orphaned: false,
    anchor: { blockIndex, start, end },
    verification: null,
    ...extra,
  };
}

function input(corrections: Correction[], pages = [samplePage()]): ProofSheetInput {
  return {
    pages,
    fonts: ['Body'],
    pageLabels: ['05'],
    corrections,
    roundName: '一校',
    issueTitle: '北京人大 2026年第1期',
    date: '2026-01-27',
    font: { key: 'Test-Regular', face },
    articleTitles: new Map([[7, '审议报告']]),
  };
}

const textOf = (run: GlyphRun) => run.glyphs.map((g) => g.text).join('');
const runs = (items: readonly DisplayItem[]) => items.filter((i): i is GlyphRun => i.kind === 'glyphs');

describe('locating an anchor on the page', () => {
  it('maps character offsets to x through the glyph runs, across lines', () => {
    const spans = locateRange([samplePage()], 7, 0, 10, 14);
    expect(spans.map((s) => [s.line.lineId, s.x1, s.x2])).toEqual([
      ['a', 60 + 10 * SIZE, 60 + 12 * SIZE],
      ['b', 60, 60 + 2 * SIZE],
    ]);
    // A place between characters, and the end of the block.
    expect(locateRange([samplePage()], 7, 0, 12, 12).map((s) => [s.line.lineId, s.x1])).toEqual([['b', 60]]);
    expect(locateRange([samplePage()], 7, 0, 26, 26).map((s) => [s.line.lineId, s.x1])).toEqual([['c', 60 + 2 * SIZE]]);
    expect(locateRange([samplePage()], 8, 0, 0, 2)).toEqual([]);
  });

  it('finds the two parts of a transposition from the proposed text', () => {
    expect(transposeParts('的地', '地的')).toEqual({ first: [0, 1], second: [1, 2] });
    expect(transposeParts('报告审议', '审议报告')).toEqual({ first: [0, 2], second: [2, 4] });
    expect(transposeParts('甲和乙', '乙和甲')).toEqual({ first: [0, 1], second: [2, 3] });
  });
});

describe('the proof sheet', () => {
  it('marks each correction at its line, with its margin note beside the column, watermark and footer on the page', () => {
    const replace = correction('replace', 0, 2, 4, { proposed: '政协' });
    const del = correction('delete', 0, 14, 16);
    const insert = correction('insert', 1, 3, 4, { proposed: '一致' });
    const query = correction('query', 1, 5, 7, { note: '请核对原文' });
    const pages = [samplePage()];
    const before = JSON.stringify(pages);
    const sheet = proofSheet(input([replace, del, insert, query], pages));
    expect(JSON.stringify(pages)).toBe(before);
    expect(sheet.unplaced).toEqual([]);
    expect(sheet.document.fonts).toEqual(['Body', 'Test-Regular']);
    const page = sheet.document.pages[0]!;

    // Watermark first (behind the text), footer last.
    expect(textOf(page.items[0] as GlyphRun)).toBe('一校样');
    expect((page.items[0] as GlyphRun).sizePt).toBeGreaterThan(60);
    expect(textOf(page.items[page.items.length - 1] as GlyphRun)).toBe('北京人大 2026年第1期 · 一校样 · 2026-01-27 · 第05页');

    const placed = new Map(sheet.placed.map((p) => [p.correctionId, p]));
    // 改: a box around 人大 on line a, the note 政协 in the left margin.
    const r = placed.get(replace.id)!;
    const box = r.items.find((i): i is Box => i.kind === 'box')!;
    expect(box.x).toBeCloseTo(60 + 2 * SIZE - 1);
    expect(box.x + box.w).toBeCloseTo(60 + 4 * SIZE + 1);
    expect(box.y).toBeGreaterThanOrEqual(100 - 2);
    expect(box.y + box.h).toBeLessThanOrEqual(115);
    const note = runs(r.items).find((g) => textOf(g) === '政协')!;
    expect(note.x + 2 * 7).toBeLessThanOrEqual(60);
    expect(Math.abs(note.y - 100)).toBeLessThan(15);
    expect(r.note.side).toBe('left');
    // 删: boxed and struck through on line b, a leader ending in the loop, no text.
    const d = placed.get(del.id)!;
    const strike = d.items.find((i): i is Rule => i.kind === 'rule' && i.y1 === i.y2 && i.x1 <= 60 + 2 * SIZE && i.x2 >= 60 + 4 * SIZE)!;
    expect(strike.y1).toBeGreaterThan(115);
    expect(strike.y1).toBeLessThan(130);
    expect(runs(d.items)).toEqual([]);
    // 增: caret whose point is between 认为 and 报告 on line d (right column → right margin), text ringed.
    const ins = placed.get(insert.id)!;
    expect(ins.note.side).toBe('right');
    const caretPoint = ins.items.filter((i): i is Rule => i.kind === 'rule').map((rule) => [rule.x2, rule.y2]).find(([x]) => x === 320 + 4 * SIZE);
    expect(caretPoint).toBeDefined();
    expect(runs(ins.items).map(textOf)).toEqual(['一致']);
    expect(runs(ins.items)[0]!.x).toBeGreaterThanOrEqual(320 + 120);
    // 疑问: ？ and the note.
    expect(runs(placed.get(query.id)!.items).map(textOf).join('')).toBe('？请核对原文');

    // Every mark item is on the page.
    for (const p of sheet.placed) for (const item of p.items) expect(page.items).toContain(item);
  });

  it('stacks notes in anchor order without overlaps, so leaders on one side do not cross', () => {
    const many = Array.from({ length: 6 }, (_, i) => correction('replace', 0, i, i + 1, { proposed: `第${i}处改为较长的文字` }));
    const sheet = proofSheet(input(many));
    const notes = sheet.placed.map((p) => p.note).sort((a, b) => a.y - b.y);
    for (let i = 1; i < notes.length; i++) expect(notes[i]!.y).toBeGreaterThanOrEqual(notes[i - 1]!.y + notes[i - 1]!.h);
    // Anchors left to right on one line: the notes keep that order top to bottom.
    const byId = sheet.placed.slice().sort((a, b) => a.note.y - b.note.y).map((p) => p.correctionId);
    expect(byId).toEqual(many.map((c) => c.id));
    expect(stackNotes([100, 100, 690], [10, 10, 10], 5, 700)).toEqual([100, 113, 690]);
    expect(stackNotes([100, 100], [10, 10], 5, 105)).toEqual([82, 95]);
  });

  it('draws 对调, 另起段 and 接排 at their places', () => {
    const swap = correction('transpose', 0, 8, 12, { proposed: BLOCK0.slice(10, 12) + BLOCK0.slice(8, 10) });
    const newParagraph = correction('new-paragraph', 0, 5, 6);
    const join = correction('join-paragraphs', 0, 25, 26);
    const sheet = proofSheet(input([swap, newParagraph, join]));
    const placed = new Map(sheet.placed.map((p) => [p.correctionId, p]));
    const rules = (id: number) => placed.get(id)!.items.filter((i): i is Rule => i.kind === 'rule');
    // ∽ over 召开 and under 第十: the split stroke goes from the top at x of 开's end to the bottom.
    const split = rules(swap.id).find((r) => r.x1 === 60 + 10 * SIZE && r.x2 === 60 + 10 * SIZE && r.y2 > r.y1);
    expect(split).toBeDefined();
    // ⌐ at the place after 委 (offset 6).
    expect(rules(newParagraph.id).some((r) => r.x1 === 60 + 6 * SIZE && r.x2 === 60 + 6 * SIZE)).toBe(true);
    // 接排: from the end of block 0 (line c, left column) to the start of block 1 (line d, right column).
    const joinRules = rules(join.id);
    expect(joinRules[0]!.x1).toBe(60 + 2 * SIZE);
    expect(joinRules.some((r) => r.x2 === 320 && r.y1 === r.y2)).toBe(true);
  });

  it('draws 接排 back along the gap between the lines, not through the text', () => {
    const join = correction('join-paragraphs', 1, BLOCK1.length - 1, BLOCK1.length);
    const sheet = proofSheet(input([join]));
    const marks = sheet.placed[0]!.items.filter((i): i is Rule => i.kind === 'rule');
    const lineE = { bottom: 115 + SIZE * 0.88 + SIZE * 0.12 };
    const lineF = { top: 130 };
    const back = marks.find((r) => r.y1 === r.y2 && r.x2 < r.x1 && r.x1 > 320 + 2 * SIZE)!;
    expect(back).toBeDefined();
    expect(back.y1).toBeGreaterThan(lineE.bottom);
    expect(back.y1).toBeLessThan(lineF.top);
    expect(marks.some((r) => r.x2 === 320 && r.y1 === r.y2 && r.y1 > lineF.top)).toBe(true);
  });

  it('lists orphaned corrections and those not on the pages on a final page', () => {
    const orphan = correction('replace', 0, 0, 2, { orphaned: true, anchor: null, proposed: '天津' });
    const elsewhere = { ...correction('delete', 0, 0, 2), articleId: 99 };
    const sheet = proofSheet(input([orphan, elsewhere]));
    expect(sheet.unplaced.map((u) => [u.correction.id, u.reason])).toEqual([
      [orphan.id, 'orphaned'],
      [elsewhere.id, 'not-laid-out'],
    ]);
    expect(sheet.document.pages).toHaveLength(2);
    expect(sheet.pageLabels).toEqual(['05', '附1']);
    const list = runs(sheet.document.pages[1]!.items).map(textOf).join('\n');
    expect(list).toContain('未定位的校改（2）');
    expect(list).toContain('天津');
    expect(list).toContain('《审议报告》');
    expect(list).toContain('一校样');
  });

  it('takes the open corrections of the round and the rounds before it', () => {
    const rounds = [
      { id: 11, position: 1, name: '一校' },
      { id: 12, position: 2, name: '二校' },
      { id: 13, position: 3, name: '三校' },
    ] as ProofRound[];
    const fromFirst = correction('replace', 0, 0, 1, { roundId: 11 });
    const fromSecond = correction('replace', 0, 1, 2, { roundId: 12 });
    const fromThird = correction('replace', 0, 2, 3, { roundId: 13 });
    const accepted = correction('replace', 0, 3, 4, { roundId: 12, status: 'accepted' });
    const rejected = correction('replace', 0, 4, 5, { roundId: 11, status: 'rejected' });
    const all = [fromFirst, fromSecond, fromThird, accepted, rejected];
    expect(correctionsForProof(all, rounds, 12).map((c) => c.id)).toEqual([fromFirst.id, fromSecond.id]);
    expect(correctionsForProof(all, rounds, 99)).toEqual([]);
    expect(watermarkText('通读')).toBe('通读样');
    expect(watermarkText('一校样')).toBe('一校样');
  });
});
