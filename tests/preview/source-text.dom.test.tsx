// @vitest-environment jsdom
// Line sources ↔ editor selection: offsets count line breaks as one character and see through marks
// and list items, as the engine's plain text (src/shared/article-doc.ts) does.
import { $createListItemNode, $createListNode, ListItemNode, ListNode } from '@lexical/list';
import { $createMarkNode, MarkNode } from '@lexical/mark';
import { $createHeadingNode, HeadingNode, QuoteNode } from '@lexical/rich-text';
import {
  $createLineBreakNode,
  $createParagraphNode,
  $createTextNode,
  $getRoot,
  $getSelection,
  $isRangeSelection,
  createEditor,
  type LexicalEditor,
} from 'lexical';
import { afterEach, describe, expect, it } from 'vitest';
import { blocksFromDoc, type ArticleDoc } from '../../src/shared/article-doc';
import type { LineBox } from '../../src/shared/display-list';
import { GlyphOutlineStore } from '../../src/renderer/preview/glyph-outlines';
import { lineAtCaret } from '../../src/renderer/preview/PagePreview';
import { selectLineSource } from '../../src/renderer/preview/select-line';
import { $caretPlace, selectBlockRange } from '../../src/renderer/preview/source-text';

let editor: LexicalEditor;
let root: HTMLElement;

afterEach(() => {
  editor?.setRootElement(null);
  root?.remove();
  document.body.innerHTML = '';
});

/** Block 0: heading "标题"; block 1: "一二" + line break + "三" + mark("四五") + "六"; block 2: list "甲乙" / "丙". */
function setUp(): LexicalEditor {
  editor = createEditor({
    namespace: 'preview-test',
    nodes: [HeadingNode, QuoteNode, MarkNode, ListNode, ListItemNode],
    onError: (e) => {
      throw e;
    },
  });
  root = document.createElement('div');
  root.contentEditable = 'true';
  document.body.append(root);
  editor.setRootElement(root);
  editor.update(
    () => {
      const heading = $createHeadingNode('h2').append($createTextNode('标题'));
      const mark = $createMarkNode(['m1']).append($createTextNode('四五'));
      const paragraph = $createParagraphNode().append($createTextNode('一二'), $createLineBreakNode(), $createTextNode('三'), mark, $createTextNode('六'));
      const list = $createListNode('bullet').append($createListItemNode().append($createTextNode('甲乙')), $createListItemNode().append($createTextNode('丙')));
      $getRoot().clear().append(heading, paragraph, list);
    },
    { discrete: true },
  );
  return editor;
}

const selectedText = () => editor.getEditorState().read(() => $getSelection()?.getTextContent() ?? null);
const caret = () => editor.getEditorState().read(() => $caretPlace());

describe('selectBlockRange', () => {
  it('selects ranges the way the engine counts the block text', () => {
    setUp();
    const doc = editor.getEditorState().toJSON() as unknown as ArticleDoc;
    const blocks = blocksFromDoc(doc);
    expect(blocks.map((b) => b.text)).toEqual(['标题', '一二\n三四五六', '甲乙\n丙']);

    // Across the line break and into the mark: "二\n三四".
    expect(selectBlockRange(editor, 1, 1, 5)).toBe(true);
    expect(selectedText()).toBe(blocks[1]!.text.slice(1, 5));
    // After the line break: "三四五六".
    selectBlockRange(editor, 1, 3, 7);
    expect(selectedText()).toBe('三四五六');
    // Inside the mark only.
    selectBlockRange(editor, 1, 4, 6);
    expect(selectedText()).toBe('四五');
    // The second list item.
    selectBlockRange(editor, 2, 3, 4);
    expect(selectedText()).toBe('丙');
    // An end beyond the text (a line carrying the end mark) stops at the block's end.
    selectBlockRange(editor, 0, 0, 3);
    expect(selectedText()).toBe('标题');
  });

  it('reports a block that is not there', () => {
    setUp();
    expect(selectBlockRange(editor, 7, 0, 1)).toBe(false);
  });
});

describe('$caretPlace', () => {
  it('gives the block index and the plain-text offset of the anchor', () => {
    setUp();
    selectBlockRange(editor, 1, 5, 5);
    expect(caret()).toEqual({ blockIndex: 1, offset: 5 });
    selectBlockRange(editor, 1, 3, 3);
    expect(caret()).toEqual({ blockIndex: 1, offset: 3 });
    selectBlockRange(editor, 2, 4, 4);
    expect(caret()).toEqual({ blockIndex: 2, offset: 4 });
    const collapsed = editor.getEditorState().read(() => {
      const s = $getSelection();
      return $isRangeSelection(s) && s.isCollapsed();
    });
    expect(collapsed).toBe(true);
  });
});

function line(lineId: string, blockIndex: number, start: number, end: number, part?: LineBox['source']['part']): LineBox {
  return { lineId, x: 0, y: 0, w: 10, h: 10, baseline: 8, text: '', source: { owner: 1, blockIndex, start, end, ...(part ? { part } : {}) } };
}

describe('lineAtCaret', () => {
  const lines = [line('t', -1, 0, 2, 'title'), line('a', 1, 0, 4), line('b', 1, 4, 9), line('c', 2, 0, 3), line('cr', 2, 0, 5, 'credit')];
  it('finds the line holding the caret, the later one at a boundary, never a credit line', () => {
    expect(lineAtCaret(lines, { blockIndex: 1, offset: 2 })?.lineId).toBe('a');
    expect(lineAtCaret(lines, { blockIndex: 1, offset: 4 })?.lineId).toBe('b');
    expect(lineAtCaret(lines, { blockIndex: 1, offset: 9 })?.lineId).toBe('b');
    expect(lineAtCaret(lines, { blockIndex: 2, offset: 4 })).toBeNull();
    expect(lineAtCaret(lines, { blockIndex: 3, offset: 0 })).toBeNull();
    expect(lineAtCaret(lines, null)).toBeNull();
  });
});

describe('selectLineSource on the article fields', () => {
  it('focuses the field of a title line and selects the line without its line break', () => {
    const fields = document.createElement('div');
    const title = document.createElement('textarea');
    title.dataset.part = 'title';
    title.value = '第一行\n第二行';
    fields.append(title);
    document.body.append(fields);
    expect(selectLineSource(null, fields, { owner: 1, blockIndex: -1, start: 0, end: 4, part: 'title' })).toBe(true);
    expect(document.activeElement).toBe(title);
    expect(title.value.slice(title.selectionStart, title.selectionEnd)).toBe('第一行');
    expect(selectLineSource(null, fields, { owner: 1, blockIndex: -1, start: 0, end: 4, part: 'byline' })).toBe(false);
  });
});

describe('GlyphOutlineStore', () => {
  const page = (runs: { font: string; gids: number[] }[]) => ({
    index: 0,
    folio: '01',
    kind: 'body',
    boxes: { trimW: 100, trimH: 100, bleed: 0 },
    lines: [],
    items: runs.map((r) => ({
      kind: 'glyphs' as const,
      font: r.font,
      sizePt: 10,
      color: { space: 'cmyk' as const, c: 0, m: 0, y: 0, k: 1 },
      x: 0,
      y: 0,
      glyphs: r.gids.map((gid, k) => ({ gid, dx: k * 10, advance: 1000, text: '字' })),
    })),
  });

  it('fetches each missing glyph once per font and defines each drawn glyph once', async () => {
    const store = new GlyphOutlineStore();
    const asked: { font: string; gids: number[] }[] = [];
    const fetch = async (font: string, gids: number[]) => {
      asked.push({ font, gids });
      return { font, unitsPerEm: 1000, glyphs: gids.map((gid) => ({ gid, d: `M0 0L${gid} 0Z` })) };
    };
    const first = [page([{ font: 'A', gids: [3, 1, 3] }, { font: 'B', gids: [1] }])];
    await store.load(first, fetch);
    expect(asked).toEqual([
      { font: 'A', gids: [1, 3] },
      { font: 'B', gids: [1] },
    ]);
    await store.load([page([{ font: 'A', gids: [1, 2, 3] }])], fetch);
    expect(asked.at(-1)).toEqual({ font: 'A', gids: [2] });
    expect(store.defsFor(first).map((d) => d.d)).toEqual(['M0 0L3 0Z', 'M0 0L1 0Z', 'M0 0L1 0Z']);
    expect(new Set(store.defsFor(first).map((d) => d.id)).size).toBe(3);
    expect(store.glyphId('A', 9)).toBeNull();
    expect(store.unitsPerEm('B')).toBe(1000);
  });

  it('splits a request above the API limit of 10,000 glyph ids', async () => {
    const store = new GlyphOutlineStore();
    const sizes: number[] = [];
    const gids = Array.from({ length: 12_000 }, (_, k) => k);
    await store.load([page([{ font: 'A', gids }])], async (font, chunk) => {
      sizes.push(chunk.length);
      return { font, unitsPerEm: 1000, glyphs: chunk.map((gid) => ({ gid, d: 'M0 0Z' })) };
    });
    expect(sizes).toEqual([10_000, 2_000]);
    expect(store.missing([page([{ font: 'A', gids }])]).size).toBe(0);
  });
});
