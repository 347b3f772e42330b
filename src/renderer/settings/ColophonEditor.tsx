// 版权页: one issue's colophon as structured fields: organisation rows, the editorial board (heading,
// chair, vice chair, members, note), chief editor, editorial office roles and names, contacts,
// production and price. Board members are kept in 姓名笔画 order unless the manual order is on; then
// they print in the order given here. The price saved here is the one the colophon page, the PDF
// metadata and the preflight read.

import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Colophon, ColophonRow } from '../../shared/model';
import { inStrokeOrder as isInStrokeOrder, sortByStrokes } from '../../engine/issue/stroke-order';
import { getApi } from '../api/client';
import { useCan } from '../auth/can';
import { errorText } from '../i18n/messages';
import { FieldMessage, fieldErrorOf, SaveActions, type FieldError, type FormSaveState } from './field-error';

/** Names typed one to a line (or separated by 、，, or spaces) as a list. */
export function namesOf(text: string): string[] {
  return text
    .split(/[\n、，,;；\s]+/u)
    .map((n) => n.trim())
    .filter((n) => n !== '');
}

type Draft = Omit<Colophon, 'editorialBoard' | 'editorialOffice'> & {
  board: Omit<Colophon['editorialBoard'], 'members' | 'manualOrder'> & { membersText: string };
  office: { role: string; namesText: string }[];
  manual: boolean;
};

function draftOf(c: Colophon): Draft {
  const { editorialBoard, editorialOffice, ...rest } = c;
  const { members, manualOrder, ...board } = editorialBoard;
  return {
    ...rest,
    board: { ...board, membersText: members.join('\n') },
    office: editorialOffice.map((r) => ({ role: r.role, namesText: r.names.join('、') })),
    manual: manualOrder === true,
  };
}

function colophonOf(d: Draft): Colophon {
  const { board, office, manual, ...rest } = d;
  const { membersText, ...boardRest } = board;
  return {
    ...rest,
    editorialBoard: { ...boardRest, members: namesOf(membersText), manualOrder: manual },
    editorialOffice: office.map((r) => ({ role: r.role, names: namesOf(r.namesText) })),
  };
}

type Group = 'organisation' | 'contacts' | 'production';

export function ColophonEditor({ issueId }: { issueId: number }) {
  const { t } = useTranslation();
  const mayUpdate = useCan('updateColophon');
  const [draft, setDraft] = useState<Draft | null>(null);
  // The colophon as last read or saved: the server refuses a save over someone else's newer one.
  const [base, setBase] = useState<Colophon | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<FieldError | null>(null);
  const [state, setState] = useState<FormSaveState>('idle');

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const api = getApi();
        const c = await api.getColophon({ issueId });
        if (live) {
          setDraft(draftOf(c));
          setBase(c);
        }
      } catch (e) {
        if (live) setLoadError(e);
      }
    })();
    return () => {
      live = false;
    };
  }, [issueId]);

  const members = useMemo(() => (draft ? namesOf(draft.board.membersText) : []), [draft]);
  // The board prints in the order entered; 姓名笔画 order is offered, never applied behind the editor's back.
  const printed = members;
  const strokeOrder = useMemo(() => sortByStrokes(members), [members]);
  const inStrokeOrder = isInStrokeOrder(members);

  if (loadError) return <p className="error" role="alert">{t('settings.colophon.loadFailed', { reason: errorText(t, loadError) })}</p>;
  if (!draft) return <p className="muted">{t('settings.loading')}</p>;

  const edit = (fn: (d: Draft) => Draft) => {
    setDraft(fn(draft));
    setState('idle');
  };

  const save = async () => {
    // The form shows only once the colophon is read, so base is set; a save names what it replaces.
    if (!base) return;
    setError(null);
    setState('saving');
    try {
      const saved = await getApi().updateColophon({ issueId, colophon: { ...colophonOf(draft) }, base: { ...base } });
      setDraft(draftOf(saved));
      setBase(saved);
      setState('saved');
    } catch (e) {
      setState('idle');
      setError(fieldErrorOf(t, e));
    }
  };

  const rows = (group: Group, path: string) => (
    <fieldset className="colophon-rows" key={group}>
      <legend>{t(`settings.colophon.${group}`)}</legend>
      {draft[group].map((r: ColophonRow, k: number) => (
        <div className="colophon-row" key={k}>
          <input aria-label={t('settings.colophon.label')} value={r.label} onChange={(e) => edit((d) => ({ ...d, [group]: d[group].map((x, j) => (j === k ? { ...x, label: e.target.value } : x)) }))} />
          <input className="wide" aria-label={r.label || t('settings.colophon.value')} value={r.value} onChange={(e) => edit((d) => ({ ...d, [group]: d[group].map((x, j) => (j === k ? { ...x, value: e.target.value } : x)) }))} />
          <button type="button" className="link" aria-label={t('settings.colophon.removeRow', { label: r.label })} onClick={() => edit((d) => ({ ...d, [group]: d[group].filter((_, j) => j !== k) }))}>
            ✕
          </button>
          <FieldMessage error={error} path={`${path}[${k}].label`} />
          <FieldMessage error={error} path={`${path}[${k}].value`} />
        </div>
      ))}
      <button type="button" onClick={() => edit((d) => ({ ...d, [group]: [...d[group], { label: '', value: '' }] }))}>
        {t('settings.colophon.addRow')}
      </button>
    </fieldset>
  );

  const text = (label: string, value: string, set: (v: string) => void, path: string, name?: string) => (
    <label className="settings-field">
      <span>{label}</span>
      <input name={name} value={value} onChange={(e) => set(e.target.value)} aria-invalid={error?.path === path || undefined} />
      <FieldMessage error={error} path={path} />
    </label>
  );

  const b = draft.board;
  const setBoard = (patch: Partial<Draft['board']>) => edit((d) => ({ ...d, board: { ...d.board, ...patch } }));
  return (
    <form
      className="settings-form colophon-editor"
      aria-label={t('settings.sections.colophon')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>{t('settings.sections.colophon')}</h2>
      {rows('organisation', 'colophon.organisation')}

      <fieldset>
        <legend>{t('settings.colophon.board')}</legend>
        <div className="settings-grid">
          {text(t('settings.colophon.boardHeading'), b.heading, (v) => setBoard({ heading: v }), 'colophon.editorialBoard.heading')}
          {text(t('settings.colophon.roleChair'), b.roles.chair, (v) => setBoard({ roles: { ...b.roles, chair: v } }), 'colophon.editorialBoard.roles.chair')}
          {text(t('settings.colophon.chair'), b.chair, (v) => setBoard({ chair: v }), 'colophon.editorialBoard.chair')}
          {text(t('settings.colophon.roleViceChair'), b.roles.viceChair, (v) => setBoard({ roles: { ...b.roles, viceChair: v } }), 'colophon.editorialBoard.roles.viceChair')}
          {text(t('settings.colophon.viceChair'), b.viceChair, (v) => setBoard({ viceChair: v }), 'colophon.editorialBoard.viceChair')}
          {text(t('settings.colophon.roleMembers'), b.roles.members, (v) => setBoard({ roles: { ...b.roles, members: v } }), 'colophon.editorialBoard.roles.members')}
        </div>
        <div className="board-members">
          <label className="settings-field">
            <span>{t('settings.colophon.members')}</span>
            <textarea name="members" rows={8} value={b.membersText} onChange={(e) => setBoard({ membersText: e.target.value })} />
            <FieldMessage error={error} path={error?.path.startsWith('colophon.editorialBoard.members') ? error.path : ''} />
          </label>
          <div className="board-order">
            <label className="toggle">
              <input type="checkbox" name="manualBoardOrder" checked={draft.manual} onChange={(e) => edit((d) => ({ ...d, manual: e.target.checked }))} />
              {t('settings.colophon.manualOrder')}
            </label>
            <p className="muted">{draft.manual ? t('settings.colophon.manualHint') : t('settings.colophon.autoHint')}</p>
            <p className="printed-order" aria-label={t('settings.colophon.printedOrder')}>
              {t('settings.colophon.printedOrderList', { names: printed.join('　') })}
            </p>
            {!inStrokeOrder && !draft.manual && (
              <p className="stroke-suggestion">
                {t('settings.colophon.strokeSuggestion', { names: strokeOrder.join('　') })}{' '}
                <button type="button" className="link" onClick={() => setBoard({ membersText: strokeOrder.join('\n') })}>
                  {t('settings.colophon.applyStrokeOrder')}
                </button>
              </p>
            )}
          </div>
        </div>
        {text(t('settings.colophon.note'), b.note, (v) => setBoard({ note: v }), 'colophon.editorialBoard.note')}
      </fieldset>

      <fieldset>
        <legend>{t('settings.colophon.office')}</legend>
        <div className="settings-grid">
          {text(t('settings.colophon.chiefEditorRole'), draft.chiefEditor.role, (v) => edit((d) => ({ ...d, chiefEditor: { ...d.chiefEditor, role: v } })), 'colophon.chiefEditor.role')}
          {text(t('settings.colophon.chiefEditorName'), draft.chiefEditor.name, (v) => edit((d) => ({ ...d, chiefEditor: { ...d.chiefEditor, name: v } })), 'colophon.chiefEditor.name')}
          {text(t('settings.colophon.officeHeading'), draft.editorialOfficeHeading, (v) => edit((d) => ({ ...d, editorialOfficeHeading: v })), 'colophon.editorialOfficeHeading')}
        </div>
        {draft.office.map((r, k) => (
          <div className="colophon-row" key={k}>
            <input aria-label={t('settings.colophon.officeRole')} value={r.role} onChange={(e) => edit((d) => ({ ...d, office: d.office.map((x, j) => (j === k ? { ...x, role: e.target.value } : x)) }))} />
            <input className="wide" aria-label={t('settings.colophon.officeNames', { role: r.role })} value={r.namesText} onChange={(e) => edit((d) => ({ ...d, office: d.office.map((x, j) => (j === k ? { ...x, namesText: e.target.value } : x)) }))} />
            <button type="button" className="link" aria-label={t('settings.colophon.removeRow', { label: r.role })} onClick={() => edit((d) => ({ ...d, office: d.office.filter((_, j) => j !== k) }))}>
              ✕
            </button>
          </div>
        ))}
        <button type="button" onClick={() => edit((d) => ({ ...d, office: [...d.office, { role: '', namesText: '' }] }))}>
          {t('settings.colophon.addRole')}
        </button>
      </fieldset>

      {rows('contacts', 'colophon.contacts')}
      {rows('production', 'colophon.production')}

      <fieldset>
        <legend>{t('settings.colophon.price')}</legend>
        <div className="settings-grid">
          {text(t('settings.colophon.priceLabel'), draft.price.label, (v) => edit((d) => ({ ...d, price: { ...d.price, label: v } })), 'colophon.price.label')}
          {text(t('settings.colophon.priceValue'), draft.price.value, (v) => edit((d) => ({ ...d, price: { ...d.price, value: v } })), 'colophon.price.value', 'priceValue')}
        </div>
        <p className="muted">{t('settings.colophon.priceNote')}</p>
      </fieldset>

      <SaveActions label={t('settings.colophon.save')} state={state} deniedReason={mayUpdate.reason} unplacedError={error && !error.path.startsWith('colophon.') ? error.text : null}>
        {error && error.path.startsWith('colophon.') && (
          <span className="error" role="alert">
            {t('settings.colophon.fieldError', { message: error.text })}
          </span>
        )}
      </SaveActions>
    </form>
  );
}
