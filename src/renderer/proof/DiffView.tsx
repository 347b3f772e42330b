// Differences between rounds: an article's text now against its text when the previous round opened
// (getArticleDiff), insertions and deletions marked character by character; and the changed ranges
// per block, which the page preview flags in the margin.

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticleDiff } from '../../shared/proof';
import { getApi } from '../api/client';
import { useErrorText } from '../i18n/messages';

/** Ranges of the current block text that changed: inserted characters, and zero-width places where text was deleted. */
export function changedRangesOf(diff: ArticleDiff): Map<number, [number, number][]> {
  const out = new Map<number, [number, number][]>();
  for (const block of diff.blocks) {
    let at = 0;
    const ranges: [number, number][] = [];
    for (const seg of block.segments) {
      if (seg.op === 'equal') at += seg.text.length;
      else if (seg.op === 'insert') {
        ranges.push([at, at + seg.text.length]);
        at += seg.text.length;
      } else ranges.push([at, at]);
    }
    if (ranges.length > 0) out.set(block.blockIndex, ranges);
  }
  return out;
}

/** The changed ranges of an article since the previous round (null while off, unknown, or no round opened yet). */
export function useChangedRanges(articleId: number | null, revision: number): Map<number, [number, number][]> | null {
  const [ranges, setRanges] = useState<Map<number, [number, number][]> | null>(null);
  useEffect(() => {
    if (articleId === null) {
      setRanges(null);
      return;
    }
    let cancelled = false;
    getApi()
      .getArticleDiff({ articleId })
      .then((diff) => !cancelled && setRanges(changedRangesOf(diff)))
      .catch(() => !cancelled && setRanges(null));
    return () => {
      cancelled = true;
    };
  }, [articleId, revision]);
  return ranges;
}

export function DiffView({ articleId, sinceRoundId }: { articleId: number; sinceRoundId?: number }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'ready'; diff: ArticleDiff } | { kind: 'failed'; error: unknown }>({ kind: 'loading' });
  useEffect(() => {
    let cancelled = false;
    setState({ kind: 'loading' });
    getApi()
      .getArticleDiff(sinceRoundId ? { articleId, sinceRoundId } : { articleId })
      .then((diff) => !cancelled && setState({ kind: 'ready', diff }))
      .catch((error: unknown) => !cancelled && setState({ kind: 'failed', error }));
    return () => {
      cancelled = true;
    };
  }, [articleId, sinceRoundId]);
  if (state.kind === 'loading') return <p className="muted">{t('proof.loading')}</p>;
  if (state.kind === 'failed') return <p className="error">{errorText(state.error)}</p>;
  const { diff } = state;
  const changed = diff.blocks.filter((b) => b.segments.some((s) => s.op !== 'equal'));
  return (
    <div className="diff-view" data-testid="diff-view">
      <p className="muted">{t('proof.diff.summary', { since: diff.sinceName, inserted: diff.inserted, deleted: diff.deleted })}</p>
      {changed.length === 0 && <p className="muted">{t('proof.diff.none')}</p>}
      {changed.map((b) => (
        <p key={b.blockIndex} className="diff-block" data-block={b.blockIndex}>
          <span className="diff-index muted">¶{b.blockIndex + 1}</span>
          {b.segments.map((s, k) =>
            s.op === 'equal' ? (
              <span key={k}>{s.text}</span>
            ) : s.op === 'insert' ? (
              <ins key={k}>{s.text}</ins>
            ) : (
              <del key={k}>{s.text}</del>
            ),
          )}
        </p>
      ))}
    </div>
  );
}
