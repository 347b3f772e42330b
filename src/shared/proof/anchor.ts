// Proof corrections are anchored in the article body by Lexical MarkNodes: the stored editor-state
// JSON gets a mark with the correction's id around the anchored characters, so the editor keeps the
// anchor in place while text around it changes. These functions work on the serialised JSON (no
// Lexical runtime) and never change the text. Pure.

import { inlineText, type ArticleDoc, type SerializedBlock, type SerializedMark } from '../article-doc';
import { flatten, isInlineBlock, isMarkNode, leafLength, normalise, offsetsOf, rebuild, splitAt, type InlineElement, type Leaf } from './leaves';

export interface AnchorRange {
  blockIndex: number;
  start: number;
  end: number;
}

/** The mark id of a correction: "qk-c<id>". */
export function correctionMarkId(correctionId: number): string {
  return `qk-c${correctionId}`;
}

/** The plain text of each block as anchors count it (marks are transparent, a line break is "\n"). */
export function blockTexts(doc: ArticleDoc): string[] {
  return doc.root.children.map((b) => (isInlineBlock(b) ? inlineText(b.children) : ''));
}

function cloneDocWithBlock(doc: ArticleDoc, blockIndex: number, block: SerializedBlock): ArticleDoc {
  const children = doc.root.children.slice();
  children[blockIndex] = block;
  return { ...doc, root: { ...doc.root, children } };
}

export class AnchorError extends Error {
  constructor(
    readonly reason: 'no_such_block' | 'not_text_block' | 'bad_range' | 'text_changed',
    message: string,
  ) {
    super(message);
    this.name = 'AnchorError';
  }
}

function newMark(id: string): SerializedMark {
  return { type: 'mark', ids: [id], children: [], direction: null, format: '', indent: 0, version: 1 };
}

/**
 * Wraps characters [start, end) of a block in a mark with `markId`. Text nodes are split at the
 * boundaries and keep their formats. Overlaps nest (the new mark goes innermost); a range that is
 * exactly an existing mark's extent gets the id added to that mark's `ids`.
 */
export function insertMark(doc: ArticleDoc, range: AnchorRange, markId: string): ArticleDoc {
  const block = doc.root.children[range.blockIndex];
  if (!block) throw new AnchorError('no_such_block', `no block ${range.blockIndex}`);
  if (!isInlineBlock(block)) throw new AnchorError('not_text_block', `block ${range.blockIndex} (${block.type}) holds no text to mark`);
  const text = inlineText(block.children);
  if (!(range.start >= 0 && range.start < range.end && range.end <= text.length)) {
    throw new AnchorError('bad_range', `range ${range.start}..${range.end} is not inside block ${range.blockIndex} (${text.length} characters)`);
  }
  let leaves = splitAt(splitAt(flatten(block.children), range.start), range.end);
  const offsets = offsetsOf(leaves);
  const inside = leaves.map((leaf, i) => offsets[i]! >= range.start && offsets[i]! + leafLength(leaf) <= range.end && leafLength(leaf) > 0);

  const existing = exactMarkOf(leaves, inside);
  if (existing) {
    const widened: SerializedMark = { ...existing, ids: [...existing.ids, markId] };
    leaves = leaves.map((l) => ({ node: l.node, ancestors: l.ancestors.map((a) => (a === existing ? (widened as InlineElement) : a)) }));
  } else {
    const mark = newMark(markId) as InlineElement;
    leaves = leaves.map((l, i) => (inside[i] ? { node: l.node, ancestors: [...l.ancestors, mark] } : l));
  }
  const out = cloneDocWithBlock(doc, range.blockIndex, { ...block, children: rebuild(normalise(leaves)) });
  if (inlineText(out.root.children[range.blockIndex]!.children) !== text) throw new AnchorError('text_changed', 'marking changed the text');
  return out;
}

/** The innermost mark that covers exactly the leaves flagged inside (and nothing else), if any. */
function exactMarkOf(leaves: readonly Leaf[], inside: readonly boolean[]): SerializedMark | null {
  const first = leaves.findIndex((_, i) => inside[i]);
  if (first < 0) return null;
  const candidates = leaves[first]!.ancestors.filter(isMarkNode).reverse();
  for (const mark of candidates) {
    const covers = leaves.every((l, i) => (leafLength(l) === 0 ? true : l.ancestors.includes(mark as InlineElement) === inside[i]));
    if (covers) return mark;
  }
  return null;
}

/** Where the mark is: the first block holding it, from its first to its last marked character. */
export function findMark(doc: ArticleDoc, markId: string): AnchorRange | null {
  for (const [blockIndex, block] of doc.root.children.entries()) {
    if (!isInlineBlock(block)) continue;
    const leaves = flatten(block.children);
    const offsets = offsetsOf(leaves);
    let start = -1;
    let end = -1;
    leaves.forEach((leaf, i) => {
      if (!leaf.ancestors.some((a) => isMarkNode(a) && a.ids.includes(markId))) return;
      if (start < 0) start = offsets[i]!;
      end = offsets[i]! + leafLength(leaf);
    });
    if (start >= 0) return { blockIndex, start, end };
  }
  return null;
}

/** Every mark id that occurs in the document. */
export function markIdsIn(doc: ArticleDoc): Set<string> {
  const ids = new Set<string>();
  const visit = (nodes: readonly unknown[]) => {
    for (const n of nodes) {
      if (isMarkNode(n)) n.ids.forEach((id) => ids.add(id));
      const children = (n as { children?: unknown }).children;
      if (Array.isArray(children)) visit(children);
    }
  };
  visit(doc.root.children);
  return ids;
}

/** Takes the id off every mark; a mark left without ids unwraps into its parent. */
export function removeMark(doc: ArticleDoc, markId: string): ArticleDoc {
  let changed = false;
  const children = doc.root.children.map((block) => {
    if (!isInlineBlock(block)) return block;
    const leaves = flatten(block.children);
    if (!leaves.some((l) => l.ancestors.some((a) => isMarkNode(a) && a.ids.includes(markId)))) return block;
    changed = true;
    const replaced = new Map<InlineElement, InlineElement | null>();
    const mapped = leaves.map((l) => ({
      node: l.node,
      ancestors: l.ancestors
        .map((a) => {
          if (!isMarkNode(a) || !a.ids.includes(markId)) return a;
          if (!replaced.has(a)) {
            const ids = a.ids.filter((id) => id !== markId);
            replaced.set(a, ids.length > 0 ? ({ ...a, ids } as InlineElement) : null);
          }
          return replaced.get(a)!;
        })
        .filter((a): a is InlineElement => a !== null),
    }));
    return { ...block, children: rebuild(normalise(mapped)) };
  });
  return changed ? { ...doc, root: { ...doc.root, children } } : doc;
}
