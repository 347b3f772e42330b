// @vitest-environment jsdom
// The editing desk's editor pieces on a headless Lexical editor: photo blocks' photoId in the stored
// format, copy-cleanup suggestions read and applied as one undoable step, lists as a block kind.
import { createHeadlessEditor } from '@lexical/headless';
import { createEmptyHistoryState, registerHistory } from '@lexical/history';
import { $getRoot, type LexicalEditor } from 'lexical';
import { describe, expect, it } from 'vitest';
import { blockToNode, blocksFromDoc, docFromBlocks, type ArticleDoc, type DocBlock } from '../../src/shared/article-doc';
import { ARTICLE_NODES } from '../../src/renderer/editor/nodes';
import { $createCaptionNode, $isCaptionNode, EMPTY_CREDIT_FIELDS, hasCredit } from '../../src/renderer/editor/nodes/block-nodes';
import { $bodyBlockTexts, $bodySuggestions, applySuggestions, changedBlockKeys } from '../../src/renderer/editor/cleanup-editor';
import { applyBlockKind, blockKindOf } from '../../src/renderer/editor/block-kinds';

function editorWith(blocks: DocBlock[]): LexicalEditor {
  const editor = createHeadlessEditor({ nodes: ARTICLE_NODES, onError: (e) => { throw e; } });
  editor.setEditorState(editor.parseEditorState(JSON.stringify(docFromBlocks(blocks))));
  return editor;
}
const docOf = (editor: LexicalEditor) => editor.getEditorState().toJSON() as unknown as ArticleDoc;
const textsOf = (editor: LexicalEditor) => editor.getEditorState().read(() => $bodyBlockTexts().map((b) => b.text));

describe('photo blocks', () => {
  it('write photoId exactly as the stored format does, and only when set', () => {
    const named: DocBlock = { type: 'caption', text: '会场', credit: { kind: '摄影', name: '吕亚南' }, photoId: 26 };
    const unnamed: DocBlock = { type: 'caption', text: '旧图', credit: null };
    const editor = editorWith([named, unnamed]);
    const [first, second] = docOf(editor).root.children;
    expect(first).toEqual(blockToNode(named));
    expect(second).toEqual(blockToNode(unnamed));
    expect(second).not.toHaveProperty('photoId');
    expect(blocksFromDoc(docOf(editor))).toEqual([named, unnamed]);
  });

  it('a new photo block names its photo and has no credit until one is given', () => {
    const editor = editorWith([{ type: 'paragraph', text: '正文' }]);
    editor.update(() => $getRoot().append($createCaptionNode(EMPTY_CREDIT_FIELDS, 7)), { discrete: true });
    const added = blocksFromDoc(docOf(editor))[1];
    expect(added).toEqual({ type: 'caption', text: '', credit: null, photoId: 7 });
    editor.update(() => {
      const node = $getRoot().getLastChild();
      if ($isCaptionNode(node)) node.setCredit({ ...node.getCredit(), creditKind: '图', creditName: '东城区人大' });
    }, { discrete: true });
    expect(blocksFromDoc(docOf(editor))[1]).toEqual({ type: 'caption', text: '', credit: { kind: '图', name: '东城区人大' }, photoId: 7 });
    expect(hasCredit({ ...EMPTY_CREDIT_FIELDS, creditKind: '摄影' })).toBe(false);
  });
});

describe('copy cleanup in the editor', () => {
  it('reads blocks as the engine does (list items joined by a line break) and finds suggestions with their block', () => {
    const editor = editorWith([{ type: 'paragraph', text: '第一段,有逗号' }, { type: 'paragraph', text: '没有问题' }]);
    editor.update(() => {
      $getRoot().getLastChild()!.selectEnd();
      applyBlockKind('ul');
    }, { discrete: true });
    expect(textsOf(editor)).toEqual(['第一段,有逗号', '没有问题']);
    const found = editor.getEditorState().read(() => $bodySuggestions(null, new Set()));
    expect(found.map((s) => [s.blockIndex, s.original, s.proposed])).toEqual([[0, ',', '，']]);
  });

  it('applies accepted fixes across text formats and undoes them in one step', () => {
    const doc = docFromBlocks([{ type: 'paragraph', text: '' }, { type: 'paragraph', text: '北京 人' }]);
    // "会议指出," in plain text then "要"加强监督"..." in bold: fixes meet a format boundary.
    doc.root.children[0]!.children = [
      { type: 'text', text: '会议指出,', format: 0, detail: 0, mode: 'normal', style: '', version: 1 },
      { type: 'text', text: '要"加强监督"...', format: 1, detail: 0, mode: 'normal', style: '', version: 1 },
    ];
    const editor = createHeadlessEditor({ nodes: ARTICLE_NODES, onError: (e) => { throw e; } });
    editor.setEditorState(editor.parseEditorState(JSON.stringify(doc)));
    const history = createEmptyHistoryState();
    registerHistory(editor, history, 1000);
    // The editor types first (history keeps states from the first edit on), then accepts.
    editor.update(() => $getRoot().getLastChild()!.selectEnd().insertText('大'), { discrete: true });
    const found = editor.getEditorState().read(() => $bodySuggestions(null, new Set()));
    expect(found.map((s) => s.rule)).toEqual(['comma', 'doubleQuotes', 'doubleQuotes', 'ellipsis', 'hanSpace']);
    const stepsBefore = history.undoStack.length;
    expect(applySuggestions(editor, found)).toBe(5);
    expect(textsOf(editor)).toEqual(['会议指出，要“加强监督”……', '北京人大']);
    expect(editor.getEditorState().read(() => $bodySuggestions(null, new Set()))).toEqual([]);
    // One undo step, which holds the text as it was before accepting.
    expect(history.undoStack.length).toBe(stepsBefore + 1);
    const undone = history.undoStack.at(-1)!.editorState.read(() => $bodyBlockTexts().map((b) => b.text));
    expect(undone).toEqual(['会议指出,要"加强监督"...', '北京 人大']);
  });

  it('skips a fix whose text changed since it was found, and never applies hints', () => {
    const editor = editorWith([{ type: 'paragraph', text: '今年,二〇二六年与2025年' }]);
    const found = editor.getEditorState().read(() => $bodySuggestions(null, new Set()));
    expect(found.map((s) => [s.rule, s.applicable])).toEqual([['comma', true], ['mixedYearForms', false]]);
    editor.update(() => $getRoot().getFirstChild()!.selectStart().insertText('明'), { discrete: true });
    expect(applySuggestions(editor, found)).toBe(0);
    expect(textsOf(editor)).toEqual(['明今年,二〇二六年与2025年']);
  });

  it('limits paste suggestions to the blocks the paste changed, and forgets dismissed ones', () => {
    const editor = editorWith([{ type: 'paragraph', text: '旧段,不动' }, { type: 'paragraph', text: '粘贴前' }]);
    const before = textsOf(editor).length && editor.getEditorState().read($bodyBlockTexts);
    editor.update(() => $getRoot().getLastChild()!.selectEnd().insertText('新内容,要改'), { discrete: true });
    const changed = changedBlockKeys(before as ReturnType<typeof $bodyBlockTexts>, editor.getEditorState().read($bodyBlockTexts));
    expect(changed.size).toBe(1);
    const scoped = editor.getEditorState().read(() => $bodySuggestions(changed, new Set()));
    expect(scoped.map((s) => [s.blockIndex, s.after])).toEqual([[1, '要改']]);
    const dismissed = new Set([scoped[0]!.id]);
    expect(editor.getEditorState().read(() => $bodySuggestions(changed, dismissed))).toEqual([]);
  });
});

describe('lists as a block kind', () => {
  it('turns paragraphs into a numbered list and back', () => {
    const editor = editorWith([{ type: 'paragraph', text: '第一项' }]);
    editor.update(() => {
      $getRoot().getFirstChild()!.selectEnd();
      applyBlockKind('ol');
    }, { discrete: true });
    expect(editor.getEditorState().read(() => blockKindOf($getRoot().getFirstChild()))).toBe('ol');
    editor.update(() => {
      $getRoot().getFirstChild()!.selectEnd();
      applyBlockKind('paragraph');
    }, { discrete: true });
    expect(blocksFromDoc(docOf(editor))).toEqual([{ type: 'paragraph', text: '第一项' }]);
  });
});
