// Helpers for the typography.md §7 cases: the synthetic §7 font and compact option overrides.
import { createSyntheticFace } from '../../src/engine/fonts/synthetic-face';
import { composeParagraph, DEFAULT_PARAGRAPH_SETTINGS, type ParagraphSettings } from '../../src/engine/paragraph/compose';

export const specFace = createSyntheticFace();

/** §7 rows state no indent unless they say "indent 2". */
export function specSettings(over: Partial<ParagraphSettings> = {}): ParagraphSettings {
  return { ...DEFAULT_PARAGRAPH_SETTINGS, firstLineIndent: 0, ...over };
}

export function lines(text: string, width: number, over: Partial<ParagraphSettings> = {}): string[] {
  return composeParagraph(text, specFace, specSettings(over), width).lines.map((l) => l.text);
}

/** Natural width of a string set as one whole line. */
export function naturalWidthOf(text: string, over: Partial<ParagraphSettings> = {}): number {
  const p = composeParagraph(text, specFace, specSettings({ align: 'start', lastLineAlign: 'start', ...over }), 1000);
  return p.lines[0]!.width;
}
