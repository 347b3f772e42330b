// Print export and preflight as the API carries them. Pure.

export type PdfStandard = 'x1a' | 'x4';
export type ExportKind = 'print' | 'screen';

export type PreflightCode =
  | 'overset' // text that could not be placed
  | 'missing_font'
  | 'missing_glyph'
  | 'low_resolution' // warning under 300 ppi, error under 150 ppi at the placed size
  | 'rgb_image' // an image that is not CMYK or greyscale in a print export
  | 'placeholder' // a frame without a photo file
  | 'missing_credit' // a photo or caption without its credit
  | 'missing_byline'
  | 'empty_section'
  | 'toc_out_of_date' // the contents do not match the laid-out start pages
  | 'required_item_missing' // publication-form items on the cover and colophon
  | 'prohibited_break' // a line that breaks a 避头尾 rule
  | 'over_budget' // an article longer than its page budget
  | 'overset_frame' // text of a generated page (cover, contents, colophon, 封二–封四) beyond its frame: params.frame, part, lines, text
  | 'board_order' // the board is not in 姓名笔画 order (a suggestion; the office's order prints): params.suggested
  | 'underfilled_page' // an article page whose lines and pictures cover less than design.minPageFill of the type area
  | 'overfull_line' // a line set past its column edge (no break made it fit): params.title, text, page
  | 'broken_word' // a line ending inside a word, name or 不断行 unit wider than the column (an emergency break): params.title, text, page
  // 付印 (print only, src/node/proof/sign-off-gate.ts): once proofreading has started, printing needs
  | 'signoff_open_corrections' // every correction resolved: params.count
  | 'signoff_round_unclosed' // every round closed: params.round
  | 'signoff_missing' // each closed round signed (责任校对, 初审; the last also 复审, 终审): params.round, params.roles (the steps)
  | 'signoff_stale' // a last-round signature given before a change: params.round, step, changed, articles
  | 'signoff_changed' // what prints differs from what the standing 付印 covers: params.round, signer, changed, articles
  | 'not_proofread'; // no proof round was ever opened: a warning, an error for a publication under 三审三校

export interface PreflightItem {
  code: PreflightCode;
  severity: 'error' | 'warning';
  /** English, for logs; the UI shows the locale text "preflight.<code>" filled with `params`. */
  message: string;
  params: Record<string, string | number>;
  /** What to open to fix it. */
  target: { articleId?: number; photoId?: number; page?: string; field?: string; sectionId?: number };
}

export interface PreflightResult {
  issueId: number;
  errors: PreflightItem[];
  warnings: PreflightItem[];
  /** Placeholder frames are listed separately: the sample issue has no photo files yet. */
  placeholders: number;
  checkedAt: string;
}

export interface ExportOptions {
  kind: ExportKind;
  standard?: PdfStandard;
  marks?: boolean;
  /** Required to export for print while preflight finds errors; recorded with the export. */
  overrideReason?: string;
}

export type ExportJobState = 'running' | 'done' | 'failed' | 'refused';

export interface ExportJob {
  jobId: string;
  issueId: number;
  state: ExportJobState;
  /** 0..1 */
  progress: number;
  /** "preflight" | "layout" | "images" | "pdf" | "write" */
  stage: string;
  preflight: PreflightResult | null;
  result: { fileName: string; pages: number; bytes: number; ms: number } | null;
  error: { code: string; message: string } | null;
}
