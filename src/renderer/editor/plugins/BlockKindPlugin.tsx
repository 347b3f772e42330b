// The block-kind selector (正文/一级标题/…): shows the kind of the block holding the caret and changes it
// through SET_BLOCK_KIND_COMMAND.

import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import { $getSelection, $isRangeSelection, COMMAND_PRIORITY_EDITOR, createCommand, type LexicalCommand } from 'lexical';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyBlockKind, BLOCK_KINDS, blockKindOf, topBlockOf, type BlockKind } from '../block-kinds';

export const SET_BLOCK_KIND_COMMAND: LexicalCommand<BlockKind> = createCommand('SET_BLOCK_KIND_COMMAND');

export function BlockKindPlugin() {
  const { t } = useTranslation();
  const [editor] = useLexicalComposerContext();
  const [current, setCurrent] = useState<BlockKind | ''>('');

  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          SET_BLOCK_KIND_COMMAND,
          (kind) => {
            applyBlockKind(kind);
            return true;
          },
          COMMAND_PRIORITY_EDITOR,
        ),
        editor.registerUpdateListener(({ editorState }) => {
          editorState.read(() => {
            const selection = $getSelection();
            const block = $isRangeSelection(selection) ? topBlockOf(selection.anchor.getNode()) : null;
            setCurrent(blockKindOf(block) ?? '');
          });
        }),
      ),
    [editor],
  );

  return (
    <label>
      <span>{t('editor.blockType')}</span>
      <select
          value={current}
          aria-label={t('editor.blockType')}
          onChange={(e) => {
            const kind = e.target.value as BlockKind;
            editor.dispatchCommand(SET_BLOCK_KIND_COMMAND, kind);
            editor.focus();
          }}
        >
          {current === '' && <option value="" disabled />}
          {BLOCK_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`editor.blockTypes.${kind}`)}
            </option>
          ))}
        </select>
    </label>
  );
}
