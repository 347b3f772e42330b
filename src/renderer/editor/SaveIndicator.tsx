import { useTranslation } from 'react-i18next';
import { useErrorText } from '../i18n/messages';
import type { SaveState } from './save-controller';

/** 已保存 / 正在保存… / 未保存 / 保存失败 (with the reason), and the conflict notice after a reload. */
export function SaveIndicator({ state, conflicted, onRetry }: { state: SaveState; conflicted: boolean; onRetry: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (conflicted && state.kind === 'saved') {
    return (
      <span className="save-state save-conflict" role="alert" data-save-state="conflict">
        {t('editor.save.conflict')}
      </span>
    );
  }
  switch (state.kind) {
    case 'saved':
      return (
        <span className="save-state save-saved" role="status" data-save-state="saved">
          {t('editor.save.saved')}
        </span>
      );
    case 'saving':
      return (
        <span className="save-state save-saving" role="status" data-save-state="saving">
          {t('editor.save.saving')}
        </span>
      );
    case 'dirty':
      return (
        <span className="save-state save-dirty" role="status" data-save-state="dirty">
          {t('editor.save.dirty')}
        </span>
      );
    case 'conflict':
      return (
        <span className="save-state save-conflict" role="alert" data-save-state="conflict">
          {t('editor.save.conflict')}
        </span>
      );
    case 'error':
      return (
        <span className="save-state save-error" role="alert" data-save-state="error">
          {t('editor.save.error', { reason: errorText(state.error) })}{' '}
          <button type="button" onClick={onRetry}>
            {t('editor.save.retry')}
          </button>
        </span>
      );
  }
}
