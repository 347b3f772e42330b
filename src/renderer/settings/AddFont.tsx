// 添加字体: picks a licensed font file (TTF, OTF or TTC), sends it to the library (addFont) and hands
// back the updated list of faces, so the new face can be chosen for a role at once. A refusal names
// the file and the problem in the UI language; the back end has then copied nothing.

import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { QikanError } from '../../shared/errors';
import type { AvailableFont } from '../../shared/settings';
import { getApi } from '../api/client';
import { useCan } from '../auth/can';
import { errorText } from '../i18n/messages';

export const FONT_ACCEPT = '.ttf,.otf,.ttc,font/ttf,font/otf,font/collection';

/** A refused font in the UI language: the file and the reason; other errors as usual. */
export function fontRefusalText(t: TFunction, error: unknown): string {
  if (error instanceof QikanError && error.code === 'import_invalid' && error.details.reason !== undefined) {
    const reason = t(`errors:fonts.reasons.${String(error.details.reason)}`, { font: String(error.details.font ?? ''), defaultValue: '' });
    if (reason !== '') return t('errors:fonts.refused', { file: String(error.details.file ?? ''), reason });
  }
  return errorText(t, error);
}

type State = { kind: 'idle' } | { kind: 'adding'; file: string } | { kind: 'added'; faces: string[] } | { kind: 'refused'; text: string };

export function AddFont({ fonts, onAdded }: { fonts: AvailableFont[]; onAdded: (fonts: AvailableFont[]) => void }) {
  const { t } = useTranslation();
  const mayAdd = useCan('addFont');
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const userFonts = fonts.filter((f) => f.user);

  const add = async (file: File) => {
    setState({ kind: 'adding', file: file.name });
    try {
      const known = new Set(fonts.map((f) => f.key));
      const { uploadId } = await getApi().uploadFile('font', file);
      const next = await getApi().addFont({ upload: uploadId });
      onAdded(next);
      setState({ kind: 'added', faces: next.filter((f) => !known.has(f.key)).map((f) => f.key) });
    } catch (e) {
      setState({ kind: 'refused', text: fontRefusalText(t, e) });
    }
  };

  return (
    <fieldset className="user-fonts">
      <legend>{t('settings.fonts.userFonts')}</legend>
      {userFonts.length === 0 ? (
        <p className="muted">{t('settings.fonts.noUserFonts')}</p>
      ) : (
        <ul>
          {userFonts.map((f) => (
            <li key={f.key}>
              {f.key} <span className="muted">{f.family}</span>
            </li>
          ))}
        </ul>
      )}
      <input
        ref={input}
        type="file"
        accept={FONT_ACCEPT}
        hidden
        data-testid="font-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void add(file);
        }}
      />
      <button type="button" disabled={state.kind === 'adding' || !mayAdd.allowed} title={mayAdd.reason ?? undefined} onClick={() => input.current?.click()}>
        {t('settings.fonts.add')}
      </button>
      <span className={state.kind === 'refused' ? 'error' : 'muted'} role={state.kind === 'refused' ? 'alert' : 'status'}>
        {state.kind === 'adding' && t('settings.fonts.adding', { file: state.file })}
        {state.kind === 'added' && t('settings.fonts.added', { faces: state.faces.join('、') })}
        {state.kind === 'refused' && state.text}
      </span>
    </fieldset>
  );
}
