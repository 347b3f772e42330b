// Reports every content change of the body and flushes when the editor loses focus. Updates that leave
// the document as it was (selection moves, transforms marking nodes dirty when plugins register) are not
// changes: comparing the serialised state keeps opening an article from writing a new revision.

import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import { BLUR_COMMAND, COMMAND_PRIORITY_LOW } from 'lexical';
import { useEffect } from 'react';
import type { ArticleDoc } from '../../../shared/article-doc';

export function AutosavePlugin({ onChange, onBlur }: { onChange: (doc: ArticleDoc) => void; onBlur: () => void }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    let last = JSON.stringify(editor.getEditorState().toJSON());
    return mergeRegister(
      editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves }) => {
        if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return;
        const doc = editorState.toJSON();
        const json = JSON.stringify(doc);
        if (json === last) return;
        last = json;
        onChange(doc as unknown as ArticleDoc);
      }),
      editor.registerCommand(
        BLUR_COMMAND,
        () => {
          onBlur();
          return false;
        },
        COMMAND_PRIORITY_LOW,
      ),
    );
  }, [editor, onChange, onBlur]);
  return null;
}
