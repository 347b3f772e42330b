import { useTranslation } from 'react-i18next';
import { useErrorText } from '../i18n/messages';
import type { SaveState } from './save-controller';

/** The states shown as a word alone (a conflict's panel, beside it, says the rest). */
const PLAIN_STATES = {
  saved: 'editor.save.saved',
  saving: 'editor.save.saving',
  dirty: 'editor.save.dirty',
  conflict: 'conflict.indicator',
} as const;

/** 已保存 / 正在保存… / 未保存 / 保存失败 (with the reason) / 有冲突，改动未写入. */
export function SaveIndicator({ state, onRetry }: { state: SaveState; onRetry: () => void }) {
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
  const kind = state.kind;
  return (
    <span className={`save-state save-${kind}`} role="status" data-save-state={kind}>
      {t(PLAIN_STATES[kind])}
    </span>
  );
}
