// The proof PDF (校样) of a round: the issue's pages as the print export lays them out, written as a
// screen PDF (trim box, no bleed or marks, RGB), with every open correction of the round and of the
// rounds before it drawn at its place and in the margin, the round's watermark and a footer
// (src/pdf/proof/proof-sheet.ts). The file goes to <library>/exports/<issue>-proof-<round>-<time>.pdf
// and gets an export-log row of kind 'proof', so its job's download address works like an export's.

import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { QikanError } from '../../shared/errors';
import type { Correction, ProofRound } from '../../shared/proof';
import { writePdfWithReport } from '../../pdf/write-pdf';
import { correctionsForProof, proofSheet, type ProofSheet } from '../../pdf/proof/proof-sheet';
import { writeFileAtomically } from '../export/atomic-write';
import { pdfMetadataOf } from '../export/default-engine';
import { recordExport, type ExportLogEntry } from '../export/export-log';
import { issueFacts, issueSlug } from '../export/issue-metadata';
import { fileTimestamp, newJobId } from '../export/pipeline';
import { fontBytes } from '../fonts/default-fonts';
import { libraryFonts } from '../fonts/library-fonts';
import type { Library } from '../library/open-library';
import { fileModeIn, makeDirIn } from '../library/private-files';
import { findResourcesDir } from '../paths';
import { embeddableImage, type EmbeddableImage } from '../photos/convert';
import { photoFileRows } from '../photos/photo-store';
import { createLibraryService } from '../services/library-service';
import { getIssueLayout } from '../services/issue-layout';
import { createProofService } from '../services/proof-service';

export const PROOF_STAGES = ['layout', 'corrections', 'images', 'pdf', 'write'] as const;
export type ProofStage = (typeof PROOF_STAGES)[number];
const STAGE_START: Record<ProofStage, number> = { layout: 0, corrections: 0.35, images: 0.4, pdf: 0.5, write: 0.95 };

/** Where the rounds and corrections come from (the proofreading service; tests may hand in others). */
export interface ProofRecords {
  rounds(lib: Library, issueId: number): ProofRound[] | Promise<ProofRound[]>;
  corrections(lib: Library, issueId: number): Correction[] | Promise<Correction[]>;
}

/** The proofreading service's rounds and corrections. */
export const serviceProofRecords: ProofRecords = {
  rounds: (lib, issueId) => createProofService(lib).listRounds({ issueId }),
  corrections: (lib, issueId) => createProofService(lib).listCorrections({ issueId }),
};

export interface ProofExportRequest {
  issueId: number;
  roundId: number;
  /** Default: <library>/exports/<year-number>-proof-<round>-<timestamp>.pdf */
  outPath?: string;
  jobId?: string;
  /** Default: now (the footer's date and the file's time). */
  date?: Date;
  /** The signed-in person exporting, for the export log; null or absent from the command line. */
  accountId?: number | null;
}

export interface ProofExportOutcome {
  file: string;
  pages: number;
  bytes: number;
  ms: number;
  round: ProofRound;
  sheet: ProofSheet;
  log: ExportLogEntry;
}

/** A round named as the command line takes it: its name (一校) or its place in the list (1, 2, …). */
export function findRound(rounds: readonly ProofRound[], value: string): ProofRound | null {
  const trimmed = value.trim();
  const named = rounds.find((r) => r.name === trimmed);
  if (named) return named;
  if (/^\d+$/.test(trimmed)) return [...rounds].sort((a, b) => a.position - b.position)[Number(trimmed) - 1] ?? null;
  return null;
}

/** The round's name made safe for a file name on every platform. */
function fileNamePart(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_');
}

/** "2026-01-27" in local time, as the footer prints the day. */
function dayOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runProofExport(
  lib: Library,
  request: ProofExportRequest,
  records: ProofRecords,
  onProgress: (stage: ProofStage, progress: number) => void = () => {},
): Promise<ProofExportOutcome> {
  const started = performance.now();
  const date = request.date ?? new Date();
  const stage = async (name: ProofStage) => {
    onProgress(name, STAGE_START[name]);
    await breathe();
  };
  const rounds = await records.rounds(lib, request.issueId);
  const round = rounds.find((r) => r.id === request.roundId);
  if (!round) throw new QikanError('not_found', `round ${request.roundId} of issue ${request.issueId} not found`, { entity: 'round', id: request.roundId });
  const facts = issueFacts(lib, request.issueId);

  await stage('layout');
  const layout = getIssueLayout(lib, request.issueId);
  const fonts = libraryFonts(lib);
  const face = fonts.registry.resolve('hei', 400);

  await stage('corrections');
  const corrections = correctionsForProof(await records.corrections(lib, request.issueId), rounds, round.id);
  const service = createLibraryService(lib);
  const articleTitles = new Map<number, string>();
  for (const section of service.getIssueOutline({ issueId: request.issueId }).sections) {
    for (const a of section.articles) articleTitles.set(a.id, a.titleLines.join(''));
  }
  const sheet = proofSheet({
    pages: layout.document.pages,
    fonts: layout.document.fonts,
    pageLabels: layout.pageLabels,
    corrections,
    roundName: round.name,
    issueTitle: facts.title,
    date: dayOf(date),
    font: { key: face.key, face },
    articleTitles,
  });

  await stage('images');
  const resourcesDir = findResourcesDir();
  const images = new Map<number, EmbeddableImage>();
  const files = photoFileRows(lib, request.issueId);
  for (const photoId of new Set(layout.photoFrames.map((f) => f.photoId))) {
    const row = files.get(photoId);
    // A photo whose file is missing stays its placeholder frame, as in an overridden export.
    if (!row?.file || !row.sha256 || !fs.existsSync(path.join(lib.dir, row.file))) continue;
    images.set(photoId, await embeddableImage(lib.dir, resourcesDir, { file: row.file, sha256: row.sha256, colorSpace: row.color_space }, 'screen'));
  }

  await stage('pdf');
  const fontData = new Map<string, Uint8Array>();
  for (const key of sheet.document.fonts) {
    const file = fonts.files.get(key);
    if (file) fontData.set(key, fontBytes(file));
  }
  const { bytes, report } = await writePdfWithReport(sheet.document, fontData, {
    mode: 'screen',
    metadata: { ...pdfMetadataOf({ facts, overrideReason: null, date }), title: `${facts.title} ${round.name}` },
    pageLabels: sheet.pageLabels,
    bookmarks: layout.bookmarks,
    images,
    date,
    deflate: (data) => deflateSync(data),
  });

  await stage('write');
  const file = path.resolve(
    request.outPath ?? path.join(lib.dir, 'exports', `${issueSlug(facts)}-proof-${fileNamePart(round.name)}-${fileTimestamp(date)}.pdf`),
  );
  makeDirIn(lib.dir, path.dirname(file));
  writeFileAtomically(file, bytes, fileModeIn(lib.dir, file));
  const ms = performance.now() - started;
  const log = recordExport(lib, {
    issueId: request.issueId,
    jobId: request.jobId ?? newJobId(),
    exportedAt: date.toISOString(),
    kind: 'proof',
    standard: null,
    marks: false,
    file,
    pages: report.pages,
    bytes: bytes.length,
    preflightErrors: 0,
    preflightWarnings: 0,
    overrideReason: null,
    ms,
    accountId: request.accountId ?? null,
  });
  onProgress('write', 1);
  return { file, pages: report.pages, bytes: bytes.length, ms, round, sheet, log };
}
