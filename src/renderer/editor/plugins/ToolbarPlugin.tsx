// The body editor's toolbar: block kind, bold and emphasis, 不断行, lists, photos, copy cleanup.

import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import { $getSelection, $isRangeSelection, COMMAND_PRIORITY_EDITOR, FORMAT_TEXT_COMMAND } from 'lexical';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BlockKindPlugin, SET_BLOCK_KIND_COMMAND } from './BlockKindPlugin';
import { CLEANUP_COMMAND } from './CleanupPlugin';
import { $selectionIsNobreak, $toggleNobreak, TOGGLE_NOBREAK_COMMAND } from './nobreak';
import { PhotoPlugin } from './PhotoPlugin';

export function ToolbarPlugin({ issueId, articleId, onError }: { issueId: number; articleId: number; onError: (message: string | null) => void }) {
  const { t } = useTranslation();
  const [editor] = useLexicalComposerContext();
  const [format, setFormat] = useState({ bold: false, italic: false, nobreak: false });

  useEffect(
    () =>
      mergeRegister(
        editor.registerUpdateListener(({ editorState }) => {
          editorState.read(() => {
            const selection = $getSelection();
            const bold = $isRangeSelection(selection) && selection.hasFormat('bold');
            const italic = $isRangeSelection(selection) && selection.hasFormat('italic');
            const nobreak = $selectionIsNobreak();
            setFormat((f) => (f.bold === bold && f.italic === italic && f.nobreak === nobreak ? f : { bold, italic, nobreak }));
          });
        }),
        editor.registerCommand(TOGGLE_NOBREAK_COMMAND, () => $toggleNobreak(), COMMAND_PRIORITY_EDITOR),
      ),
    [editor],
  );

  return (
    <div className="editor-toolbar" role="toolbar" aria-label={t('editDesk.toolbar.label')}>
      <BlockKindPlugin />
      <span className="toolbar-group">
        <button type="button" className="fmt-bold" aria-pressed={format.bold} title={t('editDesk.toolbar.boldTitle')} onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'bold')}>
          {t('editDesk.toolbar.bold')}
        </button>
        <button type="button" className="fmt-italic" aria-pressed={format.italic} title={t('editDesk.toolbar.italicTitle')} onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'italic')}>
          {t('editDesk.toolbar.italic')}
        </button>
        <button type="button" className="fmt-nobreak" aria-pressed={format.nobreak} title={t('editDesk.toolbar.nobreakTitle')} onClick={() => editor.dispatchCommand(TOGGLE_NOBREAK_COMMAND, undefined)}>
          {t('editDesk.toolbar.nobreak')}
        </button>
      </span>
      <span className="toolbar-group">
        <button type="button" title={t('editDesk.toolbar.olTitle')} onClick={() => editor.dispatchCommand(SET_BLOCK_KIND_COMMAND, 'ol')}>
          {t('editDesk.toolbar.ol')}
        </button>
        <button type="button" title={t('editDesk.toolbar.ulTitle')} onClick={() => editor.dispatchCommand(SET_BLOCK_KIND_COMMAND, 'ul')}>
          {t('editDesk.toolbar.ul')}
        </button>
      </span>
      <button type="button" title={t('editDesk.toolbar.cleanupTitle')} onClick={() => editor.dispatchCommand(CLEANUP_COMMAND, undefined)}>
        {t('editDesk.toolbar.cleanup')}
      </button>
      {/* Last: its photo panel (caret in a photo block) takes a row of its own. */}
      <PhotoPlugin issueId={issueId} articleId={articleId} onError={onError} />
    </div>
  );
}
