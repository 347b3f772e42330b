// What a proposed correction anchors, and what accepting it does to the article body. Pure.
//
// Range kinds (replace 改, delete 删, transpose 对调, query 疑问/批注) anchor the selected characters.
// Position kinds anchor a zero-width place through a neighbouring character and remember the side:
//   insert 增, new-paragraph 另起段: the character before the position ("after" side), or the one after
//     it at the start of a block ("before" side);
//   join-paragraphs 接排: a position at the end of a block joins it with the next block (the last
//     character is anchored, "after" side); at the start of a block joins it with the previous block
//     (the first character is anchored, "before" side).
// Transpose: `proposed` is the anchored text as it should read after the swap (the same characters in
// another order, e.g. 的地 → 地的); left empty on two characters it means "swap the two".
// Accepting a query changes nothing but acknowledges it.

import type { ArticleDoc, SerializedBlock } from '../article-doc';
import type { CorrectionKind } from '../proof';
import { blockTexts, findMark, removeMark, type AnchorRange } from './anchor';
import { flatten, isInlineBlock, isTextNode, leafLength, normalise, offsetsOf, rebuild, splitAt, type Leaf } from './leaves';

export type AnchorSide = 'before' | 'after';

export const POSITION_KINDS: readonly CorrectionKind[] = ['insert', 'new-paragraph', 'join-paragraphs'];

export class CorrectionError extends Error {
  constructor(
    readonly reason:
      | 'no_such_block'
      | 'not_text_block'
      | 'bad_range'
      | 'position_expected'
      | 'empty_block'
      | 'proposed_required'
      | 'proposed_not_allowed'
      | 'line_break_in_proposed'
      | 'not_a_transposition'
      | 'nothing_to_join'
      | 'not_at_block_edge'
      | 'orphaned'
      | 'anchored_text_changed',
    message: string,
  ) {
    super(message);
    this.name = 'CorrectionError';
  }
}

export interface Placement {
  range: AnchorRange;
  side: AnchorSide | null;
  /** The anchored characters. */
  original: string;
  /** `proposed` as it will be stored (a transpose of two characters may be filled in). */
  proposed: string;
}

/** Checks a proposal against the body's current text and decides what to anchor. */
export function placeCorrection(
  doc: ArticleDoc,
  p: { kind: CorrectionKind; blockIndex: number; start: number; end: number; proposed: string },
): Placement {
  const block = doc.root.children[p.blockIndex];
  if (!block) throw new CorrectionError('no_such_block', `the article has no block ${p.blockIndex}`);
  if (!isInlineBlock(block)) throw new CorrectionError('not_text_block', `block ${p.blockIndex} (${block.type}) cannot be corrected here`);
  const texts = blockTexts(doc);
  const text = texts[p.blockIndex]!;
  if (p.proposed.includes('\n')) throw new CorrectionError('line_break_in_proposed', 'use 另起段 (new-paragraph) to break a paragraph');

  if (POSITION_KINDS.includes(p.kind)) {
    if (p.start !== p.end) throw new CorrectionError('position_expected', `${p.kind} takes a position (start = end), not a range`);
    const at = p.start;
    if (at > text.length) throw new CorrectionError('bad_range', `position ${at} is beyond block ${p.blockIndex} (${text.length} characters)`);
    if (text.length === 0) throw new CorrectionError('empty_block', `block ${p.blockIndex} is empty`);
    if (p.kind === 'insert' && p.proposed === '') throw new CorrectionError('proposed_required', 'an insertion needs the text to insert');
    if (p.kind !== 'insert' && p.proposed !== '') throw new CorrectionError('proposed_not_allowed', `${p.kind} takes no proposed text`);
    if (p.kind === 'new-paragraph' && (at === 0 || at === text.length)) {
      throw new CorrectionError('not_at_block_edge', 'a new paragraph starts inside a paragraph, not at its edge');
    }
    if (p.kind === 'join-paragraphs') {
      if (at !== 0 && at !== text.length) throw new CorrectionError('not_at_block_edge', 'join paragraphs at the end of one or the start of the next');
      const neighbour = at === text.length ? p.blockIndex + 1 : p.blockIndex - 1;
      const other = doc.root.children[neighbour];
      if (!other || !isInlineBlock(other)) throw new CorrectionError('nothing_to_join', `no paragraph to join block ${p.blockIndex} with`);
    }
    const side: AnchorSide = at > 0 && !(p.kind === 'join-paragraphs' && at === 0) ? 'after' : 'before';
    const range = side === 'after' ? { blockIndex: p.blockIndex, start: at - 1, end: at } : { blockIndex: p.blockIndex, start: at, end: at + 1 };
    return { range, side, original: text.slice(range.start, range.end), proposed: p.proposed };
  }

  if (!(p.start >= 0 && p.start < p.end && p.end <= text.length)) {
    throw new CorrectionError('bad_range', `range ${p.start}..${p.end} is not inside block ${p.blockIndex} (${text.length} characters)`);
  }
  const original = text.slice(p.start, p.end);
  let proposed = p.proposed;
  if (p.kind === 'replace' && proposed === '') throw new CorrectionError('proposed_required', 'a replacement needs the new text (use delete to remove text)');
  if ((p.kind === 'delete' || p.kind === 'query') && proposed !== '') throw new CorrectionError('proposed_not_allowed', `${p.kind} takes no proposed text`);
  if (p.kind === 'transpose') {
    const chars = Array.from(original);
    if (proposed === '' && chars.length === 2) proposed = chars[1]! + chars[0]!;
    const sorted = (s: string) => Array.from(s).sort().join('');
    if (proposed === original || sorted(proposed) !== sorted(original)) {
      throw new CorrectionError('not_a_transposition', 'a transposition gives the same characters in another order');
    }
  }
  return { range: { blockIndex: p.blockIndex, start: p.start, end: p.end }, side: null, original, proposed };
}

function withBlocks(doc: ArticleDoc, children: SerializedBlock[]): ArticleDoc {
  return { ...doc, root: { ...doc.root, children } };
}

/** Replaces characters [start, end) of a block with `text`. The new text takes the formatting and
 *  the surrounding marks of the first replaced character; a pure insertion those of the neighbour on
 *  `side` ("after": the character before the position, "before": the one after it). */
export function spliceBlockText(block: SerializedBlock, start: number, end: number, text: string, side: AnchorSide = 'after'): SerializedBlock {
  const leaves = splitAt(splitAt(flatten(block.children), start), end);
  const offsets = offsetsOf(leaves);
  const out: Leaf[] = [];
  let template: Leaf | null = null;
  let insertAt = -1;
  leaves.forEach((leaf, i) => {
    const len = leafLength(leaf);
    const from = offsets[i]!;
    if (len > 0 && from >= start && from + len <= end) {
      if (insertAt < 0) insertAt = out.length;
      if (!template && isTextNode(leaf.node)) template = leaf;
      return;
    }
    out.push(leaf);
  });
  if (text !== '') {
    if (insertAt < 0) {
      // A pure insertion: next to the neighbour on the anchored side.
      const outOffsets = offsetsOf(out);
      const before = out.findIndex((l, i) => isTextNode(l.node) && outOffsets[i]! + leafLength(l) === start && leafLength(l) > 0);
      const after = out.findIndex((l, i) => isTextNode(l.node) && outOffsets[i]! === start && leafLength(l) > 0);
      const pick = side === 'after' ? (before >= 0 ? before : after) : after >= 0 ? after : before;
      if (pick >= 0) {
        template = out[pick]!;
        insertAt = pick === before ? pick + 1 : pick;
      } else {
        insertAt = out.findIndex((_, i) => outOffsets[i]! >= start);
        if (insertAt < 0) insertAt = out.length;
      }
    }
    const t = template as Leaf | null;
    const node = t && isTextNode(t.node)
      ? { ...t.node, text, mode: 'normal' as const }
      : { type: 'text' as const, text, format: 0, detail: 0, mode: 'normal' as const, style: '', version: 1 as const };
    out.splice(insertAt, 0, { node, ancestors: t ? t.ancestors : [] });
  }
  return { ...block, children: rebuild(normalise(out)) };
}

function splitBlock(block: SerializedBlock, at: number): [SerializedBlock, SerializedBlock] {
  const leaves = splitAt(flatten(block.children), at);
  const offsets = offsetsOf(leaves);
  const head = leaves.filter((l, i) => offsets[i]! + leafLength(l) <= at && !(leafLength(l) === 0 && offsets[i]! === at));
  const tail = leaves.slice(head.length);
  const second: SerializedBlock = { ...block, children: rebuild(normalise(tail)) };
  // A caption shows one photo: the paragraph split off it does not show it again.
  delete (second as Record<string, unknown>).photoId;
  return [{ ...block, children: rebuild(normalise(head)) }, second];
}

function joinBlocks(first: SerializedBlock, second: SerializedBlock): SerializedBlock {
  return { ...first, children: rebuild(normalise([...flatten(first.children), ...flatten(second.children)])) };
}

/**
 * The body after accepting a correction: the change applied where its mark is now, the mark removed.
 * Replace, delete and transpose refuse when the anchored text is no longer the original (someone
 * edited it since): the editor must look at it again.
 */
export function applyCorrection(
  doc: ArticleDoc,
  c: { markId: string; kind: CorrectionKind; original: string; proposed: string; side: AnchorSide | null },
): ArticleDoc {
  const range = findMark(doc, c.markId);
  if (!range) throw new CorrectionError('orphaned', `mark ${c.markId} is no longer in the text`);
  const unmarked = removeMark(doc, c.markId);
  if (c.kind === 'query') return unmarked;
  const blocks = unmarked.root.children.slice();
  const block = blocks[range.blockIndex]!;
  const anchored = blockTexts(unmarked)[range.blockIndex]!.slice(range.start, range.end);
  const side = c.side ?? 'after';
  const at = side === 'after' ? range.end : range.start;
  switch (c.kind) {
    case 'replace':
    case 'delete':
    case 'transpose':
      if (anchored !== c.original) {
        throw new CorrectionError('anchored_text_changed', `the anchored text now reads “${anchored}”, not “${c.original}”`);
      }
      blocks[range.blockIndex] = spliceBlockText(block, range.start, range.end, c.kind === 'delete' ? '' : c.proposed);
      return withBlocks(unmarked, blocks);
    case 'insert':
      blocks[range.blockIndex] = spliceBlockText(block, at, at, c.proposed, side);
      return withBlocks(unmarked, blocks);
    case 'new-paragraph': {
      const [head, tail] = splitBlock(block, at);
      blocks.splice(range.blockIndex, 1, head, tail);
      return withBlocks(unmarked, blocks);
    }
    case 'join-paragraphs': {
      const firstIndex = side === 'after' ? range.blockIndex : range.blockIndex - 1;
      const first = blocks[firstIndex];
      const second = blocks[firstIndex + 1];
      if (!first || !second || !isInlineBlock(first) || !isInlineBlock(second)) {
        throw new CorrectionError('nothing_to_join', `no paragraph to join block ${range.blockIndex} with`);
      }
      blocks.splice(firstIndex, 2, joinBlocks(first, second));
      return withBlocks(unmarked, blocks);
    }
  }
}

/** Where the accepted change now stands, to re-anchor a correction reopened at 核红: the new text of
 *  a replacement, insertion or transposition; the character before a deletion or a break. */
export function appliedRange(before: ArticleDoc, c: { markId: string; kind: CorrectionKind; proposed: string; side: AnchorSide | null }): AnchorRange | null {
  const range = findMark(before, c.markId);
  if (!range) return null;
  const side = c.side ?? 'after';
  switch (c.kind) {
    case 'replace':
    case 'transpose':
      return { blockIndex: range.blockIndex, start: range.start, end: range.start + c.proposed.length };
    case 'insert': {
      const at = side === 'after' ? range.end : range.start;
      return { blockIndex: range.blockIndex, start: at, end: at + c.proposed.length };
    }
    case 'query':
      return range;
    case 'delete':
      return range.start > 0 ? { blockIndex: range.blockIndex, start: range.start - 1, end: range.start } : { blockIndex: range.blockIndex, start: 0, end: 1 };
    case 'new-paragraph': {
      const at = side === 'after' ? range.end : range.start;
      return { blockIndex: range.blockIndex, start: at - 1, end: at };
    }
    case 'join-paragraphs': {
      if (side === 'after') return range;
      const prev = blockTexts(before)[range.blockIndex - 1] ?? '';
      return { blockIndex: range.blockIndex - 1, start: prev.length + range.start, end: prev.length + range.end };
    }
  }
}
