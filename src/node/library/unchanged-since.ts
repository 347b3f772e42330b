// Optimistic concurrency for the records people edit in forms (colophon, cover lines, publication
// settings, a photo's caption and credit): a save carries the record as its editor read it (`base`),
// and the server refuses it when the stored record has changed since, instead of letting the last
// save silently undo another person's. Articles carry a revision number instead (article-store.ts).

import { QikanError } from '../../shared/errors';
import { stableJson } from '../../shared/stable-json';

/** Throws conflict (reason changed_elsewhere) when `base` differs from `current`. Every save carries
 *  one (the schemas require it): a save without knowing what it replaces is not an edit. */
export function assertUnchangedSince(entity: string, id: number, current: unknown, base: unknown): void {
  if (stableJson(current) !== stableJson(base)) {
    throw new QikanError('conflict', `${entity} ${id} was changed by someone else since it was read: read it again, then save`, {
      reason: 'changed_elsewhere',
      entity,
      id,
    });
  }
}
