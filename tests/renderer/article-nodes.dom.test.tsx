// @vitest-environment jsdom
// The editor's node classes must read and write exactly the JSON src/shared/article-doc.ts defines.
import { createHeadlessEditor } from '@lexical/headless';
import { $getRoot } from 'lexical';
import { describe, expect, it } from 'vitest';
import { blocksFromDoc, docFromBlocks, type ArticleDoc, type DocBlock } from '../../src/shared/article-doc';
import { ARTICLE_NODES } from '../../src/renderer/editor/nodes';
import { applyBlockKind, blockKindOf } from '../../src/renderer/editor/block-kinds';

const blocks: DocBlock[] = [
  { type: 'banner', text: '代表风采' },
  { type: 'heading', level: 1, text: '一、总体情况' },
  { type: 'heading', level: 2, text: '（一）立法' },
  { type: 'paragraph', text: '第一段\n第二行' },
  { type: 'quote', text: '引文' },
  { type: 'caption', text: '代表们在会场', credit: { kind: '摄影', name: '吕亚南', raw: '本版摄影/吕亚南', scope: '本版' }, originalPosition: 'p3' },
  { type: 'note', text: '注：数据来自统计局。' },
];

function editorWith(doc: ArticleDoc) {
  const editor = createHeadlessEditor({ nodes: ARTICLE_NODES, onError: (e) => { throw e; } });
  editor.setEditorState(editor.parseEditorState(JSON.stringify(doc)));
  return editor;
}

describe('article body nodes', () => {
  it('round-trip every block kind of the stored format unchanged', () => {
    const doc = docFromBlocks(blocks);
    const editor = editorWith(doc);
    const out = editor.getEditorState().toJSON() as unknown as ArticleDoc;
    expect(blocksFromDoc(out)).toEqual(blocks);
    const caption = out.root.children[5]!;
    expect(caption).toMatchObject({ type: 'qk-caption', creditKind: '摄影', creditName: '吕亚南', creditRaw: '本版摄影/吕亚南', creditScope: '本版', originalPosition: 'p3' });
    expect(out.root.children.map((b) => b.type)).toEqual(['qk-banner', 'heading', 'heading', 'paragraph', 'quote', 'qk-caption', 'qk-note']);
  });

  it('keeps proof marks inside a paragraph', () => {
    const doc = docFromBlocks([{ type: 'paragraph', text: '' }]);
    doc.root.children[0]!.children = [
      { type: 'mark', ids: ['p-1'], children: [{ type: 'text', text: '标记', format: 0, detail: 0, mode: 'normal', style: '', version: 1 }], direction: 'ltr', format: '', indent: 0, version: 1 },
    ];
    const out = editorWith(doc).getEditorState().toJSON() as unknown as ArticleDoc;
    expect(out.root.children[0]!.children[0]).toMatchObject({ type: 'mark', ids: ['p-1'] });
  });

  it('changes a block kind and keeps its text', () => {
    const editor = editorWith(docFromBlocks([{ type: 'paragraph', text: '说明文字' }, { type: 'paragraph', text: '正文' }]));
    editor.update(() => {
      const first = $getRoot().getFirstChildOrThrow();
      first.selectEnd();
      applyBlockKind('caption');
    }, { discrete: true });
    editor.update(() => {
      const second = $getRoot().getLastChildOrThrow();
      second.selectEnd();
      applyBlockKind('h2');
    }, { discrete: true });
    const out = editor.getEditorState().toJSON() as unknown as ArticleDoc;
    expect(blocksFromDoc(out)).toEqual([
      { type: 'caption', text: '说明文字', credit: null },
      { type: 'heading', level: 2, text: '正文' },
    ]);
    editor.getEditorState().read(() => {
      expect($getRoot().getChildren().map((n) => blockKindOf(n))).toEqual(['caption', 'h2']);
    });
  });
});
