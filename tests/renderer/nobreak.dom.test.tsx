// @vitest-environment jsdom
// 不断行 in the editor: the command marks the selected characters (and only those) with the
// nobreak style, the stored document carries it, and article-doc reads it as a nobreak run.
import { createHeadlessEditor } from '@lexical/headless';
import { $getRoot, $isTextNode, type ElementNode, type TextNode } from 'lexical';
import { describe, expect, it } from 'vitest';
import { blocksFromDoc, docFromBlocks, NOBREAK_STYLE, type ArticleDoc } from '../../src/shared/article-doc';
import { ARTICLE_NODES } from '../../src/renderer/editor/nodes';
import { $selectionIsNobreak, $toggleNobreak, styleWithNobreak } from '../../src/renderer/editor/plugins/nobreak';

function editorWith(doc: ArticleDoc) {
  const editor = createHeadlessEditor({ nodes: ARTICLE_NODES, onError: (e) => { throw e; } });
  editor.setEditorState(editor.parseEditorState(JSON.stringify(doc)));
  return editor;
}

function selectRange(start: number, end: number): void {
  const text = ($getRoot().getFirstChild() as ElementNode).getFirstChild() as TextNode;
  text.select(start, end);
}

describe('不断行 in the editor', () => {
  it('keeps other style declarations', () => {
    expect(styleWithNobreak('', true)).toBe(NOBREAK_STYLE);
    expect(styleWithNobreak('color: red', true)).toBe(`color: red; ${NOBREAK_STYLE}`);
    expect(styleWithNobreak(`color: red; ${NOBREAK_STYLE}`, false)).toBe('color: red');
  });

  it('marks the selected word, which reaches the blocks as a nobreak run, and clears it again', () => {
    const editor = editorWith(docFromBlocks([{ type: 'paragraph', text: '坚持全过程人民民主' }]));
    editor.update(() => {
      selectRange(2, 9);
      expect($toggleNobreak()).toBe(true);
    }, { discrete: true });
    const marked = editor.getEditorState().toJSON() as unknown as ArticleDoc;
    expect(blocksFromDoc(marked)[0]).toEqual({ type: 'paragraph', text: '坚持全过程人民民主', runs: [{ start: 2, end: 9, format: 0, nobreak: true }] });
    editor.update(() => {
      const nodes = ($getRoot().getFirstChild() as ElementNode).getChildren().filter($isTextNode);
      nodes[1]!.select(0, nodes[1]!.getTextContentSize());
      expect($selectionIsNobreak()).toBe(true);
      $toggleNobreak();
    }, { discrete: true });
    const cleared = editor.getEditorState().toJSON() as unknown as ArticleDoc;
    expect(blocksFromDoc(cleared)[0]).toEqual({ type: 'paragraph', text: '坚持全过程人民民主' });
  });
});
