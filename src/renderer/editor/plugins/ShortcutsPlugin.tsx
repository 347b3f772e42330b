// Keyboard shortcuts of the body editor (the list shown in the status bar's help popover is
// EDITOR_SHORTCUTS). Ctrl+B/I and undo/redo (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y) are Lexical's own.

import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { COMMAND_PRIORITY_NORMAL, KEY_DOWN_COMMAND } from 'lexical';
import { useEffect } from 'react';
import type { BlockKind } from '../block-kinds';
import { CLEANUP_COMMAND } from './CleanupPlugin';
import { SET_BLOCK_KIND_COMMAND } from './BlockKindPlugin';

/** Ctrl/Cmd+Alt+<key> → block kind (by KeyboardEvent.code, which Alt does not change on macOS). */
export const BLOCK_KIND_KEYS: Readonly<Record<string, BlockKind>> = {
  Digit0: 'paragraph',
  Digit1: 'h1',
  Digit2: 'h2',
  KeyQ: 'quote',
  Digit7: 'ol',
  Digit8: 'ul',
};

/** What the help popover lists: keys as printed, and the locale key of the action. */
export const EDITOR_SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: 'Ctrl+S', action: 'save' },
  { keys: 'Ctrl+Z', action: 'undo' },
  { keys: 'Ctrl+Shift+Z / Ctrl+Y', action: 'redo' },
  { keys: 'Ctrl+B', action: 'bold' },
  { keys: 'Ctrl+I', action: 'italic' },
  { keys: 'Ctrl+Alt+1', action: 'h1' },
  { keys: 'Ctrl+Alt+2', action: 'h2' },
  { keys: 'Ctrl+Alt+0', action: 'paragraph' },
  { keys: 'Ctrl+Alt+Q', action: 'quote' },
  { keys: 'Ctrl+Alt+7', action: 'ol' },
  { keys: 'Ctrl+Alt+8', action: 'ul' },
  { keys: 'Ctrl+Alt+P', action: 'cleanup' },
];

export function ShortcutsPlugin() {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      editor.registerCommand(
        KEY_DOWN_COMMAND,
        (event) => {
          if (!(event.ctrlKey || event.metaKey) || !event.altKey || event.shiftKey) return false;
          const kind = BLOCK_KIND_KEYS[event.code];
          if (kind) {
            event.preventDefault();
            editor.dispatchCommand(SET_BLOCK_KIND_COMMAND, kind);
            return true;
          }
          if (event.code === 'KeyP') {
            event.preventDefault();
            editor.dispatchCommand(CLEANUP_COMMAND, undefined);
            return true;
          }
          return false;
        },
        COMMAND_PRIORITY_NORMAL,
      ),
    [editor],
  );
  return null;
}
