// Manuscript import: read a Word or text file into a preview (nothing saved), then save the reviewed
// result as a new article or over an existing article's body.

import type { ApiHandlers } from '../api/dispatch';
import { commitManuscriptFile } from '../import/manuscript/commit-manuscript';
import { readManuscriptFile } from '../import/manuscript/read-manuscript';
import type { Library } from '../library/open-library';
import { withUpload } from '../uploads/upload-store';

export type ManuscriptHandlers = Pick<ApiHandlers, 'readManuscript' | 'commitManuscript'>;

export function createManuscriptService(lib: Library): ManuscriptHandlers {
  return {
    // The preview keeps the upload: the commit reads the same file again.
    readManuscript: ({ upload }, ctx) =>
      withUpload(lib, ctx, upload, 'manuscript', async ({ fileName, bytes }) => (await readManuscriptFile(fileName, bytes)).preview, { keep: true }),
    commitManuscript: ({ upload, ...rest }, ctx) =>
      withUpload(lib, ctx, upload, 'manuscript', async ({ fileName, bytes }) => (await commitManuscriptFile(lib, { ...rest, fileName, bytes })).article),
  };
}
