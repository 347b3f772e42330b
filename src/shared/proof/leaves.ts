// A block's inline tree seen as a flat run of leaves (text, line breaks, other inline leaves), each
// with the chain of inline elements (marks, links) around it. Edits work on the flat run and the tree
// is rebuilt by grouping neighbouring leaves that share an ancestor, the way Lexical normalises:
// an element left without leaves disappears, neighbouring texts with the same formatting merge.
// Offsets count characters as src/shared/article-doc.ts inlineText() reads them (UTF-16 units, a line
// break is one "\n"). Pure.

import type { SerializedBlock, SerializedElementBase, SerializedInline, SerializedMark, SerializedText } from '../article-doc';

export type InlineElement = SerializedElementBase & { type: string };

export interface Leaf {
  node: SerializedInline;
  /** Outermost first; the objects are shared, never mutated. */
  ancestors: InlineElement[];
}

export function isTextNode(n: SerializedInline): n is SerializedText {
  return n.type === 'text';
}

export function isMarkNode(n: unknown): n is SerializedMark {
  return typeof n === 'object' && n !== null && (n as { type?: unknown }).type === 'mark' && Array.isArray((n as { ids?: unknown }).ids);
}

function isElement(n: SerializedInline): n is InlineElement {
  return Array.isArray((n as SerializedElementBase).children);
}

/** Characters a leaf contributes to the block's text. */
export function leafLength(leaf: Leaf): number {
  if (isTextNode(leaf.node)) return leaf.node.text.length;
  return leaf.node.type === 'linebreak' ? 1 : 0;
}

export function leafText(leaf: Leaf): string {
  if (isTextNode(leaf.node)) return leaf.node.text;
  return leaf.node.type === 'linebreak' ? '\n' : '';
}

export function flatten(children: readonly SerializedInline[], ancestors: InlineElement[] = []): Leaf[] {
  const out: Leaf[] = [];
  for (const child of children) {
    if (isElement(child)) out.push(...flatten(child.children, [...ancestors, child]));
    else out.push({ node: child, ancestors });
  }
  return out;
}

export function leavesText(leaves: readonly Leaf[]): string {
  return leaves.map(leafText).join('');
}

/** Lists of blocks Lexical keeps as nested items; proof anchors work on blocks of inline content. */
export function isInlineBlock(block: SerializedBlock): boolean {
  return block.type !== 'list' && Array.isArray(block.children);
}

function sameAncestors(a: readonly InlineElement[], b: readonly InlineElement[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameFormatting(a: SerializedText, b: SerializedText): boolean {
  return a.format === b.format && a.style === b.style && a.detail === b.detail && a.mode === 'normal' && b.mode === 'normal';
}

/** Merges neighbouring texts with the same formatting and ancestors; drops empty texts. */
export function normalise(leaves: readonly Leaf[]): Leaf[] {
  const out: Leaf[] = [];
  for (const leaf of leaves) {
    if (isTextNode(leaf.node) && leaf.node.text === '') continue;
    const prev = out[out.length - 1];
    if (prev && isTextNode(prev.node) && isTextNode(leaf.node) && sameAncestors(prev.ancestors, leaf.ancestors) && sameFormatting(prev.node, leaf.node)) {
      out[out.length - 1] = { node: { ...prev.node, text: prev.node.text + leaf.node.text }, ancestors: prev.ancestors };
    } else {
      out.push(leaf);
    }
  }
  return out;
}

/** Rebuilds the inline tree: neighbouring leaves that share the ancestor at a depth share one copy of it. */
export function rebuild(leaves: readonly Leaf[], depth = 0): SerializedInline[] {
  const out: SerializedInline[] = [];
  let i = 0;
  while (i < leaves.length) {
    const leaf = leaves[i]!;
    const owner = leaf.ancestors[depth];
    if (!owner) {
      out.push(leaf.node);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < leaves.length && leaves[j]!.ancestors[depth] === owner) j++;
    out.push({ ...owner, children: rebuild(leaves.slice(i, j), depth + 1) } as SerializedInline);
    i = j;
  }
  return out;
}

/** Splits the text leaf that straddles `offset`, so a leaf boundary falls there. */
export function splitAt(leaves: readonly Leaf[], offset: number): Leaf[] {
  const out: Leaf[] = [];
  let pos = 0;
  for (const leaf of leaves) {
    const len = leafLength(leaf);
    if (isTextNode(leaf.node) && offset > pos && offset < pos + len) {
      const cut = offset - pos;
      out.push({ node: { ...leaf.node, text: leaf.node.text.slice(0, cut) }, ancestors: leaf.ancestors });
      out.push({ node: { ...leaf.node, text: leaf.node.text.slice(cut) }, ancestors: leaf.ancestors });
    } else {
      out.push(leaf);
    }
    pos += len;
  }
  return out;
}

/** Start offset of every leaf. */
export function offsetsOf(leaves: readonly Leaf[]): number[] {
  const out: number[] = [];
  let pos = 0;
  for (const leaf of leaves) {
    out.push(pos);
    pos += leafLength(leaf);
  }
  return out;
}
