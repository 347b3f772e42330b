// A click on a line of the preview selects that text where it is edited: a body block in the Lexical
// editor, or one of the article's fields (title, subtitle, byline, author info), marked data-part.

import type { LexicalEditor } from 'lexical';
import type { LineSource } from '../../shared/display-list';
import { selectBlockRange } from './source-text';

export function selectLineSource(editor: LexicalEditor | null, fieldsRoot: HTMLElement | null, source: LineSource): boolean {
  if (source.blockIndex >= 0) {
    if (!editor) return false;
    // A credit line belongs to its caption block but is not edited inline: select the caption.
    if (source.part === 'credit') return selectBlockRange(editor, source.blockIndex, 0, Number.MAX_SAFE_INTEGER);
    return selectBlockRange(editor, source.blockIndex, source.start, source.end);
  }
  if (!source.part || !fieldsRoot) return false;
  const field = fieldsRoot.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-part="${source.part}"]`);
  if (!field) return false;
  const start = Math.min(source.start, field.value.length);
  let end = Math.min(Math.max(source.end, start), field.value.length);
  // A line's range may take in the manual line break after it; select the line's own text.
  while (end > start && field.value[end - 1] === '\n') end--;
  field.focus({ preventScroll: true });
  field.setSelectionRange(start, end);
  field.scrollIntoView?.({ block: 'nearest' });
  return true;
}
