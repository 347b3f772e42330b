// 不断行: the editor marks a word no line may break inside. The mark is the text node's inline
// style `white-space: nowrap` (NOBREAK_STYLE, read by src/shared/article-doc.ts into a nobreak
// run the engine keeps together); the browser shows the word unbroken too.

import { $getSelection, $isRangeSelection, $isTextNode, createCommand, type LexicalCommand } from 'lexical';
import { isNobreakStyle, NOBREAK_STYLE } from '../../../shared/article-doc';

export const TOGGLE_NOBREAK_COMMAND: LexicalCommand<void> = createCommand('TOGGLE_NOBREAK_COMMAND');

/** A node's inline style with the 不断行 mark set or cleared, its other declarations kept. */
export function styleWithNobreak(style: string, on: boolean): string {
  const rest = style
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '' && !/^white-space\s*:/iu.test(d));
  if (on) rest.push(NOBREAK_STYLE);
  return rest.join('; ');
}

/** Whether every text node of the selection carries the mark (false for a caret). */
export function $selectionIsNobreak(): boolean {
  const selection = $getSelection();
  if (!$isRangeSelection(selection) || selection.isCollapsed()) return false;
  const nodes = selection.getNodes().filter($isTextNode);
  return nodes.length > 0 && nodes.every((n) => isNobreakStyle(n.getStyle()));
}

/** Marks the selected text 不断行, or clears the mark when all of it has it. Inside editor.update. */
export function $toggleNobreak(): boolean {
  const selection = $getSelection();
  if (!$isRangeSelection(selection) || selection.isCollapsed()) return false;
  // extract() splits the text nodes at the selection's edges, so only the selected characters change.
  const nodes = selection.extract().filter($isTextNode);
  if (nodes.length === 0) return false;
  const on = !nodes.every((n) => isNobreakStyle(n.getStyle()));
  for (const n of nodes) n.setStyle(styleWithNobreak(n.getStyle(), on));
  return true;
}
