import { useTranslation } from 'react-i18next';
import { useErrorText } from '../i18n/messages';
import type { SaveState } from './save-controller';

/** The states shown as a word alone; a conflict is announced, the others are quiet status. */
const PLAIN_STATES = {
  saved: { key: 'editor.save.saved', role: 'status' },
  saving: { key: 'editor.save.saving', role: 'status' },
  dirty: { key: 'editor.save.dirty', role: 'status' },
  conflict: { key: 'editor.save.conflict', role: 'alert' },
} as const;

/** 已保存 / 正在保存… / 未保存 / 保存失败 (with the reason), and the conflict notice after a reload. */
export function SaveIndicator({ state, conflicted, onRetry }: { state: SaveState; conflicted: boolean; onRetry: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (state.kind === 'error') {
    return (
      <span className="save-state save-error" role="alert" data-save-state="error">
        {t('editor.save.error', { reason: errorText(state.error) })}{' '}
        <button type="button" onClick={onRetry}>
          {t('editor.save.retry')}
        </button>
      </span>
    );
  }
  const kind = conflicted && state.kind === 'saved' ? 'conflict' : state.kind;
  const { key, role } = PLAIN_STATES[kind];
  return (
    <span className={`save-state save-${kind}`} role={role} data-save-state={kind}>
      {t(key)}
    </span>
  );
}
