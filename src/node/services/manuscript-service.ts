// Manuscript import: read a Word or text file into a preview (nothing saved), then save the reviewed
// result as a new article or over an existing article's body.

import type { ApiHandlers } from '../api/dispatch';
import { commitManuscriptFile } from '../import/manuscript/commit-manuscript';
import { readManuscriptFile } from '../import/manuscript/read-manuscript';
import type { Library } from '../library/open-library';
import { decodeBase64 } from '../photos/photo-store';

export type ManuscriptHandlers = Pick<ApiHandlers, 'readManuscript' | 'commitManuscript'>;

export function createManuscriptService(lib: Library): ManuscriptHandlers {
  return {
    readManuscript: async ({ fileName, dataBase64 }) => (await readManuscriptFile(fileName, decodeBase64(dataBase64))).preview,
    commitManuscript: async ({ dataBase64, ...rest }) => (await commitManuscriptFile(lib, { ...rest, bytes: decodeBase64(dataBase64) })).article,
  };
}
