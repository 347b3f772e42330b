// Why a manuscript is refused. Every refusal is an import_invalid error naming the file and a reason
// code the UI and the command line translate; `expected` says in English what would have been accepted
// (logs and scripts), the locale files say it in the reader's language.

import { QikanError } from '../../../shared/errors';

export type ManuscriptRefusal =
  | 'manuscript_empty'
  | 'manuscript_unsupported'
  | 'docx_not_zip'
  | 'docx_damaged'
  | 'docx_not_word'
  | 'docx_zip_bomb'
  | 'text_encoding'
  | 'text_binary'
  | 'manuscript_too_long'
  | 'manuscript_too_complex';

export const MANUSCRIPT_EXPECTATIONS: Record<ManuscriptRefusal, string> = {
  manuscript_empty: 'a file with text in it',
  manuscript_unsupported: 'a Word .docx, a .txt or a .md file',
  docx_not_zip: 'a Word .docx document (this file is not one, whatever its name says)',
  docx_damaged: 'a complete .docx file (this one is truncated or damaged)',
  docx_not_word: 'a Word document (the zip holds no word/document.xml)',
  docx_zip_bomb: 'a .docx that unpacks to at most 200 MB at a normal compression ratio',
  text_encoding: 'text in UTF-8 or GBK/GB18030',
  text_binary: 'a plain text file (this one holds binary data)',
  manuscript_too_long: 'a manuscript of at most 1,000,000 characters',
  manuscript_too_complex: 'a manuscript of at most 100,000 paragraphs and 500,000 runs of text',
};

export function refuseManuscript(reason: ManuscriptRefusal, file: string, why: string, extra: Record<string, string | number> = {}): QikanError {
  return new QikanError('import_invalid', `${file}: ${why}`, { reason, file, path: file, expected: MANUSCRIPT_EXPECTATIONS[reason], ...extra });
}
