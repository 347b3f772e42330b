// Errors the PDF writer raises for input it cannot turn into a PDF. Each carries a stable code
// and the font/glyph concerned, so the command line can show a translated message.
// Pure.

export type PdfWriteErrorCode =
  | 'font_missing' // a run uses a font key whose bytes were not handed in: details.font
  | 'font_unreadable' // the bytes are not a TrueType font that can be read or subset: details.font, details.reason
  | 'font_unsupported' // a CFF/OpenType-PS or collection face the writer cannot embed: details.font, details.reason
  | 'glyph_out_of_range' // a glyph id beyond the font's glyph count: details.font, details.gid
  | 'image_unreadable' // image bytes that are not a baseline/progressive 8-bit JPEG, or disagree with their stated colour space: details.photoId, details.reason
  | 'image_not_allowed' // an RGB image in a print (PDF/X, CMYK) export: details.photoId, details.reason
  | 'output_intent_missing' // a print export without the output profile bytes
  | 'metadata_invalid' // metadata a PDF/X file cannot carry (no title, bad cover date): details.reason
  | 'page_labels_mismatch'; // page labels given for a different number of pages: details.reason

export interface PdfWriteErrorDetails {
  font?: string;
  gid?: number;
  reason?: string;
  photoId?: number;
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
