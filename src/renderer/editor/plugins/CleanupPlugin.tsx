// Copy cleanup in the editor, never silent: after a paste (the text goes in as pasted) and on demand
// (校正标点), the suggestions are listed (original → proposed, with context) to accept one by one or
// all at once (one undo step), or dismiss. Hints (number usage) are listed but never applied.

import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import { COMMAND_PRIORITY_CRITICAL, COMMAND_PRIORITY_EDITOR, createCommand, PASTE_COMMAND, PASTE_TAG, type LexicalCommand } from 'lexical';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { $bodyBlockTexts, $bodySuggestions, applySuggestions, changedBlockKeys, type BodyBlockText, type EditorSuggestion } from '../cleanup-editor';
import '../editor.css';

/** Opens the suggestions for the whole article. */
export const CLEANUP_COMMAND: LexicalCommand<void> = createCommand('QIKAN_CLEANUP_COMMAND');

type Panel = { source: 'paste' | 'demand'; scope: ReadonlySet<string> | null } | null;

/** Spaces made visible, so a suggestion that removes one shows what it removes. */
function visible(text: string): string {
  return text.replace(/ /g, '␣').replace(/\u3000/g, '□').replace(/\t/g, '→').replace(/\n/g, '↵');
}

export function CleanupPlugin() {
  const { t } = useTranslation();
  const [editor] = useLexicalComposerContext();
  const [panel, setPanel] = useState<Panel>(null);
  const [suggestions, setSuggestions] = useState<EditorSuggestion[]>([]);
  const dismissed = useRef(new Set<string>());
  const panelRef = useRef<Panel>(null);
  panelRef.current = panel;

  const refresh = useCallback(() => {
    const current = panelRef.current;
    if (!current) return;
    setSuggestions(editor.getEditorState().read(() => $bodySuggestions(current.scope, dismissed.current)));
  }, [editor]);

  useEffect(() => {
    let beforePaste: BodyBlockText[] | null = null;
    return mergeRegister(
      editor.registerCommand(
        CLEANUP_COMMAND,
        () => {
          dismissed.current = new Set();
          // Suggestions come with the panel in one render, so it never shows an empty list first.
          setSuggestions(editor.getEditorState().read(() => $bodySuggestions(null, dismissed.current)));
          setPanel({ source: 'demand', scope: null });
          return true;
        },
        COMMAND_PRIORITY_EDITOR,
      ),
      // Seen first, handled by the rich-text plugin: remember the text before the paste goes in as pasted.
      editor.registerCommand(
        PASTE_COMMAND,
        () => {
          beforePaste = editor.getEditorState().read($bodyBlockTexts);
          return false;
        },
        COMMAND_PRIORITY_CRITICAL,
      ),
      editor.registerUpdateListener(({ editorState, tags }) => {
        if (tags.has(PASTE_TAG) && beforePaste) {
          const changed = changedBlockKeys(beforePaste, editorState.read($bodyBlockTexts));
          beforePaste = null;
          const found = editorState.read(() => $bodySuggestions(changed, new Set()));
          if (found.length > 0) {
            dismissed.current = new Set();
            setSuggestions(found);
            setPanel({ source: 'paste', scope: changed });
            return;
          }
        }
        if (panelRef.current) refresh();
      }),
    );
  }, [editor, refresh]);

  useEffect(refresh, [panel, refresh]);

  if (!panel) return null;
  const fixes = suggestions.filter((s) => s.applicable);
  const dismiss = (ids: string[]) => {
    for (const id of ids) dismissed.current.add(id);
    refresh();
  };

  return (
    <section className="cleanup-panel" aria-label={t('editDesk.cleanup.title')} data-testid="cleanup-panel" data-source={panel.source}>
      <header className="cleanup-head">
        <strong>{panel.source === 'paste' ? t('editDesk.cleanup.afterPaste') : t('editDesk.cleanup.title')}</strong>
        <span className="muted">{t('editDesk.cleanup.count', { count: suggestions.length })}</span>
        <span className="cleanup-actions">
          <button type="button" disabled={fixes.length === 0} onClick={() => applySuggestions(editor, fixes)}>
            {t('editDesk.cleanup.acceptAll', { count: fixes.length })}
          </button>
          <button type="button" disabled={suggestions.length === 0} onClick={() => dismiss(suggestions.map((s) => s.id))}>
            {t('editDesk.cleanup.dismissAll')}
          </button>
          <button type="button" onClick={() => setPanel(null)}>
            {t('editDesk.cleanup.close')}
          </button>
        </span>
      </header>
      {suggestions.length === 0 ? (
        <p className="muted cleanup-empty" role="status">
          {t('editDesk.cleanup.none')}
        </p>
      ) : (
        <ol className="cleanup-list">
          {suggestions.map((s) => (
            <li key={s.id} className={s.applicable ? 'cleanup-item' : 'cleanup-item cleanup-hint'} data-rule={s.rule}>
              <span className="cleanup-rule">
                {!s.applicable && <span className="cleanup-badge">{t('editDesk.cleanup.hint')}</span>}
                {t(`editDesk.cleanup.rules.${s.rule}`)}
              </span>
              <span className="cleanup-context">
                <span className="muted">…{visible(s.before)}</span>
                <del>{visible(s.original)}</del>
                <span aria-hidden="true">→</span>
                <ins>{s.proposed === '' ? t('editDesk.cleanup.removed') : s.proposed}</ins>
                <span className="muted">{visible(s.after)}…</span>
              </span>
              <span className="cleanup-item-actions">
                {s.applicable && (
                  <button type="button" onClick={() => applySuggestions(editor, [s])}>
                    {t('editDesk.cleanup.accept')}
                  </button>
                )}
                <button type="button" onClick={() => dismiss([s.id])}>
                  {t('editDesk.cleanup.dismiss')}
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
