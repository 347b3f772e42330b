// The proof mode's link to the Lexical body editor: the selection as a block index and a character
// range in the block's plain text (counted as src/shared/article-doc.ts inlineText counts: marks are
// transparent, a line break is one character), the correction marks' looks and clicks, and loading a
// body the back end changed (an accepted correction) as ONE undoable step.
//
// The selection is read from the DOM, not from Lexical: in proof mode the editor is read-only and
// Lexical does not track selections it cannot edit.

import { $isMarkNode } from '@lexical/mark';
import {
  $getNearestNodeFromDOMNode,
  $getRoot,
  $isElementNode,
  $isTextNode,
  $parseSerializedNode,
  type ElementNode,
  type LexicalEditor,
  type LexicalNode,
  type SerializedLexicalNode,
} from 'lexical';
import type { ArticleDoc } from '../../shared/article-doc';
import type { Correction } from '../../shared/proof';
import { blockTextOf } from '../preview/source-text';

export interface BlockRange {
  blockIndex: number;
  start: number;
  end: number;
  /** The selected characters (empty for a caret). */
  text: string;
}

export interface BlockPlace {
  blockIndex: number;
  offset: number;
}

/** Plain-text length of a Lexical subtree, as the block text counts it. */
function lengthOf(node: LexicalNode): number {
  if ($isElementNode(node)) {
    const text = blockTextOf(node);
    return text.length;
  }
  return node.getTextContentSize();
}

/** Offset, in its top-level block's plain text, of the start of `node`. */
function startOffsetOf(node: LexicalNode, top: ElementNode): number {
  const text = blockTextOf(top);
  const firstText = $isTextNode(node) ? node : $isElementNode(node) ? node.getAllTextNodes()[0] : null;
  if (firstText) {
    const span = text.spans.find((s) => s.key === firstText.getKey());
    if (span) return span.start;
  }
  // A line break or an empty element: count what comes before it among its ancestors' children.
  let offset = 0;
  let current: LexicalNode = node;
  while (!current.is(top)) {
    const parent: ElementNode | null = current.getParent();
    if (!parent) break;
    for (const sibling of parent.getChildren()) {
      if (sibling.is(current)) break;
      offset += lengthOf(sibling);
    }
    if (parent.getType() === 'listitem' && parent.getParent()?.is(top)) offset += parent.getIndexWithinParent(); // the "\n" between items
    current = parent;
  }
  return offset;
}

/** A DOM point (from window.getSelection) as a place in a block's plain text; read inside editor.read. */
export function $placeOfDomPoint(domNode: Node, domOffset: number): BlockPlace | null {
  // An element point names a child: go down to the text at that child's start (or the end of the last one).
  if (domNode.nodeType !== Node.TEXT_NODE) {
    const children = domNode.childNodes;
    if (domOffset < children.length) {
      const child = children[domOffset]!;
      const place = $placeOfDomPoint(child, 0);
      if (place) return place;
    } else if (children.length > 0) {
      const last = children[children.length - 1]!;
      const lastLength = last.nodeType === Node.TEXT_NODE ? (last.textContent ?? '').length : last.childNodes.length;
      const place = $placeOfDomPoint(last, lastLength);
      if (place) return place;
    }
  }
  const node = $getNearestNodeFromDOMNode(domNode);
  if (!node) return null;
  const top = $isElementNode(node) && node.getParent()?.is($getRoot()) ? node : node.getTopLevelElement();
  if (!top || !$isElementNode(top)) return null;
  const blockIndex = top.getIndexWithinParent();
  if ($isTextNode(node) && domNode.nodeType === Node.TEXT_NODE) {
    return { blockIndex, offset: startOffsetOf(node, top) + Math.min(domOffset, node.getTextContentSize()) };
  }
  if (node.is(top)) return { blockIndex, offset: domOffset === 0 ? 0 : blockTextOf(top).length };
  return { blockIndex, offset: startOffsetOf(node, top) + (domOffset === 0 ? 0 : lengthOf(node)) };
}

export type SelectionRead = { kind: 'range'; range: BlockRange } | { kind: 'none' } | { kind: 'across-blocks' };

/** The browser's selection inside the editor as a range in one block. */
export function readSelectionRange(editor: LexicalEditor, selection: Selection | null = window.getSelection()): SelectionRead {
  const root = editor.getRootElement();
  if (!root || !selection || selection.rangeCount === 0 || !selection.anchorNode || !selection.focusNode) return { kind: 'none' };
  if (!root.contains(selection.anchorNode) || !root.contains(selection.focusNode)) return { kind: 'none' };
  // Read the committed state with the editor attached (DOM lookups need it) without flushing pending updates.
  return editor.getEditorState().read(() => {
    const a = $placeOfDomPoint(selection.anchorNode!, selection.anchorOffset);
    const b = $placeOfDomPoint(selection.focusNode!, selection.focusOffset);
    if (!a || !b) return { kind: 'none' } as const;
    if (a.blockIndex !== b.blockIndex) return { kind: 'across-blocks' } as const;
    const start = Math.min(a.offset, b.offset);
    const end = Math.max(a.offset, b.offset);
    const block = $getRoot().getChildren()[a.blockIndex];
    const text = block && $isElementNode(block) ? blockPlainText(block).slice(start, end) : '';
    return { kind: 'range', range: { blockIndex: a.blockIndex, start, end, text } } as const;
  }, { editor });
}

function blockPlainText(block: ElementNode): string {
  // The same walk as blockTextOf, keeping the characters.
  let s = '';
  const walk = (node: LexicalNode) => {
    if ($isTextNode(node)) s += node.getTextContent();
    else if (node.getType() === 'linebreak') s += '\n';
    else if ($isElementNode(node)) node.getChildren().forEach(walk);
  };
  if (block.getType() === 'list') {
    block.getChildren().forEach((item, i) => {
      if (i > 0) s += '\n';
      walk(item);
    });
  } else block.getChildren().forEach(walk);
  return s;
}

/** The correction ids of the marks around a clicked DOM node ("qk-c12" → 12), innermost first. */
export function correctionIdsAt(editor: LexicalEditor, target: Node): number[] {
  return editor.getEditorState().read(() => {
    let node: LexicalNode | null = $getNearestNodeFromDOMNode(target);
    const ids: number[] = [];
    while (node) {
      if ($isMarkNode(node)) for (const id of node.getIDs()) ids.push(...correctionIdOf(id));
      node = node.getParent();
    }
    return ids;
  }, { editor });
}

function correctionIdOf(markId: string): number[] {
  const m = /^qk-c(\d+)$/.exec(markId);
  return m ? [Number(m[1])] : [];
}

/** Gives every mark element the status of its corrections (class qk-mark-open/accepted/rejected, and
 *  qk-mark-selected for the correction whose card is open). Marks of unknown corrections stay plain. */
export function decorateMarks(editor: LexicalEditor, byMarkId: ReadonlyMap<string, Correction>, selectedId: number | null): void {
  const marks: { key: string; ids: string[] }[] = [];
  editor.getEditorState().read(() => {
    const visit = (node: LexicalNode) => {
      if ($isMarkNode(node)) marks.push({ key: node.getKey(), ids: node.getIDs() });
      if ($isElementNode(node)) node.getChildren().forEach(visit);
    };
    visit($getRoot());
  });
  for (const mark of marks) {
    const el = editor.getElementByKey(mark.key);
    if (!el) continue;
    const corrections = mark.ids.map((id) => byMarkId.get(id)).filter((c): c is Correction => c !== undefined);
    const status = corrections.some((c) => c.status === 'open') ? 'open' : corrections[0]?.status;
    el.classList.remove('qk-mark-open', 'qk-mark-accepted', 'qk-mark-rejected', 'qk-mark-selected');
    if (status) el.classList.add(`qk-mark-${status}`);
    if (selectedId !== null && corrections.some((c) => c.id === selectedId)) el.classList.add('qk-mark-selected');
    if (corrections.length > 0) el.dataset.correctionIds = corrections.map((c) => c.id).join(' ');
    else delete el.dataset.correctionIds;
  }
}

/** Replaces the editor's content with a body from the back end in one update, so the history keeps
 *  it as one step (Ctrl+Z returns to the text before it). */
export function loadBodyAsOneStep(editor: LexicalEditor, body: ArticleDoc): void {
  editor.update(
    () => {
      const root = $getRoot();
      root.clear();
      for (const child of body.root.children) root.append($parseSerializedNode(child as unknown as SerializedLexicalNode));
    },
    { discrete: true },
  );
}

/** Scrolls the first mark of a correction into view. */
export function revealMark(editor: LexicalEditor, correctionId: number): void {
  const root = editor.getRootElement();
  const el = root?.querySelector(`[data-correction-ids~="${correctionId}"]`);
  el?.scrollIntoView?.({ block: 'center' });
}
