// Helpers of the manuscript dialog that need no React: the text of a refusal, and a block's text cut at
// its joins.

import type { TFunction } from 'i18next';
import type { ManuscriptPreview } from '../../shared/desk';
import { QikanError } from '../../shared/errors';

export const MANUSCRIPT_ACCEPT = '.docx,.txt,.md,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain,text/markdown';

/** A refused manuscript in the UI language: the file and the problem; null when the error is not a refusal. */
export function refusalText(t: TFunction, error: unknown): string | null {
  if (!(error instanceof QikanError) || error.code !== 'import_invalid' || error.details.reason === undefined) return null;
  const key = `errors:manuscript.reasons.${String(error.details.reason)}`;
  const reason = t(key, { defaultValue: '' });
  if (reason === '') return null;
  return t('errors:manuscript.refused', { file: String(error.details.file ?? ''), reason });
}

export interface TextPiece {
  text: string;
  /** The join that follows this piece (its index in preview.joins), if any. */
  joinAfter: number | null;
}

/** Cuts a block's text at the joins made inside it, so each can be shown and undone where it is. */
export function piecesOf(preview: ManuscriptPreview, blockIndex: number): TextPiece[] {
  const text = preview.blocks[blockIndex]?.text ?? '';
  const joins = preview.joins.map((j, index) => ({ ...j, index })).filter((j) => j.blockIndex === blockIndex).sort((a, b) => a.offset - b.offset);
  const pieces: TextPiece[] = [];
  let from = 0;
  for (const j of joins) {
    pieces.push({ text: text.slice(from, j.offset), joinAfter: j.index });
    from = j.offset;
  }
  pieces.push({ text: text.slice(from), joinAfter: null });
  return pieces;
}
