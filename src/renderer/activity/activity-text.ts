// Wording a line of the record (操作记录) from its action and params: activity.actions.<key>, where
// the key is the action with anything but letters and digits turned into '_' ('cli:user add' →
// 'cli_user_add'; a ':' would read as an i18next namespace). Pure apart from the translator.

import type { TFunction } from 'i18next';
import type { ActivityEntry } from '../../shared/auth';

export function actionKey(action: string): string {
  return action.replace(/[^A-Za-z0-9]/g, '_');
}

/** The action's name in the UI language (for the filter), or the action itself when it has none. */
export function actionName(t: TFunction, action: string): string {
  return t(`activity.names.${actionKey(action)}`, { defaultValue: action });
}

/** What the line says, filled with its params; an action without its own text gets its name and params. */
export function activityText(t: TFunction, entry: ActivityEntry): string {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(entry.params)) params[k] = v === null ? '' : String(v);
  const fallback = `${actionName(t, entry.action)}${params['title'] ? `《${params['title']}》` : ''}${params['round'] ? ` · ${params['round']}` : ''}`;
  // A line without a signer (a refused signature) names the person who tried.
  return t(`activity.actions.${actionKey(entry.action)}`, {
    title: '',
    round: '',
    step: '',
    signer: entry.actorName,
    ...params,
    defaultValue: fallback,
    interpolation: { escapeValue: false },
  });
}

/** Why a refused line was refused, in the UI language. */
export function refusalText(t: TFunction, entry: ActivityEntry): string {
  const reason = typeof entry.params['reason'] === 'string' ? entry.params['reason'] : '';
  const code = typeof entry.params['code'] === 'string' ? entry.params['code'] : '';
  // The record keeps the reason, not the roles that were needed then.
  if (reason === 'role') return t('activity.refusedRole');
  if (reason) {
    const specific = t(`errors:auth.${reason}`, { defaultValue: '', needed: '' });
    if (specific) return specific;
  }
  return code ? t('activity.refusedCode', { code }) : t('activity.refused');
}
