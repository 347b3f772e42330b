// Maps between the engine's line sources (block index + character range in the block's plain text,
// src/shared/article-doc.ts: inlineText/nodeToBlock) and points in the Lexical editor. The plain text
// counts a line break as one character, sees through marks and joins list items with "\n", so the
// walk below does the same.

import {
  $createRangeSelection,
  $getRoot,
  $getSelection,
  $isElementNode,
  $isLineBreakNode,
  $isRangeSelection,
  $isTextNode,
  $setSelection,
  type ElementNode,
  type LexicalEditor,
  type LexicalNode,
  type PointType,
} from 'lexical';

/** A place in a block's plain text: a text node and an offset in it, or the block itself when it has no text. */
interface TextSpan {
  key: string;
  /** Offset of the node's first character in the block's plain text. */
  start: number;
  length: number;
}

export interface BlockText {
  spans: TextSpan[];
  length: number;
}

function collect(node: LexicalNode, into: BlockText): void {
  if ($isTextNode(node)) {
    into.spans.push({ key: node.getKey(), start: into.length, length: node.getTextContentSize() });
    into.length += node.getTextContentSize();
  } else if ($isLineBreakNode(node)) {
    into.length += 1;
  } else if ($isElementNode(node)) {
    for (const child of node.getChildren()) collect(child, into);
  }
}

/** The text spans of a top-level block, counted as the engine counts them. */
export function blockTextOf(block: ElementNode): BlockText {
  const out: BlockText = { spans: [], length: 0 };
  if (block.getType() === 'list') {
    block.getChildren().forEach((item, index) => {
      if (index > 0) out.length += 1;
      collect(item, out);
    });
  } else {
    for (const child of block.getChildren()) collect(child, out);
  }
  return out;
}

/** The text node and offset for a plain-text offset. A range's start takes the node that begins at a
 *  boundary, its end the node that ends there; a line break between nodes counts as a gap. */
export function pointAt(text: BlockText, offset: number, side: 'start' | 'end'): { key: string; offset: number } | null {
  const spans = text.spans.filter((s) => s.length > 0);
  if (spans.length === 0) return text.spans[0] ? { key: text.spans[0].key, offset: 0 } : null;
  const at = Math.max(0, Math.min(offset, text.length));
  const inside =
    side === 'start'
      ? spans.find((s) => s.start <= at && at < s.start + s.length)
      : spans.find((s) => s.start < at && at <= s.start + s.length);
  const span = inside ?? spans.find((s) => s.start >= at) ?? spans[spans.length - 1]!;
  return { key: span.key, offset: Math.max(0, Math.min(at - span.start, span.length)) };
}

/** Selects [start, end) of a block's plain text in the editor, focuses it and scrolls it into view.
 *  Returns false when the document has no such block. */
export function selectBlockRange(editor: LexicalEditor, blockIndex: number, start: number, end: number): boolean {
  let found = false;
  let blockKey: string | null = null;
  // Focus first: Lexical writes its selection into the DOM only for a focused editor.
  const root = editor.getRootElement();
  if (root && document.activeElement !== root) root.focus({ preventScroll: true });
  editor.update(
    () => {
      const block = $getRoot().getChildren()[blockIndex];
      if (!block || !$isElementNode(block)) return;
      found = true;
      blockKey = block.getKey();
      const text = blockTextOf(block);
      const from = pointAt(text, start, 'start');
      const to = pointAt(text, Math.max(start, end), 'end');
      if (!from || !to) {
        block.selectStart();
        return;
      }
      const selection = $createRangeSelection();
      selection.anchor.set(from.key, from.offset, 'text');
      selection.focus.set(to.key, to.offset, 'text');
      $setSelection(selection);
    },
    { discrete: true },
  );
  if (!found) return false;
  const element = blockKey ? editor.getElementByKey(blockKey) : null;
  element?.scrollIntoView?.({ block: 'nearest' });
  return true;
}

/** Where the selection's anchor is: top-level block index and offset in its plain text. */
export interface CaretPlace {
  blockIndex: number;
  offset: number;
}

function textLength(node: LexicalNode): number {
  const part: BlockText = { spans: [], length: 0 };
  collect(node, part);
  return part.length;
}

function offsetInBlock(block: ElementNode, point: PointType): number {
  const text = blockTextOf(block);
  const node = point.getNode();
  if ($isTextNode(node)) {
    const span = text.spans.find((s) => s.key === node.getKey());
    return span ? span.start + point.offset : 0;
  }
  if (!$isElementNode(node)) return 0;
  // An element point counts children: add the text of the children before it to where the element starts.
  const before = node.getChildren().slice(0, point.offset).reduce((sum, child) => sum + textLength(child), 0);
  if (node.is(block)) return before;
  const firstText = node.getAllTextNodes()[0];
  const span = firstText ? text.spans.find((s) => s.key === firstText.getKey()) : undefined;
  return (span?.start ?? 0) + before;
}

/** The caret's place, read inside an editor state read. */
export function $caretPlace(): CaretPlace | null {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return null;
  const anchor = selection.anchor;
  const top = anchor.getNode().getTopLevelElement() ?? (anchor.getNode() as ElementNode);
  if (!$isElementNode(top)) return null;
  const blockIndex = top.getIndexWithinParent();
  return { blockIndex, offset: offsetInBlock(top, anchor) };
}
