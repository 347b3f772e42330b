// Errors the PDF writer raises for input it cannot turn into a PDF. Each carries a stable code
// and the font/glyph concerned, so the command line can show a translated message.
// Pure.

export type PdfWriteErrorCode =
  | 'font_missing' // a run uses a font key whose bytes were not handed in: details.font
  | 'font_unreadable' // fontkit could not parse the bytes: details.font, details.reason
  | 'font_unsupported' // a CFF/OpenType-PS or collection face the writer cannot embed: details.font, details.reason
  | 'glyph_out_of_range'; // a glyph id beyond the font's glyph count: details.font, details.gid

export interface PdfWriteErrorDetails {
  font?: string;
  gid?: number;
  reason?: string;
}

export class PdfWriteError extends Error {
  readonly code: PdfWriteErrorCode;
  readonly details: PdfWriteErrorDetails;
  constructor(code: PdfWriteErrorCode, message: string, details: PdfWriteErrorDetails = {}) {
    super(message);
    this.name = 'PdfWriteError';
    this.code = code;
    this.details = details;
  }
}
