// The proof side of the open article: in proof mode a toolbar that turns the selection (or the caret)
// into a proposed correction (改 删 增 对调 另起段 接排 疑问), and the list of corrections filterable
// by round, status, article and person, each as a card (reply; 接受 / 拒绝 for an editor). The list
// follows other people's work by polling; a change to this article's corrections made elsewhere
// reloads the article when nothing typed here is waiting to be saved.

import type { LexicalEditor } from 'lexical';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CORRECTION_KINDS, type Correction, type CorrectionKind, type CorrectionStatus, type ProofRound } from '../../shared/proof';
import { getApi } from '../api/client';
import { useErrorText } from '../i18n/messages';
import { CorrectionCard } from './CorrectionCard';
import { authorsOf, correctionsSignature, filterCorrections, type CorrectionFilter } from './correction-filter';
import { readSelectionRange, type BlockRange } from './proof-editor';
import { useCan } from '../auth/can';
import './proof.css';

/** How often the list asks for other people's corrections, ms. */
export const CORRECTIONS_POLL_MS = 3000;

const RANGE_KINDS: readonly CorrectionKind[] = ['replace', 'delete', 'transpose', 'query'];
const WITH_PROPOSED: readonly CorrectionKind[] = ['replace', 'insert', 'transpose'];

export interface CorrectionsPanelProps {
  issueId: number;
  articleId: number;
  editor: LexicalEditor | null;
  proofMode: boolean;
  /** The revision the editor holds (proposals are made against it). */
  revision: () => number;
  /** Writes pending edits first (an accept changes the stored text). */
  flush: () => Promise<void>;
  /** A proposal (or a change elsewhere) changed the stored article: reload it. */
  onReload: () => void;
  /** An accepted correction: bring the stored body into the editor as one undoable step. */
  onAccepted: (revision: number) => Promise<void>;
  /** True while edits typed here wait to be saved (a reload would drop them). */
  hasUnsavedChanges: () => boolean;
  selectedId: number | null;
  onSelect: (id: number | null) => void;
  onCorrections: (list: Correction[]) => void;
}

type Draft = { kind: CorrectionKind; range: BlockRange; proposed: string; note: string };

export function CorrectionsPanel(props: CorrectionsPanelProps) {
  const { issueId, articleId, editor, proofMode, selectedId, onSelect } = props;
  const { t } = useTranslation();
  const errorText = useErrorText();
  const mayPropose = useCan('proposeCorrection');
  const [corrections, setCorrections] = useState<Correction[]>([]);
  const [rounds, setRounds] = useState<ProofRound[]>([]);
  const [titles, setTitles] = useState<Map<number, string>>(new Map());
  const [filter, setFilter] = useState<CorrectionFilter>({ roundId: null, status: null, articleId, author: null });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const propsRef = useRef(props);
  propsRef.current = props;
  const signature = useRef<string | null>(null);
  const lastAction = useRef(0);

  const load = useCallback(async () => {
    const startedAt = Date.now();
    const [list, roundList] = await Promise.all([getApi().listCorrections({ issueId }), getApi().listRounds({ issueId })]);
    setCorrections(list);
    setRounds(roundList);
    propsRef.current.onCorrections(list);
    const next = correctionsSignature(list, articleId);
    const before = signature.current;
    signature.current = next;
    // Someone else proposed, accepted or rejected here: the stored text and revision moved on.
    if (before !== null && before !== next && startedAt > lastAction.current && !propsRef.current.hasUnsavedChanges()) propsRef.current.onReload();
  }, [issueId, articleId]);

  useEffect(() => {
    signature.current = null;
    setFilter((f) => ({ ...f, articleId: f.articleId === null ? null : articleId }));
    let stopped = false;
    const tick = () => {
      if (stopped || document.visibilityState === 'hidden') return;
      load().catch(() => {
        // Polling is best effort; the next tick tries again.
      });
    };
    tick();
    const timer = setInterval(tick, CORRECTIONS_POLL_MS);
    getApi()
      .getIssueOutline({ issueId })
      .then((o) => setTitles(new Map(o.sections.flatMap((s) => s.articles.map((a) => [a.id, a.titleLines.join('')] as const)))))
      .catch(() => setTitles(new Map()));
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [issueId, articleId, load]);

  const roundName = useMemo(() => new Map(rounds.map((r) => [r.id, r.name])), [rounds]);
  const openRound = rounds.find((r) => r.state === 'open') ?? null;
  const shown = filterCorrections(corrections, filter);
  const authors = authorsOf(corrections);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    try {
      await work();
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      lastAction.current = Date.now();
      setBusy(false);
      // The list and the article's fingerprint as they are now, so this action is not taken for someone else's.
      await load().catch(() => {});
      lastAction.current = Date.now();
    }
  };

  function startDraft(kind: CorrectionKind) {
    setMessage(null);
    if (!mayPropose.allowed) {
      setMessage(mayPropose.reason);
      return;
    }
    if (!editor) return;
    const read = readSelectionRange(editor);
    if (read.kind === 'across-blocks') return setMessage(t('proof.propose.oneBlock'));
    if (read.kind === 'none') return setMessage(t('proof.propose.selectFirst'));
    let range = read.range;
    if (RANGE_KINDS.includes(kind) && range.start === range.end) return setMessage(t('proof.propose.selectText'));
    // Position kinds take a place: the end of a selection stands for its caret.
    if (!RANGE_KINDS.includes(kind)) range = { ...range, start: range.end, text: '' };
    setDraft({ kind, range, proposed: kind === 'replace' ? range.text : '', note: '' });
  }

  function submitDraft(d: Draft) {
    void act(async () => {
      const answer = await getApi().proposeCorrection({
        articleId,
        baseRevision: propsRef.current.revision(),
        blockIndex: d.range.blockIndex,
        start: d.range.start,
        end: d.range.end,
        kind: d.kind,
        proposed: WITH_PROPOSED.includes(d.kind) ? d.proposed : '',
        note: d.note,
      });
      setDraft(null);
      onSelect(answer.correction.id);
      propsRef.current.onReload();
    });
  }

  const accept = (id: number) => {
    void act(async () => {
      await propsRef.current.flush();
      const answer = await getApi().acceptCorrection({ correctionId: id });
      if (answer.correction.articleId === articleId) await propsRef.current.onAccepted(answer.revision);
    });
  };
  const reject = (id: number, reason: string) => {
    void act(async () => void (await getApi().rejectCorrection({ correctionId: id, reason })));
  };
  const reply = (id: number, text: string) => {
    void act(async () => void (await getApi().replyToCorrection({ correctionId: id, text })));
  };

  // Before proofreading starts (no round opened, no corrections) the desk keeps its full width.
  const proofreadingStarted = corrections.length > 0 || rounds.some((r) => r.state !== 'planned');
  if (!proofMode && !proofreadingStarted) return null;
  return (
    <aside className="corrections-panel" aria-label={t('proof.corrections')} data-testid="corrections-panel">
      {proofMode && (
        <div className="proof-toolbar" role="toolbar" aria-label={t('proof.propose.toolbar')}>
          {CORRECTION_KINDS.map((kind) => (
            <button
              key={kind}
              type="button"
              data-kind={kind}
              title={mayPropose.reason ?? t(`proof.kindHints.${kind}`)}
              disabled={!mayPropose.allowed || busy}
              // Keep the selection in the text while the button is pressed.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => startDraft(kind)}
            >
              {t(`proof.kinds.${kind}`)}
            </button>
          ))}
          <span className="muted proof-round-hint">{openRound ? t('proof.inRound', { name: openRound.name }) : t('proof.noOpenRound')}</span>
        </div>
      )}
      {draft && (
        <form
          className="proof-draft"
          data-testid="proof-draft"
          onSubmit={(e) => {
            e.preventDefault();
            submitDraft(draft);
          }}
        >
          <p>
            <strong>{t(`proof.kinds.${draft.kind}`)}</strong>{' '}
            {draft.range.text !== '' ? <del>{draft.range.text}</del> : <span className="muted">{t('proof.propose.atCaret')}</span>}
          </p>
          {WITH_PROPOSED.includes(draft.kind) && (
            <label>
              <span>{t(draft.kind === 'insert' ? 'proof.propose.insertText' : draft.kind === 'transpose' ? 'proof.propose.transposed' : 'proof.propose.replacement')}</span>
              <input autoFocus data-testid="proof-proposed" value={draft.proposed} maxLength={5000} onChange={(e) => setDraft({ ...draft, proposed: e.target.value })} />
            </label>
          )}
          <label>
            <span>{t(draft.kind === 'query' ? 'proof.propose.query' : 'proof.propose.note')}</span>
            <textarea data-testid="proof-note" rows={2} value={draft.note} maxLength={5000} onChange={(e) => setDraft({ ...draft, note: e.target.value })} />
          </label>
          <div className="proof-draft-actions">
            <button type="submit" disabled={busy}>
              {t('proof.propose.submit')}
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              {t('proof.cancel')}
            </button>
          </div>
        </form>
      )}
      {message && (
        <p className="error" role="alert" data-testid="proof-message">
          {message}
        </p>
      )}
      <div className="correction-filters">
        <select aria-label={t('proof.filter.round')} value={filter.roundId ?? ''} onChange={(e) => setFilter({ ...filter, roundId: e.target.value === '' ? null : Number(e.target.value) })}>
          <option value="">{t('proof.filter.allRounds')}</option>
          {rounds.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
        <select aria-label={t('proof.filter.status')} value={filter.status ?? ''} onChange={(e) => setFilter({ ...filter, status: e.target.value === '' ? null : (e.target.value as CorrectionStatus) })}>
          <option value="">{t('proof.filter.allStatuses')}</option>
          {(['open', 'accepted', 'rejected'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`proof.status.${s}`)}
            </option>
          ))}
        </select>
        <select aria-label={t('proof.filter.article')} value={filter.articleId === null ? 'all' : 'this'} onChange={(e) => setFilter({ ...filter, articleId: e.target.value === 'all' ? null : articleId })}>
          <option value="this">{t('proof.filter.thisArticle')}</option>
          <option value="all">{t('proof.filter.allArticles')}</option>
        </select>
        <select aria-label={t('proof.filter.person')} value={filter.author ?? ''} onChange={(e) => setFilter({ ...filter, author: e.target.value === '' ? null : e.target.value })}>
          <option value="">{t('proof.filter.everyone')}</option>
          {authors.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      <p className="muted correction-count" data-testid="correction-count">
        {t('proof.count', { shown: shown.length, total: corrections.length })}
      </p>
      <ul className="correction-list">
        {shown.map((c) => (
          <CorrectionCard
            key={c.id}
            correction={c}
            roundName={roundName.get(c.roundId) ?? ''}
            articleTitle={c.articleId !== articleId ? titles.get(c.articleId) : undefined}
            selected={c.id === selectedId}
            busy={busy}
            onSelect={(id) => onSelect(id === selectedId ? null : id)}
            onAccept={accept}
            onReject={reject}
            onReply={reply}
          />
        ))}
      </ul>
    </aside>
  );
}
