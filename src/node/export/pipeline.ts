// The one export path the API's jobs and the command line share:
//   layout → preflight → images → pdf → write (+ export log row).
// The issue is laid out first because preflight reads the layout (overset text, missing glyphs, the
// contents' page numbers); the same layout is then written, so what preflight passed is what prints.
// A print export with preflight errors is refused unless an override reason is given; the reason is
// recorded in the export log and in the PDF's XMP history. Screen PDFs are proofs: errors are reported
// but do not block them.

import fs from 'node:fs';
import path from 'node:path';
import type { CompositionReport } from '../../engine/report';
import type { IssueLayoutResult } from '../../engine/issue/types';
import type { ExportKind, PdfStandard, PreflightResult } from '../../shared/print';
import type { Library } from '../library/open-library';
import { fileModeIn, makeDirIn } from '../library/private-files';
import { findResourcesDir } from '../paths';
import { embeddableImage, outputProfileFile, type EmbeddableImage } from '../photos/convert';
import { photoFileRows } from '../photos/photo-store';
import { preflight, type PreflightFonts } from '../preflight/run-preflight';
import { removeStalePartials, writeFileAtomically } from './atomic-write';
import { recordExport, type ExportLogEntry } from './export-log';
import { issueFacts, issueSlug, type IssueFacts } from './issue-metadata';
import { signOffOverrideText, withSignOffItems } from '../proof/sign-off-gate';

/** Preflight errors no override reason lets through. */
const UNOVERRIDABLE: ReadonlySet<string> = new Set(['signoff_changed']);

export const EXPORT_STAGES = ['layout', 'preflight', 'images', 'pdf', 'write'] as const;
export type ExportStage = (typeof EXPORT_STAGES)[number];

/** Where each stage starts on the 0..1 progress bar (roughly its share of a cold export). */
const STAGE_START: Record<ExportStage, number> = { layout: 0, preflight: 0.35, images: 0.4, pdf: 0.55, write: 0.95 };
const STAGE_END: Record<ExportStage, number> = { layout: 0.35, preflight: 0.4, images: 0.55, pdf: 0.95, write: 1 };

export interface ExportRequest {
  issueId: number;
  kind: ExportKind;
  standard?: PdfStandard;
  marks?: boolean;
  overrideReason?: string;
  /** Default: <library>/exports/<year-number>-<kind>-<timestamp>.pdf */
  outPath?: string;
  /** Names the export in the log; default: a fresh id. */
  jobId?: string;
  /** The signed-in person exporting, for the export log; null or absent from the command line. */
  accountId?: number | null;
}

export interface IssuePdfInput {
  layout: IssueLayoutResult;
  fonts: ReadonlyMap<string, Uint8Array>;
  /** Converted for the output (CMYK or grey for print, sRGB or grey for screen), per photo id. */
  images: ReadonlyMap<number, EmbeddableImage>;
  kind: ExportKind;
  standard: PdfStandard;
  marks: boolean;
  facts: IssueFacts;
  /** The print output profile (ISO Coated v2 300 %), for the output intent. */
  outputProfile: Uint8Array;
  overrideReason: string | null;
  date: Date;
}

/** The parts that lay out the issue and write PDF bytes; src/node/export/default-engine.ts wires the real
 *  ones, tests may hand in others. */
export interface ExportEngine {
  layoutIssue(lib: Library, issueId: number): IssueLayoutResult | Promise<IssueLayoutResult>;
  fonts(lib: Library): PreflightFonts & { bytes(keys: readonly string[]): ReadonlyMap<string, Uint8Array> };
  writePdf(input: IssuePdfInput): Promise<{ bytes: Uint8Array; pages: number }>;
}

export type ExportOutcome =
  | { state: 'refused'; preflight: PreflightResult; composition: CompositionReport }
  | { state: 'done'; preflight: PreflightResult; composition: CompositionReport; file: string; pages: number; bytes: number; ms: number; log: ExportLogEntry };

export type ProgressListener = (stage: ExportStage, progress: number) => void;

/** "20260127T093015Z": sortable, and valid in file names on every platform. */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export function defaultExportPath(lib: Library, facts: IssueFacts, kind: ExportKind, date: Date): string {
  return path.join(lib.dir, 'exports', `${issueSlug(facts)}-${kind}-${fileTimestamp(date)}.pdf`);
}

let exportCounter = 0;
export function newJobId(): string {
  return `export-${Date.now().toString(36)}-${(++exportCounter).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Lets a polling caller in while a long export runs on the same thread. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runExport(lib: Library, request: ExportRequest, engine: ExportEngine, onProgress: ProgressListener = () => {}): Promise<ExportOutcome> {
  const resourcesDir = findResourcesDir();
  const started = performance.now();
  // What an earlier export to the same file left when it was killed (inside the library, the next start cleans).
  if (request.outPath) removeStalePartials(path.resolve(request.outPath));
  const date = new Date();
  const kind = request.kind;
  const standard: PdfStandard = request.standard ?? 'x1a';
  const marks = kind === 'print' ? request.marks !== false : false;
  const overrideReason = request.overrideReason?.trim() || null;
  const facts = issueFacts(lib, request.issueId);
  const stage = async (name: ExportStage, fraction = 0) => {
    onProgress(name, STAGE_START[name] + (STAGE_END[name] - STAGE_START[name]) * fraction);
    await breathe();
  };

  await stage('layout');
  const layout = await engine.layoutIssue(lib, request.issueId);
  const fonts = engine.fonts(lib);

  await stage('preflight');
  // 付印: a print export of an issue under 三审三校 also needs every round closed and signed.
  const { result, gated: signOffGated } = withSignOffItems(lib.db, request.issueId, kind, preflight(lib, request.issueId, kind, layout, fonts));
  // An override of a missing sign-off says so in the PDF's history and in the export log.
  const recordedReason = overrideReason && signOffGated ? signOffOverrideText(overrideReason) : overrideReason;
  if (kind === 'print' && result.errors.length > 0 && !overrideReason) return { state: 'refused', preflight: result, composition: layout.report };
  // What the 付印 signature did not cover never prints, whatever the reason: it must be signed again.
  if (kind === 'print' && result.errors.some((e) => UNOVERRIDABLE.has(e.code))) return { state: 'refused', preflight: result, composition: layout.report };

  await stage('images');
  const images = new Map<number, EmbeddableImage>();
  const files = photoFileRows(lib, request.issueId);
  // A photo whose original has gone missing prints as its placeholder frame: preflight reported it
  // as an error, so this happens only in an export an editor overrode.
  const placed = [...new Set(layout.photoFrames.map((f) => f.photoId))].filter((id) => {
    const row = files.get(id);
    return row?.file && row.sha256 && fs.existsSync(path.join(lib.dir, row.file));
  });
  for (const [i, photoId] of placed.entries()) {
    const row = files.get(photoId)!;
    images.set(photoId, await embeddableImage(lib.dir, resourcesDir, { file: row.file!, sha256: row.sha256!, colorSpace: row.color_space }, kind));
    await stage('images', (i + 1) / placed.length);
  }

  await stage('pdf');
  const written = await engine.writePdf({
    layout,
    fonts: fonts.bytes(layout.document.fonts),
    images,
    kind,
    standard,
    marks,
    facts,
    outputProfile: new Uint8Array(fs.readFileSync(outputProfileFile(resourcesDir))),
    overrideReason: recordedReason,
    date,
  });

  await stage('write');
  const file = path.resolve(request.outPath ?? defaultExportPath(lib, facts, kind, date));
  makeDirIn(lib.dir, path.dirname(file));
  writeFileAtomically(file, written.bytes, fileModeIn(lib.dir, file));
  const ms = performance.now() - started;
  const log = recordExport(lib, {
    issueId: request.issueId,
    jobId: request.jobId ?? newJobId(),
    exportedAt: date.toISOString(),
    kind,
    standard: kind === 'print' ? standard : null,
    marks,
    file,
    pages: written.pages,
    bytes: written.bytes.length,
    preflightErrors: result.errors.length,
    preflightWarnings: result.warnings.length,
    // Recorded when it let errors through; a reason given for an export without errors overrode nothing.
    overrideReason: result.errors.length > 0 ? recordedReason : null,
    ms,
    accountId: request.accountId ?? null,
  });
  onProgress('write', 1);
  return { state: 'done', preflight: result, composition: layout.report, file, pages: written.pages, bytes: written.bytes.length, ms, log };
}

