// The Lexical rich-text editor of an article body. It opens the stored editor-state JSON as it is
// and hands every change back in the same format.

import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import type { LexicalEditor } from 'lexical';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticleDoc } from '../../shared/article-doc';
import { ARTICLE_NODES } from './nodes';
import { AutosavePlugin } from './plugins/AutosavePlugin';
import { CleanupPlugin } from './plugins/CleanupPlugin';
import { ShortcutsPlugin } from './plugins/ShortcutsPlugin';
import { ToolbarPlugin } from './plugins/ToolbarPlugin';

const THEME = {
  paragraph: 'qk-p',
  quote: 'qk-quote',
  heading: { h2: 'qk-h1', h3: 'qk-h2' },
  list: { ul: 'qk-ul', ol: 'qk-ol', listitem: 'qk-li' },
  mark: 'qk-mark',
  text: { bold: 'qk-bold', italic: 'qk-italic', underline: 'qk-underline' },
};

/** Hands the editor instance out (the page preview selects text in it and follows its caret). */
function EditorHandlePlugin({ onEditor }: { onEditor: (editor: LexicalEditor | null) => void }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);
  return null;
}

function ReadOnlyPlugin({ readOnly }: { readOnly: boolean }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => editor.setEditable(!readOnly), [editor, readOnly]);
  return null;
}

export function BodyEditor({
  body,
  photoTarget,
  onChange,
  onBlur,
  onEditor,
  onError,
  readOnly = false,
}: {
  body: ArticleDoc;
  /** Where dropped photos are filed. */
  photoTarget: { issueId: number; articleId: number };
  onChange: (doc: ArticleDoc) => void;
  onBlur: () => void;
  onEditor?: (editor: LexicalEditor | null) => void;
  /** A problem to show (a photo refused); null clears it. */
  onError: (message: string | null) => void;
  /** Proof mode: no typing, no formatting toolbar or cleanup (corrections are proposed instead). */
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const initialConfig: InitialConfigType = {
    namespace: 'qikan-article-body',
    nodes: ARTICLE_NODES,
    theme: THEME,
    editorState: JSON.stringify(body),
    onError: (error) => {
      throw error;
    },
  };
  return (
    <LexicalComposer initialConfig={initialConfig}>
      {!readOnly && <ToolbarPlugin issueId={photoTarget.issueId} articleId={photoTarget.articleId} onError={onError} />}
      {!readOnly && <CleanupPlugin />}
      <ReadOnlyPlugin readOnly={readOnly} />
      <div className="body-editor">
        <RichTextPlugin
          contentEditable={<ContentEditable className="body-content" aria-label={t('editor.body')} spellCheck={false} />}
          ErrorBoundary={LexicalErrorBoundary}
        />
      </div>
      <HistoryPlugin />
      <ListPlugin />
      <ShortcutsPlugin />
      <AutosavePlugin onChange={onChange} onBlur={onBlur} />
      {onEditor && <EditorHandlePlugin onEditor={onEditor} />}
    </LexicalComposer>
  );
}
