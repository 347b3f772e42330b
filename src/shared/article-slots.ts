// Empty article slots: a new issue made from the previous one carries each article over as a slot
// with the placeholder title and a page budget; a manuscript imported into the slot fills it in place.
// Pure, shared by the service (which replaces the slot's title lines) and the import dialog (which
// offers the slots).

import { countChars } from './text-stats';

/** Title of an empty article slot carried over into a new issue. */
export const PLACEHOLDER_TITLE = '（待定）';

export interface SlotCandidate {
  titleLines: string[];
  subtitle: string | null;
  byline: string | null;
  /** Printed characters of the whole article (title lines included), as in ArticleSummary. */
  charCount: number;
}

/** An empty slot: the placeholder title alone, no subtitle or byline, and no printed text besides
 *  the title (so no body text and no author info). */
export function isEmptySlot(article: SlotCandidate): boolean {
  return (
    article.titleLines.length === 1 &&
    article.titleLines[0] === PLACEHOLDER_TITLE &&
    !article.subtitle &&
    !article.byline &&
    article.charCount === countChars(PLACEHOLDER_TITLE)
  );
}
