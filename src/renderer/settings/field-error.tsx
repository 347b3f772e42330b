// A refusal from the settings back end shown next to the field it names, in the UI language.

import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QikanError } from '../../shared/errors';
import { errorText } from '../i18n/messages';

/** A refusal's text in the UI language, and the field it belongs to. */
export interface FieldError {
  path: string;
  text: string;
}

/** The back end's refusal as a field message: the rule in the UI language when known, else the error text. */
export function fieldErrorOf(t: TFunction, err: unknown): FieldError {
  if (err instanceof QikanError && err.code === 'invalid_request' && err.details.path) {
    const rule = err.details.rule;
    const text = rule ? t(`settings.rules.${rule}`, { ...err.details, defaultValue: errorText(t, err) }) : errorText(t, err);
    return { path: String(err.details.path), text };
  }
  return { path: '', text: errorText(t, err) };
}

export function FieldMessage({ error, path }: { error: FieldError | null; path: string }) {
  if (!error || error.path !== path) return null;
  return (
    <span className="field-error error" role="alert" data-field={path}>
      {error.text}
    </span>
  );
}


export type FormSaveState = 'idle' | 'saving' | 'saved';

/** A settings form's save button, its 已保存 note, and the error text no field of the form shows. */
export function SaveActions({
  label,
  state,
  unplacedError,
  children,
  deniedReason = null,
}: {
  label: string;
  state: FormSaveState;
  unplacedError: string | null;
  children?: ReactNode;
  /** The person may not save this (the role it needs), shown as the button's tooltip. */
  deniedReason?: string | null;
}) {
  const { t } = useTranslation();
  return (
    <div className="settings-actions">
      <button type="submit" className="primary" disabled={state === 'saving' || deniedReason !== null} title={deniedReason ?? undefined}>
        {label}
      </button>
      {deniedReason !== null && <span className="muted denied-reason">{deniedReason}</span>}
      <span className="save-state" role="status">
        {state === 'saved' ? t('settings.saved') : ''}
      </span>
      {unplacedError !== null && (
        <span className="error" role="alert">
          {unplacedError}
        </span>
      )}
      {children}
    </div>
  );
}
