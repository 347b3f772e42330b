import { describe, expect, it } from 'vitest';
import { docFromBlocks, type ArticleDoc, type SerializedBlock, type SerializedText } from '../../src/shared/article-doc';
import { blockTexts, findMark, insertMark, markIdsIn, removeMark } from '../../src/shared/proof/anchor';
import { applyCorrection, CorrectionError, placeCorrection } from '../../src/shared/proof/apply';
import { diffBlocks, diffChars } from '../../src/shared/proof/diff';
import { per10k, qualityFigures } from '../../src/shared/proof/quality';

const text = (t: string, format = 0): SerializedText => ({ type: 'text', text: t, format, detail: 0, mode: 'normal', style: '', version: 1 });

/** 一段 with 「人民代表」 in bold in the middle. */
function formattedDoc(): ArticleDoc {
  const doc = docFromBlocks([
    { type: 'paragraph', text: '' },
    { type: 'paragraph', text: '第二段文字。' },
    { type: 'paragraph', text: '第三段。' },
  ]);
  (doc.root.children[0] as SerializedBlock).children = [text('我们的'), text('人民代表', 1), text('要为人民服务。')];
  return doc;
}

function formatsOf(doc: ArticleDoc, blockIndex: number): [string, number][] {
  const out: [string, number][] = [];
  const visit = (nodes: readonly unknown[]) => {
    for (const n of nodes as { type: string; text?: string; format?: number; children?: unknown[] }[]) {
      if (n.type === 'text') out.push([n.text!, n.format!]);
      if (n.children) visit(n.children);
    }
  };
  visit(doc.root.children[blockIndex]!.children);
  return out;
}

describe('anchoring corrections in the Lexical JSON', () => {
  it('wraps exactly the range in a mark, splitting text nodes and keeping their formats', () => {
    const doc = formattedDoc();
    const marked = insertMark(doc, { blockIndex: 0, start: 1, end: 5 }, 'qk-c1');
    expect(blockTexts(marked)).toEqual(blockTexts(doc));
    const children = marked.root.children[0]!.children as { type: string; ids?: string[]; children?: SerializedText[]; text?: string; format?: number }[];
    expect(children.map((c) => c.type)).toEqual(['text', 'mark', 'text', 'text']);
    expect(children[1]!.ids).toEqual(['qk-c1']);
    expect(children[1]!.children!.map((t) => [t.text, t.format])).toEqual([
      ['们的', 0],
      ['人民', 1],
    ]);
    expect(findMark(marked, 'qk-c1')).toEqual({ blockIndex: 0, start: 1, end: 5 });
    expect(doc.root.children[0]!.children).toHaveLength(3); // the input is not mutated
  });

  it('nests overlapping marks and gives an identical range several ids', () => {
    let doc = insertMark(formattedDoc(), { blockIndex: 0, start: 3, end: 7 }, 'qk-c1');
    doc = insertMark(doc, { blockIndex: 0, start: 5, end: 9 }, 'qk-c2');
    doc = insertMark(doc, { blockIndex: 0, start: 3, end: 7 }, 'qk-c3');
    expect(blockTexts(doc)[0]).toBe('我们的人民代表要为人民服务。');
    expect(findMark(doc, 'qk-c1')).toEqual({ blockIndex: 0, start: 3, end: 7 });
    expect(findMark(doc, 'qk-c2')).toEqual({ blockIndex: 0, start: 5, end: 9 });
    expect(findMark(doc, 'qk-c3')).toEqual({ blockIndex: 0, start: 3, end: 7 });
    const outer = doc.root.children[0]!.children.find((c) => c.type === 'mark') as { ids: string[] };
    expect(outer.ids).toEqual(['qk-c1', 'qk-c3']);
    const unmarked = removeMark(removeMark(removeMark(doc, 'qk-c2'), 'qk-c1'), 'qk-c3');
    expect(markIdsIn(unmarked).size).toBe(0);
    expect(formatsOf(unmarked, 0)).toEqual([
      ['我们的', 0],
      ['人民代表', 1],
      ['要为人民服务。', 0],
    ]);
  });

  it('refuses a range outside the block', () => {
    expect(() => insertMark(formattedDoc(), { blockIndex: 0, start: 10, end: 40 }, 'x')).toThrow(/not inside/);
    expect(() => insertMark(formattedDoc(), { blockIndex: 9, start: 0, end: 1 }, 'x')).toThrow(/no block/);
  });
});

describe('applying corrections', () => {
  const accept = (doc: ArticleDoc, p: Parameters<typeof placeCorrection>[1]) => {
    const placement = placeCorrection(doc, p);
    const marked = insertMark(doc, placement.range, 'm');
    return applyCorrection(marked, { markId: 'm', kind: p.kind, original: placement.original, proposed: placement.proposed, side: placement.side });
  };

  it('replace changes exactly the anchored text and keeps the first character’s format', () => {
    const out = accept(formattedDoc(), { kind: 'replace', blockIndex: 0, start: 3, end: 7, proposed: '人大代表' });
    expect(blockTexts(out)).toEqual(['我们的人大代表要为人民服务。', '第二段文字。', '第三段。']);
    expect(formatsOf(out, 0)).toEqual([
      ['我们的', 0],
      ['人大代表', 1],
      ['要为人民服务。', 0],
    ]);
    expect(markIdsIn(out).size).toBe(0);
    expect(out.root.children.slice(1)).toEqual(formattedDoc().root.children.slice(1));
  });

  it('delete, insert (after and at block start), transpose, query', () => {
    expect(blockTexts(accept(formattedDoc(), { kind: 'delete', blockIndex: 0, start: 2, end: 3, proposed: '' }))[0]).toBe('我们人民代表要为人民服务。');
    const inserted = accept(formattedDoc(), { kind: 'insert', blockIndex: 0, start: 7, end: 7, proposed: '们' });
    expect(blockTexts(inserted)[0]).toBe('我们的人民代表们要为人民服务。');
    expect(formatsOf(inserted, 0)[1]).toEqual(['人民代表们', 1]); // takes the character before
    expect(blockTexts(accept(formattedDoc(), { kind: 'insert', blockIndex: 1, start: 0, end: 0, proposed: '（' }))[1]).toBe('（第二段文字。');
    expect(blockTexts(accept(formattedDoc(), { kind: 'transpose', blockIndex: 1, start: 3, end: 5, proposed: '' }))[1]).toBe('第二段字文。');
    expect(blockTexts(accept(formattedDoc(), { kind: 'query', blockIndex: 1, start: 0, end: 2, proposed: '' }))).toEqual(blockTexts(formattedDoc()));
  });

  it('new paragraph splits at the position; join merges with the next or previous block', () => {
    const split = accept(formattedDoc(), { kind: 'new-paragraph', blockIndex: 0, start: 7, end: 7, proposed: '' });
    expect(blockTexts(split)).toEqual(['我们的人民代表', '要为人民服务。', '第二段文字。', '第三段。']);
    expect(formatsOf(split, 0)[1]).toEqual(['人民代表', 1]);
    const joinNext = accept(formattedDoc(), { kind: 'join-paragraphs', blockIndex: 1, start: 6, end: 6, proposed: '' });
    expect(blockTexts(joinNext)).toEqual(['我们的人民代表要为人民服务。', '第二段文字。第三段。']);
    const joinPrev = accept(formattedDoc(), { kind: 'join-paragraphs', blockIndex: 2, start: 0, end: 0, proposed: '' });
    expect(blockTexts(joinPrev)).toEqual(blockTexts(joinNext));
  });

  it('refuses malformed proposals and a changed anchored text', () => {
    const doc = formattedDoc();
    expect(() => placeCorrection(doc, { kind: 'transpose', blockIndex: 1, start: 0, end: 2, proposed: '第三' })).toThrow(CorrectionError);
    expect(() => placeCorrection(doc, { kind: 'insert', blockIndex: 1, start: 0, end: 2, proposed: 'x' })).toThrow(/position/);
    expect(() => placeCorrection(doc, { kind: 'join-paragraphs', blockIndex: 1, start: 2, end: 2, proposed: '' })).toThrow(/end of one/);
    const placement = placeCorrection(doc, { kind: 'replace', blockIndex: 1, start: 0, end: 2, proposed: '首' });
    const marked = insertMark(doc, placement.range, 'm');
    (marked.root.children[1]!.children[0] as { children: SerializedText[] }).children[0]!.text = '改过';
    expect(() => applyCorrection(marked, { markId: 'm', kind: 'replace', original: placement.original, proposed: '首', side: null })).toThrow(/now reads/);
  });
});

describe('differences between rounds', () => {
  it('diffs Chinese character by character', () => {
    expect(diffChars('全过程人民民主', '全过程的人民民主制度')).toEqual([
      { op: 'equal', text: '全过程' },
      { op: 'insert', text: '的' },
      { op: 'equal', text: '人民民主' },
      { op: 'insert', text: '制度' },
    ]);
    // 的 shared by chance between two rewrites folds into one change.
    expect(diffChars('甲的乙', '丙的丁')).toEqual([
      { op: 'delete', text: '甲的乙' },
      { op: 'insert', text: '丙的丁' },
    ]);
  });

  it('reports per current block with counts, deleted blocks included', () => {
    const d = diffBlocks(['岁序更替，华章日新。', '删去的一段', '人大代表'], ['岁序更替，华章日新！', '人民代表']);
    expect(d.blocks).toEqual([
      { blockIndex: 0, segments: [{ op: 'equal', text: '岁序更替，华章日新' }, { op: 'delete', text: '。' }, { op: 'insert', text: '！' }] },
      { blockIndex: 1, segments: [{ op: 'delete', text: '删去的一段\n' }, { op: 'equal', text: '人' }, { op: 'delete', text: '大' }, { op: 'insert', text: '民' }, { op: 'equal', text: '代表' }] },
    ]);
    expect(d.inserted).toBe(2);
    expect(d.deleted).toBe(7);
  });
});

describe('quality figures', () => {
  it('counts accepted non-query corrections per 10,000 characters', () => {
    // Hand computed: article 1 has 3 errors in 12,000 characters = 2.5; article 2 has 1 in 8,000 = 1.25;
    // the issue 4 in 20,000 = 2; round 一校 covered both (3 errors) = 1.5, 二校 only article 2 (1) = 1.25.
    const q = qualityFigures({
      issueId: 1,
      rounds: [
        { roundId: 10, name: '一校', articleIds: [1, 2] },
        { roundId: 11, name: '二校', articleIds: [2] },
      ],
      articles: [
        { articleId: 1, title: '甲', chars: 12_000 },
        { articleId: 2, title: '乙', chars: 8_000 },
      ],
      corrections: [
        { roundId: 10, articleId: 1, kind: 'replace', status: 'accepted' },
        { roundId: 10, articleId: 1, kind: 'delete', status: 'accepted' },
        { roundId: 10, articleId: 2, kind: 'query', status: 'accepted' },
        { roundId: 10, articleId: 2, kind: 'replace', status: 'rejected' },
        { roundId: 10, articleId: 1, kind: 'insert', status: 'open' },
        { roundId: 11, articleId: 2, kind: 'transpose', status: 'accepted' },
        { roundId: 10, articleId: 1, kind: 'new-paragraph', status: 'accepted' },
      ],
    });
    expect(q.thresholdPer10k).toBe(2);
    expect(q.articles.map((a) => [a.errors, a.per10k])).toEqual([
      [3, 2.5],
      [1, 1.25],
    ]);
    expect(q.rounds.map((r) => [r.errors, r.chars, r.per10k])).toEqual([
      [3, 20_000, 1.5],
      [1, 8_000, 1.25],
    ]);
    expect(q.issue).toEqual({ errors: 4, chars: 20_000, per10k: 2 });
    expect(per10k(1, 0)).toBe(0);
  });
});
