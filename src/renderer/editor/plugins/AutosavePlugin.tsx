// Reports every content change of the body (not mere selection moves) and flushes when the editor loses focus.

import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import { BLUR_COMMAND, COMMAND_PRIORITY_LOW } from 'lexical';
import { useEffect } from 'react';
import type { ArticleDoc } from '../../../shared/article-doc';

export function AutosavePlugin({ onChange, onBlur }: { onChange: (doc: ArticleDoc) => void; onBlur: () => void }) {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      mergeRegister(
        editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves, prevEditorState }) => {
          if (prevEditorState.isEmpty() || (dirtyElements.size === 0 && dirtyLeaves.size === 0)) return;
          onChange(editorState.toJSON() as unknown as ArticleDoc);
        }),
        editor.registerCommand(
          BLUR_COMMAND,
          () => {
            onBlur();
            return false;
          },
          COMMAND_PRIORITY_LOW,
        ),
      ),
    [editor, onChange, onBlur],
  );
  return null;
}
