// The copy-cleanup rules (src/shared/cleanup) applied to the Lexical body: block texts read the way
// the engine reads them (src/renderer/preview/source-text.ts), suggestions tied to the block's node
// key so they survive blocks moving, and accepted fixes written back as one undoable update.

import { $isListNode } from '@lexical/list';
import {
  $createRangeSelection,
  $getNodeByKey,
  $getRoot,
  $isElementNode,
  $isLineBreakNode,
  $isTextNode,
  $setSelection,
  HISTORY_PUSH_TAG,
  type ElementNode,
  type LexicalEditor,
  type LexicalNode,
} from 'lexical';
import { suggestForTexts, suggestionKey, type Suggestion } from '../../shared/cleanup';
import { blockTextOf, pointAt } from '../preview/source-text';

export interface EditorSuggestion extends Suggestion {
  blockKey: string;
  /** Stable across edits elsewhere: what "dismissed" remembers. */
  id: string;
}

function inlinePlainText(node: LexicalNode): string {
  if ($isTextNode(node)) return node.getTextContent();
  if ($isLineBreakNode(node)) return '\n';
  if ($isElementNode(node)) return node.getChildren().map(inlinePlainText).join('');
  return '';
}

/** A top-level block's plain text as the engine counts it: list items joined by "\n". */
export function $blockPlainText(block: ElementNode): string {
  if ($isListNode(block)) return block.getChildren().map(inlinePlainText).join('\n');
  return inlinePlainText(block);
}

export interface BodyBlockText {
  key: string;
  text: string;
}

export function $bodyBlockTexts(): BodyBlockText[] {
  return $getRoot()
    .getChildren()
    .map((block) => ({ key: block.getKey(), text: $isElementNode(block) ? $blockPlainText(block) : '' }));
}

/** Suggestions for the body, optionally only in some blocks (a paste), minus the dismissed ones. */
export function $bodySuggestions(scope: ReadonlySet<string> | null, dismissed: ReadonlySet<string>): EditorSuggestion[] {
  const blocks = $bodyBlockTexts();
  return suggestForTexts(blocks.map((b) => b.text))
    .map((s) => ({ ...s, blockKey: blocks[s.blockIndex]!.key, id: `${blocks[s.blockIndex]!.key}\u0000${suggestionKey(s)}` }))
    .filter((s) => (scope === null || scope.has(s.blockKey)) && !dismissed.has(s.id));
}

/** Applies fixes in one update (one undo step). A fix whose text changed since it was found is skipped.
 *  Returns how many were applied. */
export function applySuggestions(editor: LexicalEditor, suggestions: readonly EditorSuggestion[]): number {
  let applied = 0;
  editor.update(
    () => {
      // Last first within each block, so earlier offsets stay valid.
      const ordered = suggestions
        .filter((s) => s.applicable)
        .sort((a, b) => (a.blockKey === b.blockKey ? b.start - a.start : a.blockKey < b.blockKey ? -1 : 1));
      const lastStart = new Map<string, number>();
      for (const s of ordered) {
        const block = $getNodeByKey(s.blockKey);
        if (!block || !$isElementNode(block)) continue;
        if ($blockPlainText(block).slice(s.start, s.end) !== s.original) continue;
        if (s.end > (lastStart.get(s.blockKey) ?? Number.POSITIVE_INFINITY)) continue;
        const text = blockTextOf(block);
        const from = pointAt(text, s.start, 'start');
        const to = pointAt(text, s.end, 'end');
        if (!from || !to) continue;
        const selection = $createRangeSelection();
        selection.anchor.set(from.key, from.offset, 'text');
        selection.focus.set(to.key, to.offset, 'text');
        $setSelection(selection);
        selection.insertText(s.proposed);
        lastStart.set(s.blockKey, s.start);
        applied++;
      }
    },
    { tag: HISTORY_PUSH_TAG, discrete: true },
  );
  return applied;
}

/** Keys of the blocks a paste added or changed: new blocks, and blocks whose text differs from before. */
export function changedBlockKeys(before: readonly BodyBlockText[], after: readonly BodyBlockText[]): Set<string> {
  const old = new Map(before.map((b) => [b.key, b.text]));
  return new Set(after.filter((b) => old.get(b.key) !== b.text).map((b) => b.key));
}
