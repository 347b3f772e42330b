// The editor's status bar: save state, 字数 of the article (live from the editor) and of the issue
// (the outline's total with this article's live count in it), undo/redo, and the shortcut list.

import { mergeRegister } from '@lexical/utils';
import { CAN_REDO_COMMAND, CAN_UNDO_COMMAND, COMMAND_PRIORITY_LOW, REDO_COMMAND, UNDO_COMMAND, type LexicalEditor } from 'lexical';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EDITOR_SHORTCUTS } from '../editor/plugins/ShortcutsPlugin';
import './status.css';

function useHistoryState(editor: LexicalEditor | null): { canUndo: boolean; canRedo: boolean } {
  const [state, setState] = useState({ canUndo: false, canRedo: false });
  useEffect(() => {
    if (!editor) return;
    setState({ canUndo: false, canRedo: false });
    return mergeRegister(
      editor.registerCommand(
        CAN_UNDO_COMMAND,
        (canUndo) => {
          setState((s) => ({ ...s, canUndo }));
          return false;
        },
        COMMAND_PRIORITY_LOW,
      ),
      editor.registerCommand(
        CAN_REDO_COMMAND,
        (canRedo) => {
          setState((s) => ({ ...s, canRedo }));
          return false;
        },
        COMMAND_PRIORITY_LOW,
      ),
    );
  }, [editor]);
  return state;
}

export function ShortcutHelp() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  return (
    <span className="shortcut-help" ref={box}>
      <button type="button" aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen((o) => !o)} title={t('editDesk.status.shortcuts')}>
        {t('editDesk.status.shortcutsButton')}
      </button>
      {open && (
        <div className="shortcut-popover" role="dialog" aria-label={t('editDesk.status.shortcuts')}>
          <table>
            <tbody>
              {EDITOR_SHORTCUTS.map((s) => (
                <tr key={s.action}>
                  <td>
                    <kbd>{s.keys}</kbd>
                  </td>
                  <td>{t(`editDesk.shortcuts.${s.action}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </span>
  );
}

export interface StatusBarProps {
  /** The save indicator (state, retry). */
  save: ReactNode;
  articleChars: number;
  /** null until the issue outline is read. */
  issueChars: number | null;
  revision: number;
  sectionLabel: string | null;
  editor: LexicalEditor | null;
}

export function StatusBar({ save, articleChars, issueChars, revision, sectionLabel, editor }: StatusBarProps) {
  const { t } = useTranslation();
  const { canUndo, canRedo } = useHistoryState(editor);
  return (
    <div className="editor-status status-bar" role="group" aria-label={t('editDesk.status.label')}>
      {save}
      <span className="char-count" data-testid="char-count" data-count={articleChars} title={t('editDesk.status.articleCharsTitle')}>
        {t('editDesk.status.articleChars', { count: articleChars })}
      </span>
      {issueChars !== null && (
        <span className="issue-char-count" data-testid="issue-char-count" data-count={issueChars} title={t('editDesk.status.issueCharsTitle')}>
          {t('editDesk.status.issueChars', { count: issueChars })}
        </span>
      )}
      <span className="muted">{t('editor.revision', { revision })}</span>
      {sectionLabel && <span className="muted">{sectionLabel}</span>}
      <span className="status-spacer" />
      <button type="button" disabled={!canUndo} onClick={() => editor?.dispatchCommand(UNDO_COMMAND, undefined)} title={t('editDesk.status.undoTitle')} data-testid="undo">
        {t('editDesk.status.undo')}
      </button>
      <button type="button" disabled={!canRedo} onClick={() => editor?.dispatchCommand(REDO_COMMAND, undefined)} title={t('editDesk.status.redoTitle')} data-testid="redo">
        {t('editDesk.status.redo')}
      </button>
      <ShortcutHelp />
    </div>
  );
}
