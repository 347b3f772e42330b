// The block kinds an editor picks from (正文/一级标题/二级标题/引文/项目列表/编号列表/图片说明/注释/栏题) and how a block
// changes kind: a new element of the chosen kind takes over the old one's children. Call inside editor.update().

import { $createHeadingNode, $createQuoteNode, $isHeadingNode, $isQuoteNode } from '@lexical/rich-text';
import { $insertList, $isListNode, $removeList } from '@lexical/list';
import {
  $createParagraphNode,
  $getSelection,
  $isElementNode,
  $isParagraphNode,
  $isRangeSelection,
  $isRootOrShadowRoot,
  type ElementNode,
  type LexicalNode,
} from 'lexical';
import {
  $createBannerNode,
  $createCaptionNode,
  $createNoteNode,
  $isBannerNode,
  $isCaptionNode,
  $isNoteNode,
} from './nodes/block-nodes';

export const BLOCK_KINDS = ['paragraph', 'h1', 'h2', 'quote', 'ul', 'ol', 'caption', 'note', 'banner'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export function blockKindOf(node: LexicalNode | null): BlockKind | null {
  if (!node) return null;
  if ($isParagraphNode(node)) return 'paragraph';
  if ($isHeadingNode(node)) return node.getTag() === 'h2' ? 'h1' : 'h2';
  if ($isQuoteNode(node)) return 'quote';
  if ($isCaptionNode(node)) return 'caption';
  if ($isNoteNode(node)) return 'note';
  if ($isBannerNode(node)) return 'banner';
  if ($isListNode(node)) return node.getListType() === 'number' ? 'ol' : 'ul';
  return null;
}

function createBlock(kind: Exclude<BlockKind, 'ul' | 'ol'>): ElementNode {
  switch (kind) {
    case 'paragraph':
      return $createParagraphNode();
    case 'h1':
      return $createHeadingNode('h2');
    case 'h2':
      return $createHeadingNode('h3');
    case 'quote':
      return $createQuoteNode();
    case 'caption':
      return $createCaptionNode();
    case 'note':
      return $createNoteNode();
    case 'banner':
      return $createBannerNode();
  }
}

/** The top-level block holding a node (null for the root itself). */
export function topBlockOf(node: LexicalNode): ElementNode | null {
  const top = $isRootOrShadowRoot(node) ? null : node.getTopLevelElement();
  return top && $isElementNode(top) ? top : null;
}

/** The top-level blocks the current selection touches, in document order. */
export function selectedTopBlocks(): ElementNode[] {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return [];
  const seen = new Set<string>();
  const out: ElementNode[] = [];
  const candidates = [selection.anchor.getNode(), ...selection.getNodes(), selection.focus.getNode()];
  for (const node of candidates) {
    const top = topBlockOf(node);
    if (top && !seen.has(top.getKey())) {
      seen.add(top.getKey());
      out.push(top);
    }
  }
  return out.sort((a, b) => a.getIndexWithinParent() - b.getIndexWithinParent());
}

/** Gives every selected block the chosen kind; a list's items become blocks of their own first. */
export function applyBlockKind(kind: BlockKind): void {
  if (kind === 'ul' || kind === 'ol') {
    $insertList(kind === 'ol' ? 'number' : 'bullet');
    return;
  }
  if (selectedTopBlocks().some((block) => $isListNode(block))) $removeList();
  for (const block of selectedTopBlocks()) {
    if ($isListNode(block) || blockKindOf(block) === kind) continue;
    const replacement = createBlock(kind);
    block.replace(replacement, true);
  }
}
