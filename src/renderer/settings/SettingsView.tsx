// 出版物设置: the publication's information, page layout (trim, margins, columns), the faces behind the
// font roles and the paragraph styles (sizes in 号 or pt), plus, when opened from an issue, that
// issue's colophon and board. The back end checks every value with the engine's rules; a refusal is
// shown next to the field it names.

import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { QikanError } from '../../shared/errors';
import type { Publication } from '../../shared/model';
import {
  ALIGNMENTS,
  EDITABLE_STYLE_NAMES,
  FONT_ROLES,
  type AvailableFont,
  type EditableStyleName,
  PROOFREADING_REGIMES,
  type ProofreadingRegime,
  type PublicationSettings,
  type StyleSettings,
} from '../../shared/settings';
import { columnsFor } from '../../engine/flow/geometry';
import { DEFAULT_ISSUE_DESIGN } from '../../engine/issue/design';
import { MM_TO_PT } from '../../engine/styles/sizes';
import { getApi } from '../api/client';
import { useCan } from '../auth/can';
import { AccountsSection } from './AccountsSection';
import { navigate } from '../app/route';
import { errorText } from '../i18n/messages';
import { AddFont } from './AddFont';
import { CoverEditor } from './CoverEditor';
import { ColophonEditor } from './ColophonEditor';
import { FieldMessage, fieldErrorOf, SaveActions, type FieldError, type FormSaveState } from './field-error';
import { HAO_OPTIONS, haoOptionLabel, ptOf, sizeLabel } from './size-label';
import './settings.css';

export type SettingsSection = 'info' | 'layout' | 'fonts' | 'styles' | 'cover' | 'colophon' | 'accounts';
const SECTIONS: SettingsSection[] = ['info', 'layout', 'fonts', 'styles', 'cover', 'colophon', 'accounts'];
/** Sections about one issue (shown when the settings are opened from an issue). */
const ISSUE_SECTIONS: readonly SettingsSection[] = ['cover', 'colophon'];

type Info = Pick<Publication, 'title' | 'englishTitle' | 'cn' | 'cnLabel' | 'sponsor' | 'publisher' | 'priceValue'>;
const INFO_FIELDS: (keyof Info)[] = ['title', 'englishTitle', 'cn', 'cnLabel', 'sponsor', 'publisher', 'priceValue'];
const LAYOUT_FIELDS = ['marginTopMm', 'marginBottomMm', 'typeWidthEm', 'pitchPt', 'minGutterEm'] as const;

/** Number inputs keep what was typed; empty means "the default". */
type Draft = {
  info: Info & { pinyin: string };
  /** 三审三校 or none: kept on every save (a form that forgot it would silently switch the gate off). */
  proofreading: ProofreadingRegime;
  trimWidthMm: string;
  trimHeightMm: string;
  layout: Record<(typeof LAYOUT_FIELDS)[number], string> & { columns: string };
  fonts: NonNullable<PublicationSettings['fonts']>;
  styles: Partial<Record<EditableStyleName, StyleSettings>>;
  rest: PublicationSettings;
};

function draftOf(pub: Publication): Draft {
  const s = pub.settings as PublicationSettings;
  const layout = s.layout ?? {};
  const num = (v: number | undefined) => (v === undefined ? '' : String(v));
  return {
    info: { title: pub.title, englishTitle: pub.englishTitle, cn: pub.cn, cnLabel: pub.cnLabel, sponsor: pub.sponsor, publisher: pub.publisher, priceValue: pub.priceValue, pinyin: s.pinyin ?? '' },
    proofreading: s.proofreading ?? '三审三校',
    trimWidthMm: String(pub.trimWidthMm),
    trimHeightMm: String(pub.trimHeightMm),
    layout: {
      marginTopMm: num(layout.marginTopMm),
      marginBottomMm: num(layout.marginBottomMm),
      typeWidthEm: num(layout.typeWidthEm),
      pitchPt: num(layout.pitchPt),
      minGutterEm: num(layout.minGutterEm),
      columns: num(layout.columns),
    },
    fonts: s.fonts ?? {},
    styles: s.styles ?? {},
    rest: { ...(s.design ? { design: s.design } : {}) },
  };
}

function numberOrError(value: string, path: string, t: TFunction): number | undefined {
  if (value.trim() === '') return undefined;
  const n = Number(value.trim());
  if (!Number.isFinite(n)) throw { path, text: t('settings.rules.not_number') } satisfies FieldError;
  return n;
}

function patchOf(d: Draft, t: TFunction) {
  const layout: Record<string, number> = {};
  for (const f of [...LAYOUT_FIELDS, 'columns'] as const) {
    const n = numberOrError(d.layout[f], `settings.layout.${f}`, t);
    if (n !== undefined) layout[f] = n;
  }
  const fonts = Object.fromEntries(Object.entries(d.fonts).filter(([, v]) => v && Object.keys(v).length > 0));
  const styles = Object.fromEntries(Object.entries(d.styles).filter(([, v]) => v && Object.keys(v).length > 0));
  const settings: PublicationSettings = {
    ...d.rest,
    ...(d.info.pinyin.trim() ? { pinyin: d.info.pinyin.trim() } : {}),
    proofreading: d.proofreading,
    ...(Object.keys(layout).length ? { layout } : {}),
    ...(Object.keys(fonts).length ? { fonts } : {}),
    ...(Object.keys(styles).length ? { styles } : {}),
  };
  const { pinyin: _pinyin, ...info } = d.info;
  void _pinyin;
  return {
    ...info,
    trimWidthMm: numberOrError(d.trimWidthMm, 'trimWidthMm', t) ?? 0,
    trimHeightMm: numberOrError(d.trimHeightMm, 'trimHeightMm', t) ?? 0,
    settings: settings as Record<string, unknown>,
  };
}

type Load = { kind: 'loading' } | { kind: 'ready'; pub: Publication } | { kind: 'failed'; error: unknown };

export function SettingsView({ issueId, section }: { issueId: number | null; section: SettingsSection | null }) {
  const { t } = useTranslation();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<FieldError | null>(null);
  const [saved, setSaved] = useState<FormSaveState>('idle');
  const mayUpdate = useCan('updatePublication');
  const sections = SECTIONS.filter((s) => !ISSUE_SECTIONS.includes(s) || issueId !== null);
  const current: SettingsSection = section && sections.includes(section) ? section : 'info';

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const api = getApi();
        const issue = issueId ?? (await api.listIssues({}))[0]?.id;
        if (issue === undefined) throw new QikanError('not_found', 'no issue in the library', { entity: t('settings.noIssue'), id: '' });
        const outline = await api.getIssueOutline({ issueId: issue });
        const pub = await api.getPublication({ publicationId: outline.publication.id });
        if (!live) return;
        setLoad({ kind: 'ready', pub });
        setDraft(draftOf(pub));
      } catch (e) {
        if (live) setLoad({ kind: 'failed', error: e });
      }
    })();
    return () => {
      live = false;
    };
  }, [issueId, t]);

  const go = (s: SettingsSection) => navigate({ view: 'settings', issueId, section: s });

  const save = useCallback(async () => {
    if (load.kind !== 'ready' || !draft) return;
    setError(null);
    setSaved('saving');
    try {
      // The publication as read: the server refuses a save over someone else's newer one.
      const pub = await getApi().updatePublication({ publicationId: load.pub.id, patch: patchOf(draft, t), base: { ...load.pub } });
      setLoad({ kind: 'ready', pub });
      setDraft(draftOf(pub));
      setSaved('saved');
    } catch (e) {
      setSaved('idle');
      setError(e && typeof e === 'object' && 'path' in e && 'text' in e ? (e as FieldError) : fieldErrorOf(t, e));
    }
  }, [draft, load, t]);

  const nav = (
    <nav className="settings-nav" aria-label={t('settings.title')}>
      <h1>{t('settings.title')}</h1>
      {sections.map((s) => (
        <button key={s} type="button" aria-current={s === current ? 'page' : undefined} onClick={() => go(s)}>
          {t(s === 'accounts' ? 'accounts.title' : `settings.sections.${s}`)}
        </button>
      ))}
      {issueId !== null && (
        <button type="button" className="link back" onClick={() => navigate({ view: 'issue', issueId, articleId: null })}>
          {t('settings.backToIssue')}
        </button>
      )}
    </nav>
  );
  // Accounts do not depend on the publication (a fresh library without issues still needs them).
  if (current === 'accounts')
    return (
      <main className="settings-view">
        {nav}
        <AccountsSection />
      </main>
    );
  if (load.kind === 'loading' || (load.kind === 'ready' && !draft)) return <main className="settings-view muted">{t('settings.loading')}</main>;
  if (load.kind === 'failed')
    return (
      <main className="settings-view">
        <p className="error" role="alert">
          {t('settings.loadFailed', { reason: errorText(t, load.error) })}
        </p>
      </main>
    );
  const d = draft!;
  const edit = (fn: (d: Draft) => Draft) => {
    setDraft(fn(d));
    setSaved('idle');
  };
  const available = (load.pub.settings.availableFonts ?? []) as AvailableFont[];
  // A font added to the library joins the choices; the unsaved draft stays as it is.
  const fontsAdded = (fonts: AvailableFont[]) =>
    setLoad((l) => (l.kind === 'ready' ? { kind: 'ready', pub: { ...l.pub, settings: { ...l.pub.settings, availableFonts: fonts } } } : l));

  return (
    <main className="settings-view">
      {nav}
      {current === 'colophon' && issueId !== null ? (
        <ColophonEditor issueId={issueId} />
      ) : current === 'cover' && issueId !== null ? (
        <CoverEditor issueId={issueId} />
      ) : (
        <form
          className="settings-form"
          aria-label={t(`settings.sections.${current}`)}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h2>{t(`settings.sections.${current}`)}</h2>
          {current === 'info' && <InfoSection draft={d} edit={edit} error={error} />}
          {current === 'layout' && <LayoutSection draft={d} edit={edit} error={error} />}
          {current === 'fonts' && <FontsSection draft={d} edit={edit} error={error} fonts={available} onFontsAdded={fontsAdded} />}
          {current === 'styles' && <StylesSection draft={d} edit={edit} error={error} />}
          <SaveActions
            label={t('settings.save')}
            state={saved}
            deniedReason={mayUpdate.reason}
            unplacedError={error && !error.path.match(/^(settings\.|trim|title|englishTitle|cn|cnLabel|sponsor|publisher|priceValue)/u) ? error.text : null}
          >
            {error && <OtherSectionHint error={error} current={current} go={go} />}
          </SaveActions>
        </form>
      )}
    </main>
  );
}

type SectionProps = { draft: Draft; edit: (fn: (d: Draft) => Draft) => void; error: FieldError | null };

/** A refusal for a field on another tab: say where it is, one click away. */
function OtherSectionHint({ error, current, go }: { error: FieldError; current: SettingsSection; go: (s: SettingsSection) => void }) {
  const { t } = useTranslation();
  const owner: SettingsSection = /^settings\.(layout|fonts|styles)/u.test(error.path)
    ? (error.path.split('.')[1] as SettingsSection)
    : /^trim/u.test(error.path)
      ? 'layout'
      : 'info';
  if (owner === current) return null;
  return (
    <button type="button" className="link error" role="alert" onClick={() => go(owner)}>
      {t('settings.errorElsewhere', { section: t(`settings.sections.${owner}`), message: error.text })}
    </button>
  );
}

function InfoSection({ draft, edit, error }: SectionProps) {
  const { t } = useTranslation();
  const fields = [...INFO_FIELDS.slice(0, 2), 'pinyin' as const, ...INFO_FIELDS.slice(2)];
  return (
    <div className="settings-grid">
      {fields.map((f) => {
        const path = f === 'pinyin' ? 'settings.pinyin' : f;
        return (
          <label key={f} className="settings-field">
            <span>{t(`settings.info.${f}`)}</span>
            <input
              name={f}
              value={draft.info[f]}
              onChange={(e) => edit((d) => ({ ...d, info: { ...d.info, [f]: e.target.value } }))}
              aria-invalid={error?.path === path || undefined}
            />
            <FieldMessage error={error} path={path} />
          </label>
        );
      })}
      <label className="settings-field">
        <span>{t('settings.info.proofreading')}</span>
        <select name="proofreading" value={draft.proofreading} onChange={(e) => edit((d) => ({ ...d, proofreading: e.target.value as ProofreadingRegime }))}>
          {PROOFREADING_REGIMES.map((r) => (
            <option key={r} value={r}>
              {t(`settings.info.proofreadingRegimes.${r}`)}
            </option>
          ))}
        </select>
        <small>{t('settings.info.proofreadingHint')}</small>
      </label>
    </div>
  );
}

function LayoutSection({ draft, edit, error }: SectionProps) {
  const { t } = useTranslation();
  const base = DEFAULT_ISSUE_DESIGN.page;
  const defaults: Record<string, number> = { ...base, columns: DEFAULT_ISSUE_DESIGN.columns };
  const bodyPt = ptOf(draft.styles.body?.size ?? DEFAULT_ISSUE_DESIGN.styles.body.size) ?? base.bodySizePt;
  const value = (f: keyof Draft['layout']) => (draft.layout[f].trim() === '' ? defaults[f]! : Number(draft.layout[f]));
  const derived = useMemo(() => {
    try {
      const typeWidthEm = value('typeWidthEm');
      const grid = columnsFor(typeWidthEm, value('columns'), value('minGutterEm'));
      const sideMm = (Number(draft.trimWidthMm) - (typeWidthEm * bodyPt) / MM_TO_PT) / 2;
      return t('settings.layout.derived', { columnEm: grid.columnEm, gutterEm: Math.round(grid.gutterEm * 100) / 100, sideMm: Math.round(sideMm * 10) / 10, bodyPt });
    } catch {
      return '';
    }
  }, [draft, bodyPt, t]);
  const numberField = (key: string, path: string, val: string, set: (v: string) => void, unit: string, placeholder?: number) => (
    <label key={key} className="settings-field">
      <span>{t(`settings.layout.${key}`)}</span>
      <span className="with-unit">
        <input name={key} inputMode="decimal" value={val} placeholder={placeholder === undefined ? '' : String(placeholder)} onChange={(e) => set(e.target.value)} aria-invalid={error?.path === path || undefined} />
        <span className="unit">{unit}</span>
      </span>
      <FieldMessage error={error} path={path} />
    </label>
  );
  return (
    <>
      <div className="settings-grid">
        {numberField('trimWidthMm', 'trimWidthMm', draft.trimWidthMm, (v) => edit((d) => ({ ...d, trimWidthMm: v })), 'mm')}
        {numberField('trimHeightMm', 'trimHeightMm', draft.trimHeightMm, (v) => edit((d) => ({ ...d, trimHeightMm: v })), 'mm')}
        {LAYOUT_FIELDS.map((f) =>
          numberField(f, `settings.layout.${f}`, draft.layout[f], (v) => edit((d) => ({ ...d, layout: { ...d.layout, [f]: v } })), t(`settings.units.${f}`), defaults[f]),
        )}
        <label className="settings-field">
          <span>{t('settings.layout.columns')}</span>
          <select name="columns" value={draft.layout.columns} onChange={(e) => edit((d) => ({ ...d, layout: { ...d.layout, columns: e.target.value } }))} aria-invalid={error?.path === 'settings.layout.columns' || undefined}>
            <option value="">{t('settings.defaultValue', { value: DEFAULT_ISSUE_DESIGN.columns })}</option>
            {[1, 2, 3, 4].map((n) => (
              <option key={n} value={String(n)}>
                {t('settings.layout.columnsN', { count: n })}
              </option>
            ))}
          </select>
          <FieldMessage error={error} path="settings.layout.columns" />
        </label>
      </div>
      <p className="muted settings-derived">{derived}</p>
      <p className="muted">{t('settings.layout.note')}</p>
    </>
  );
}

function FontsSection({ draft, edit, error, fonts, onFontsAdded }: SectionProps & { fonts: AvailableFont[]; onFontsAdded: (fonts: AvailableFont[]) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <table className="settings-table">
        <thead>
          <tr>
            <th>{t('settings.fonts.role')}</th>
            <th>{t('settings.fonts.regular')}</th>
            <th>{t('settings.fonts.bold')}</th>
          </tr>
        </thead>
        <tbody>
          {FONT_ROLES.map((role) => (
            <tr key={role}>
              <th scope="row">{t(`settings.fonts.roles.${role}`)}</th>
              {(['regular', 'bold'] as const).map((slot) => {
                const path = `settings.fonts.${role}.${slot}`;
                return (
                  <td key={slot}>
                    <select
                      name={path}
                      aria-label={`${t(`settings.fonts.roles.${role}`)} ${t(`settings.fonts.${slot}`)}`}
                      value={draft.fonts[role]?.[slot] ?? ''}
                      onChange={(e) =>
                        edit((d) => {
                          const faces = { ...d.fonts[role] };
                          if (e.target.value) faces[slot] = e.target.value;
                          else delete faces[slot];
                          return { ...d, fonts: { ...d.fonts, [role]: faces } };
                        })
                      }
                    >
                      <option value="">{t('settings.fonts.default')}</option>
                      {fonts.map((f) => (
                        <option key={f.key} value={f.key}>
                          {f.user ? t('settings.fonts.userFont', { key: f.key }) : f.key}
                        </option>
                      ))}
                    </select>
                    <FieldMessage error={error} path={path} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('settings.fonts.note')}</p>
      <AddFont fonts={fonts} onAdded={onFontsAdded} />
    </>
  );
}

function StylesSection({ draft, edit, error }: SectionProps) {
  const { t } = useTranslation();
  const setStyle = (name: EditableStyleName, patch: Partial<StyleSettings>) =>
    edit((d) => {
      const next: StyleSettings = { ...d.styles[name], ...patch };
      for (const k of Object.keys(next) as (keyof StyleSettings)[]) if (next[k] === undefined) delete next[k];
      return { ...d, styles: { ...d.styles, [name]: next } };
    });
  return (
    <table className="settings-table styles-table">
      <thead>
        <tr>
          <th>{t('settings.styles.name')}</th>
          <th>{t('settings.styles.size')}</th>
          <th>{t('settings.styles.sizePt')}</th>
          <th>{t('settings.styles.leading')}</th>
          <th>{t('settings.styles.indent')}</th>
          <th>{t('settings.styles.align')}</th>
          <th>{t('settings.styles.role')}</th>
          <th>{t('settings.styles.weight')}</th>
        </tr>
      </thead>
      <tbody>
        {EDITABLE_STYLE_NAMES.map((name) => {
          const own = draft.styles[name] ?? {};
          const base = DEFAULT_ISSUE_DESIGN.styles[name];
          const size = own.size ?? base.size;
          const hao = typeof own.size === 'string' ? HAO_OPTIONS.find((o) => o.name === own.size)?.name ?? '' : '';
          const path = (f: string) => `settings.styles.${name}.${f}`;
          const rowError = error?.path.startsWith(`settings.styles.${name}.`) ? error : null;
          return (
            <tr key={name} data-style={name}>
              <th scope="row">{t(`settings.styles.names.${name}`)}</th>
              <td>
                <select
                  name={path('size')}
                  aria-label={`${t(`settings.styles.names.${name}`)} ${t('settings.styles.size')}`}
                  value={hao}
                  onChange={(e) => setStyle(name, { size: e.target.value || undefined })}
                >
                  <option value="">{typeof own.size === 'number' ? t('settings.size.pt', { pt: own.size }) : t('settings.defaultValue', { value: sizeLabel(t, base.size) })}</option>
                  {HAO_OPTIONS.map((o) => (
                    <option key={o.name} value={o.name}>
                      {haoOptionLabel(t, o)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  className="narrow"
                  name={path('sizePt')}
                  aria-label={`${t(`settings.styles.names.${name}`)} ${t('settings.styles.sizePt')}`}
                  inputMode="decimal"
                  value={typeof own.size === 'number' ? String(own.size) : ''}
                  placeholder={String(ptOf(size) ?? '')}
                  onChange={(e) => {
                    const n = Number(e.target.value);
                    setStyle(name, { size: e.target.value.trim() === '' || !Number.isFinite(n) ? undefined : n });
                  }}
                />
              </td>
              <td>
                <input
                  className="narrow"
                  name={path('leadingPt')}
                  aria-label={`${t(`settings.styles.names.${name}`)} ${t('settings.styles.leading')}`}
                  inputMode="decimal"
                  value={own.leadingPt === undefined ? '' : String(own.leadingPt)}
                  placeholder={String(name === 'body' ? DEFAULT_ISSUE_DESIGN.page.pitchPt : base.leadingPt)}
                  disabled={name === 'body'}
                  title={name === 'body' ? t('settings.styles.bodyLeading') : undefined}
                  onChange={(e) => setStyle(name, { leadingPt: e.target.value.trim() === '' ? undefined : Number(e.target.value) })}
                />
              </td>
              <td>
                <input
                  className="narrow"
                  name={path('firstLineIndent')}
                  aria-label={`${t(`settings.styles.names.${name}`)} ${t('settings.styles.indent')}`}
                  inputMode="decimal"
                  value={own.firstLineIndent === undefined ? '' : String(own.firstLineIndent)}
                  placeholder={String(base.firstLineIndent)}
                  onChange={(e) => setStyle(name, { firstLineIndent: e.target.value.trim() === '' ? undefined : Number(e.target.value) })}
                />
              </td>
              <td>
                <select name={path('align')} aria-label={`${t(`settings.styles.names.${name}`)} ${t('settings.styles.align')}`} value={own.align ?? ''} onChange={(e) => setStyle(name, { align: (e.target.value || undefined) as StyleSettings['align'] })}>
                  <option value="">{t('settings.defaultValue', { value: t(`settings.align.${base.align}`) })}</option>
                  {ALIGNMENTS.map((a) => (
                    <option key={a} value={a}>
                      {t(`settings.align.${a}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select name={path('role')} aria-label={`${t(`settings.styles.names.${name}`)} ${t('settings.styles.role')}`} value={own.role ?? ''} onChange={(e) => setStyle(name, { role: (e.target.value || undefined) as StyleSettings['role'] })}>
                  <option value="">{t('settings.defaultValue', { value: t(`settings.fonts.roles.${base.font.role}`) })}</option>
                  {FONT_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`settings.fonts.roles.${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select name={path('weight')} aria-label={`${t(`settings.styles.names.${name}`)} ${t('settings.styles.weight')}`} value={own.weight === undefined ? '' : String(own.weight)} onChange={(e) => setStyle(name, { weight: e.target.value ? (Number(e.target.value) as 400 | 700) : undefined })}>
                  <option value="">{t('settings.defaultValue', { value: t(`settings.weight.${base.font.weight}`) })}</option>
                  <option value="400">{t('settings.weight.400')}</option>
                  <option value="700">{t('settings.weight.700')}</option>
                </select>
                {rowError && (
                  <span className="field-error error" role="alert" data-field={rowError.path}>
                    {rowError.text}
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
