// The one contract between the renderer and the back end. Two transports carry it:
// IPC in the desktop app (src/main + src/preload) and HTTP in browser mode (src/node/server).
// Both validate every payload with the schemas below before any service sees it.
// Pure: zod only.

import type { RemovedCounts } from './unsafe-characters';
import { z } from 'zod';
import { uploadIdSchema, type UploadKind, type UploadReceipt } from './uploads';
import type { DisplayPage } from './display-list';
import type { Envelope } from './errors';
import type { ExportJob, PreflightResult } from './print';
import type { Flatplan, ManuscriptPreview, SearchHit } from './desk';
import type { AvailableFont } from './settings';
import {
  LOGIN_PATTERN,
  MIN_PASSWORD_LENGTH,
  ROLES,
  SIGN_OFF_STEPS,
  type Account,
  type ActivityEntry,
  type ArticlePresence,
  type AuthState,
  type Role,
  type SessionInfo,
  type SignOffStep,
} from './auth';
import type { ArticleDiff, Correction, ProofRound, QualityFigures, SignOff, SignOffCoverage, SignOffState } from './proof';
import type {
  Article,
  ArticleSummary,
  Colophon,
  IssueExtra,
  IssueOutline,
  IssueSummary,
  Masthead,
  Photo,
  PrintedTocEntry,
  Publication,
  SectionOutline,
} from './model';

const id = z.number().int().positive();
const name = z.string().trim().min(1).max(200);
const index = z.number().int().min(0).max(10_000);
const MAX_BODY_JSON = 5_000_000;

const loginSchema = z.string().trim().regex(LOGIN_PATTERN);
const displayNameSchema = z.string().trim().min(1).max(40);
const passwordSchema = z.string().min(1).max(200);
const newPasswordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(200);
const rolesSchema = z.array(z.enum(ROLES as [Role, ...Role[]])).min(1).max(ROLES.length);

const creditSchema = z
  .object({
    kind: z.enum(['摄影', '图', '资料']),
    name: z.string().trim().min(1).max(100),
    raw: z.string().max(200).optional(),
    scope: z.string().max(20).optional(),
  })
  .strict();

const serializedNode: z.ZodType<unknown> = z.lazy(() =>
  z.looseObject({
    type: z.string().min(1).max(64),
    children: z.array(serializedNode).max(100_000).optional(),
    text: z.string().max(1_000_000).optional(),
  }),
);

export const articleDocSchema = z
  .object({
    root: z.looseObject({
      type: z.literal('root'),
      children: z.array(serializedNode).max(100_000),
    }),
  })
  .refine((doc) => JSON.stringify(doc).length <= MAX_BODY_JSON, { message: `at most ${MAX_BODY_JSON} characters of JSON` });

export const articlePatchSchema = z
  .object({
    titleLines: z.array(z.string().max(500)).min(1).max(6),
    subtitle: z.string().max(500).nullable(),
    byline: z.string().max(500).nullable(),
    authorInfo: z.string().max(2000).nullable(),
    body: articleDocSchema,
    endMark: z.boolean(),
    notes: z.string().max(100_000),
    pageBudget: z.number().int().min(1).max(999).nullable(),
    runOn: z.enum(['rule', 'space']).nullable(),
    columns: z.number().int().min(1).max(4).nullable(),
  })
  .partial()
  .strict();

/**
 * An object of schemas, each built the first time it is read: a server validates many methods, a
 * command-line process few or none, and building all of them cost every process's start-up.
 */
function builtOnUse<T extends Record<string, () => z.ZodType>>(makers: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const out = {} as { [K in keyof T]: ReturnType<T[K]> };
  for (const key of Object.keys(makers) as (keyof T)[]) {
    Object.defineProperty(out, key, {
      enumerable: true,
      configurable: true,
      get() {
        const schema = makers[key]!() as ReturnType<T[typeof key]>;
        Object.defineProperty(out, key, { value: schema, enumerable: true });
        return schema;
      },
    });
  }
  return out;
}

/** Input schema of every method. The keys are the method names. */
export const apiInputs = builtOnUse({
  // Issue 9: accounts, sessions and the record. The actor of every call comes from the session.
  getAuthState: () => z.object({}).strict(),
  login: () => z.object({ login: z.string().trim().min(1).max(64), password: passwordSchema }).strict(),
  /** The first administrator of a library that has no account yet. */
  setupFirstAdmin: () => z.object({ login: loginSchema, displayName: displayNameSchema, password: newPasswordSchema, roles: rolesSchema.optional() }).strict(),
  logout: () => z.object({}).strict(),
  changeOwnPassword: () => z.object({ current: passwordSchema, next: newPasswordSchema }).strict(),
  /** One's own sessions; an administrator may name another account, or all (accountId omitted, all: true). */
  listSessions: () => z.object({ accountId: id.optional(), all: z.boolean().optional() }).strict(),
  endSession: () => z.object({ sessionId: z.string().min(1).max(100) }).strict(),
  listAccounts: () => z.object({}).strict(),
  createAccount: () => z.object({ login: loginSchema, displayName: displayNameSchema, roles: rolesSchema, password: newPasswordSchema }).strict(),
  updateAccount: () => z
    .object({
      accountId: id,
      login: loginSchema.optional(),
      displayName: displayNameSchema.optional(),
      roles: rolesSchema.optional(),
      disabled: z.boolean().optional(),
    })
    .strict(),
  resetPassword: () => z.object({ accountId: id, password: newPasswordSchema }).strict(),
  listActivity: () => z
    .object({
      issueId: id.optional(),
      accountId: id.optional(),
      action: z.string().max(64).optional(),
      outcome: z.enum(['done', 'refused']).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
      beforeId: id.optional(),
    })
    .strict(),
  /** Opening an article: for editing (takes the soft lock unless someone else holds it) or read-only. */
  enterArticle: () => z
    .object({ articleId: id, mode: z.enum(['edit', 'read']), takeOverReason: z.string().trim().min(1).max(500).optional() })
    .strict(),
  leaveArticle: () => z.object({ articleId: id }).strict(),
  getPresence: () => z.object({ issueId: id }).strict(),

  listIssues: () => z.object({}).strict(),
  getIssueOutline: () => z.object({ issueId: id }).strict(),
  getArticle: () => z.object({ articleId: id }).strict(),
  updateArticle: () => z.object({ articleId: id, baseRevision: z.number().int().min(0), patch: articlePatchSchema }).strict(),
  createSection: () => z.object({ issueId: id, name, index: index.optional() }).strict(),
  renameSection: () => z.object({ sectionId: id, name }).strict(),
  deleteSection: () => z.object({ sectionId: id }).strict(),
  moveSection: () => z.object({ sectionId: id, toIndex: index }).strict(),
  createArticle: () => z.object({ sectionId: id, title: name, index: index.optional() }).strict(),
  deleteArticle: () => z.object({ articleId: id }).strict(),
  moveArticle: () => z.object({ articleId: id, toSectionId: id, toIndex: index }).strict(),
  /** An issue from a JSON file uploaded first (kind issue_json). */
  importIssueJson: () => z.object({ upload: uploadIdSchema, replace: z.boolean().optional() }).strict(),
  getColophon: () => z.object({ issueId: id }).strict(),
  listPhotos: () => z.object({ issueId: id }).strict(),
  /** A photo for the screen (sRGB JPEG, at most 1,200 px on its long side): the preview and thumbnails draw it in its frame. */
  getPhotoPreview: () => z.object({ photoId: id }).strict(),
  listExtras: () => z.object({ issueId: id }).strict(),
  getPrintedToc: () => z.object({ issueId: id }).strict(),
  /** Lay out one article for the page preview; `draft` carries unsaved edits so the preview follows typing. */
  layoutArticle: () => z
    .object({
      articleId: id,
      draft: articlePatchSchema.optional(),
    })
    .strict(),
  /** Outlines of glyphs for drawing a display list on screen exactly as the PDF draws it. */
  getGlyphOutlines: () => z
    .object({ font: z.string().min(1).max(200), gids: z.array(z.number().int().min(0).max(65_535)).min(1).max(10_000) })
    .strict(),
  // Issue 4: whole-issue pages, photos, preflight and export.
  /** Every page of the issue, for the thumbnail view; 'lines' drops glyphs under 14 pt (greeked). */
  getIssuePages: () => z.object({ issueId: id, detail: z.enum(['lines', 'full']) }).strict(),
  importPhoto: () => z
    .object({
      issueId: id,
      articleId: id.nullable(),
      placement: z.enum(['article', 'cover', 'inside-front-cover', 'inside-back-cover', 'back-cover', 'contents']),
      /** The image file, uploaded first (kind photo); its name comes with it. */
      upload: uploadIdSchema,
      caption: z.string().max(2000).optional(),
      credit: creditSchema.nullable().optional(),
      /** Replace the file of an existing photo (e.g. a placeholder) instead of adding one. */
      photoId: id.optional(),
    })
    .strict(),
  updatePhoto: () => z
    .object({
      photoId: id,
      caption: z.string().max(2000).optional(),
      credit: creditSchema.nullable().optional(),
      /** The caption and credit as the editor read them: the save is refused if they changed since. */
      base: z.object({ caption: z.string().max(2000), credit: creditSchema.nullable() }).strict(),
    })
    .strict(),
  preflightIssue: () => z.object({ issueId: id, kind: z.enum(['print', 'screen']).optional() }).strict(),
  startExport: () => z
    .object({
      issueId: id,
      kind: z.enum(['print', 'screen']),
      standard: z.enum(['x1a', 'x4']).optional(),
      marks: z.boolean().optional(),
      overrideReason: z.string().trim().min(1).max(2000).optional(),
    })
    .strict(),
  getExportJob: () => z.object({ jobId: z.string().min(1).max(100) }).strict(),
  /** Desktop: show the file in its folder. Browser: a download address for the file. */
  revealExport: () => z.object({ jobId: z.string().min(1).max(100) }).strict(),

  // Issue 5: the editor's desk.
  /** A new issue: from the previous one (sections carried over, numbers and dates advanced) or blank. */
  createIssue: () => z
    .object({
      fromIssueId: id.nullable(),
      year: z.number().int().min(1950).max(2200),
      number: z.number().int().min(1).max(60),
      totalNumber: z.number().int().min(1).max(100_000),
      publishDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    })
    .strict(),
  getFlatplan: () => z.object({ issueId: id }).strict(),
  searchLibrary: () => z.object({ query: z.string().trim().min(1).max(200), limit: z.number().int().min(1).max(200).optional() }).strict(),
  /** Read a manuscript (.docx, .txt, .md) into a preview; nothing is saved. */
  readManuscript: () => z.object({ upload: uploadIdSchema }).strict(),
  /** Save a reviewed manuscript as a new article in a section, or over an existing article's body. */
  commitManuscript: () => z
    .object({
      sectionId: id,
      articleId: id.optional(),
      baseRevision: z.number().int().min(0).optional(),
      /** The manuscript read before (kind manuscript); used up by the commit. */
      upload: uploadIdSchema,
      /** Joins (by index in the preview) the editor undid. */
      rejectedJoins: z.array(z.number().int().min(0)).max(10_000).optional(),
    })
    .strict(),
  getPublication: () => z.object({ publicationId: id }).strict(),
  updatePublication: () => z
    .object({
      publicationId: id,
      patch: z
        .object({
          title: z.string().trim().min(1).max(100),
          englishTitle: z.string().max(200),
          cn: z.string().trim().min(1).max(40),
          cnLabel: z.string().max(40),
          sponsor: z.string().max(200),
          publisher: z.string().max(200),
          priceValue: z.string().max(40),
          trimWidthMm: z.number().min(50).max(600),
          trimHeightMm: z.number().min(50).max(800),
          settings: z.record(z.string(), z.unknown()),
        })
        .partial()
        .strict(),
      /** The publication as the editor read it (getPublication): the save is refused if it changed since. */
      base: z.looseObject({}),
    })
    .strict(),
  /** The issue's masthead: the cover lines (封面要目) the cover prints, the issue line and date as printed, the cover photo's credit. */
  updateMasthead: () => z
    .object({
      issueId: id,
      masthead: z
        .object({
          coverLines: z.array(z.string().trim().min(1).max(80)).max(16),
          coverPhotoCredit: creditSchema.nullable(),
          issueLinePrinted: z.string().trim().max(80).nullable(),
          publishDatePrinted: z.string().trim().max(40).nullable(),
        })
        .partial()
        .strict(),
      /** The masthead as the editor read it: the save is refused if it changed since. */
      base: z.looseObject({}),
    })
    .strict(),
  updateColophon: () => z
    .object({
      issueId: id,
      colophon: z.looseObject({}),
      /** Keep the board members in the order given instead of 姓名笔画 order. */
      manualBoardOrder: z.boolean().optional(),
      /** The colophon as the editor read it (getColophon): the save is refused if it changed since. */
      base: z.looseObject({}),
    })
    .strict(),
  /** Register a licensed font (TTF, OTF or TTC) with the library: copied into <library>/fonts. */
  addFont: () => z.object({ upload: uploadIdSchema }).strict(),

  // Issue 6: proofreading.
  listRounds: () => z.object({ issueId: id }).strict(),
  /** Replace the issue's list of rounds (names and order); rounds already opened keep their place. */
  setRounds: () => z
    .object({ issueId: id, rounds: z.array(z.object({ id: id.optional(), name: z.string().trim().min(1).max(20) }).strict()).min(1).max(12)})
    .strict(),
  openRound: () => z
    .object({
      roundId: id,
      articles: z.array(z.object({ articleId: id, proofreader: z.string().trim().max(40).nullable() }).strict()).max(500).optional(),
    })
    .strict(),
  closeRound: () => z.object({ roundId: id }).strict(),
  listCorrections: () => z
    .object({
      issueId: id,
      roundId: id.optional(),
      articleId: id.optional(),
      status: z.enum(['open', 'accepted', 'rejected']).optional(),
      author: z.string().max(40).optional(),
    })
    .strict(),
  proposeCorrection: () => z
    .object({
      articleId: id,
      baseRevision: z.number().int().min(0),
      blockIndex: z.number().int().min(0).max(100_000),
      start: z.number().int().min(0).max(1_000_000),
      end: z.number().int().min(0).max(1_000_000),
      kind: z.enum(['replace', 'delete', 'insert', 'transpose', 'new-paragraph', 'join-paragraphs', 'query']),
      proposed: z.string().max(5000),
      note: z.string().max(5000),
    })
    .strict(),
  replyToCorrection: () => z.object({ correctionId: id, text: z.string().trim().min(1).max(5000) }).strict(),
  acceptCorrection: () => z.object({ correctionId: id }).strict(),
  rejectCorrection: () => z.object({ correctionId: id, reason: z.string().trim().min(1).max(2000) }).strict(),
  /** 核红: the accepted corrections of the round before `roundId`, to confirm or reopen. */
  listVerifications: () => z.object({ roundId: id }).strict(),
  verifyCorrection: () => z
    .object({ correctionId: id, result: z.enum(['confirmed', 'reopened']), note: z.string().max(2000).optional() })
    .strict(),
  getArticleDiff: () => z.object({ articleId: id, sinceRoundId: id.optional() }).strict(),
  getQualityFigures: () => z.object({ issueId: id }).strict(),
  /** A signature of the signed-in person; asks for their password again. */
  signRound: () => z
    .object({
      roundId: id,
      step: z.enum(SIGN_OFF_STEPS as [SignOffStep, ...SignOffStep[]]),
      password: passwordSchema,
      note: z.string().max(2000).optional(),
    })
    .strict(),
  /** The 主编 withdraws a signature (the 付印 above all) so the issue can be edited again; the reason is kept. */
  withdrawSignOff: () => z.object({ signOffId: id, reason: z.string().trim().min(1).max(2000), password: passwordSchema }).strict(),
  /** What a signature given now would cover, and what changed since each signature. */
  getSignOffCoverage: () => z.object({ issueId: id }).strict(),
  listSignOffs: () => z.object({ issueId: id }).strict(),
  getSignOffState: () => z.object({ issueId: id }).strict(),
  /** The proof PDF (校样) of a round: pages without bleed, open corrections marked, watermark, footer. */
  startProofExport: () => z.object({ issueId: id, roundId: id }).strict(),
});

export type ApiMethod = keyof typeof apiInputs;
export type ApiInput<M extends ApiMethod> = z.infer<(typeof apiInputs)[M]>;

export interface SaveResult {
  revision: number;
  updatedAt: string;
  charCount: number;
}

/** Counts from the engine's composition report, for the preview's status line. */
export interface LayoutReportSummary {
  pages: number;
  linesSet: number;
  prohibitedBreaks: number;
  overStretchedLines: number;
  /** Largest stretch of a justified line against the allowed 0.25 em per gap (1 = at the limit). */
  maxStretchRatio?: number;
  singleCharacterLastLines: number;
  /** Lines set wider than their measure (must be 0). Optional: absent from a summary made before it existed. */
  overfullLines?: number;
  /** Lines ending inside a word or keep-together unit wider than the measure (an emergency break). */
  brokenWords?: number;
  /** Overset (溢出): blocks the flow could not place plus generated-page frames with text beyond them. */
  oversetBlocks: number;
  missingGlyphs: { char: string; font: string; blockIndex: number }[];
  /** Pages the article takes against its budget (null when it has none). */
  pageBudget: number | null;
}

export interface ArticleLayout {
  articleId: number;
  pages: DisplayPage[];
  report: LayoutReportSummary;
  /** Milliseconds the engine took (for the status line, not for tests). */
  layoutMs: number;
}

export interface IssuePages {
  issueId: number;
  pages: DisplayPage[];
  /** Contents as laid out: each article's start page as printed. */
  starts: { articleId: number; folio: string }[];
  report: LayoutReportSummary;
}

export interface PhotoPreview {
  photoId: number;
  mime: 'image/jpeg';
  dataBase64: string;
  widthPx: number;
  heightPx: number;
}

export interface GlyphOutlines {
  font: string;
  unitsPerEm: number;
  /** SVG path data in font units, y axis up (the renderer flips it). */
  glyphs: { gid: number; d: string }[];
}

export interface ImportResult {
  issueId: number;
  year: number;
  number: number;
  sections: number;
  articles: number;
  /** Control, bidi-override and zero-width characters the import removed from the texts (absent: none). */
  removedCharacters?: RemovedCounts;
}

/** What each method returns. */
export interface ApiOutputs {
  getAuthState: AuthState;
  login: AuthState;
  setupFirstAdmin: AuthState;
  logout: { loggedOut: true };
  changeOwnPassword: { changed: true };
  listSessions: SessionInfo[];
  endSession: { ended: true };
  listAccounts: Account[];
  createAccount: Account;
  updateAccount: Account;
  resetPassword: Account;
  listActivity: ActivityEntry[];
  enterArticle: ArticlePresence & { granted: 'edit' | 'read' };
  leaveArticle: { left: true };
  getPresence: ArticlePresence[];
  listIssues: IssueSummary[];
  getIssueOutline: IssueOutline;
  getArticle: Article;
  updateArticle: SaveResult;
  createSection: SectionOutline;
  renameSection: SectionOutline;
  deleteSection: { deleted: true };
  moveSection: SectionOutline[];
  createArticle: ArticleSummary;
  deleteArticle: { deleted: true };
  moveArticle: SectionOutline[];
  importIssueJson: ImportResult;
  getColophon: Colophon;
  listPhotos: Photo[];
  getPhotoPreview: PhotoPreview;
  listExtras: IssueExtra[];
  getPrintedToc: PrintedTocEntry[];
  layoutArticle: ArticleLayout;
  getGlyphOutlines: GlyphOutlines;
  getIssuePages: IssuePages;
  importPhoto: Photo;
  updatePhoto: Photo;
  preflightIssue: PreflightResult;
  startExport: ExportJob;
  getExportJob: ExportJob;
  revealExport: { revealed: boolean; downloadUrl: string | null };
  createIssue: IssueSummary;
  getFlatplan: Flatplan;
  searchLibrary: SearchHit[];
  readManuscript: ManuscriptPreview;
  commitManuscript: ArticleSummary;
  getPublication: Publication;
  updatePublication: Publication;
  updateColophon: Colophon;
  updateMasthead: Masthead;
  addFont: AvailableFont[];
  listRounds: ProofRound[];
  setRounds: ProofRound[];
  openRound: ProofRound;
  closeRound: ProofRound;
  listCorrections: Correction[];
  proposeCorrection: { correction: Correction; revision: number };
  replyToCorrection: Correction;
  acceptCorrection: { correction: Correction; revision: number };
  rejectCorrection: Correction;
  listVerifications: Correction[];
  verifyCorrection: Correction;
  getArticleDiff: ArticleDiff;
  getQualityFigures: QualityFigures;
  signRound: SignOff;
  withdrawSignOff: SignOff;
  getSignOffCoverage: SignOffCoverage;
  listSignOffs: SignOff[];
  getSignOffState: SignOffState;
  startProofExport: ExportJob;
}

// A compile-time check that inputs and outputs name the same methods.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : never;
const _sameMethods: SameKeys<typeof apiInputs, ApiOutputs> = true;
void _sameMethods;

export const API_METHODS = Object.keys(apiInputs) as ApiMethod[];

/** The API as the renderer sees it: plain async methods that throw QikanError. */
export type QikanApi = { [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutputs[M]> } & {
  /** Sends a file ahead of the call that uses it (importPhoto, readManuscript, addFont…). */
  uploadFile(kind: UploadKind, file: { name: string; arrayBuffer(): Promise<ArrayBuffer> }): Promise<UploadReceipt>;
};

/** What a transport exposes (window.qikanTransport): each method answers with an envelope. */
export type QikanTransport = { [M in ApiMethod]: (input: unknown) => Promise<Envelope<ApiOutputs[M]>> } & {
  /** HTTP: a raw POST to /uploads/<kind>; desktop: one IPC message. */
  upload(kind: UploadKind, fileName: string, data: ArrayBuffer): Promise<Envelope<UploadReceipt>>;
};

export const IPC_CHANNEL_PREFIX = 'qikan:';
export function channelOf(method: ApiMethod): string {
  return IPC_CHANNEL_PREFIX + method;
}

/** HTTP path of a method in browser mode. */
export const HTTP_API_PREFIX = '/api/';
export function httpPathOf(method: ApiMethod): string {
  return HTTP_API_PREFIX + method;
}

export function isApiMethod(m: string): m is ApiMethod {
  return Object.prototype.hasOwnProperty.call(apiInputs, m);
}
