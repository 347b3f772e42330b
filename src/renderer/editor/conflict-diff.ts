// What differs between two versions of an article's text, for the conflict panel: the header fields
// compared character by character, the body block by block (src/shared/proof/diff.ts). Only changed
// parts are listed; long unchanged stretches inside a changed block are shortened to their context.

import type { ArticleDoc } from '../../shared/article-doc';
import type { DiffSegment } from '../../shared/proof';
import { blockTexts } from '../../shared/proof/anchor';
import { diffBlocks, diffChars } from '../../shared/proof/diff';

/** An article's text as the conflict panel compares it (and as a copy is saved). */
export interface ArticleText {
  titleLines: string[];
  subtitle: string | null;
  byline: string | null;
  authorInfo: string | null;
  body: ArticleDoc;
  endMark: boolean;
}

export type ChangedPartLabel = { kind: 'field'; field: 'title' | 'subtitle' | 'byline' | 'authorInfo' } | { kind: 'block'; n: number };

export interface ChangedTextPart {
  label: ChangedPartLabel;
  segments: DiffSegment[];
}

const CONTEXT = 24;

/** Shortens an unchanged stretch longer than twice the context (keeping its ends next to the changes). */
function shorten(segments: DiffSegment[]): DiffSegment[] {
  return segments.map((s, i) => {
    if (s.op !== 'equal') return s;
    const chars = Array.from(s.text);
    if (chars.length <= CONTEXT * 2 + 1) return s;
    const head = i === 0 ? '' : chars.slice(0, CONTEXT).join('');
    const tail = i === segments.length - 1 ? '' : chars.slice(-CONTEXT).join('');
    return { op: 'equal', text: `${head}…${tail}` };
  });
}

const changed = (segments: readonly DiffSegment[]) => segments.some((s) => s.op !== 'equal' && s.text !== '');

/** The parts of `after` that differ from `before`, in reading order. */
export function changedParts(before: ArticleText, after: ArticleText): ChangedTextPart[] {
  const out: ChangedTextPart[] = [];
  const fields = [
    ['title', before.titleLines.join('\n'), after.titleLines.join('\n')],
    ['subtitle', before.subtitle ?? '', after.subtitle ?? ''],
    ['byline', before.byline ?? '', after.byline ?? ''],
    ['authorInfo', before.authorInfo ?? '', after.authorInfo ?? ''],
  ] as const;
  for (const [field, a, b] of fields) {
    if (a !== b) out.push({ label: { kind: 'field', field }, segments: shorten(diffChars(a, b)) });
  }
  const body = diffBlocks(blockTexts(before.body), blockTexts(after.body));
  for (const block of body.blocks) {
    if (changed(block.segments)) out.push({ label: { kind: 'block', n: block.blockIndex + 1 }, segments: shorten(block.segments) });
  }
  return out;
}
