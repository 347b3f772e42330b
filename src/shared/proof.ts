// Proofreading under 三审三校 as the API carries it: rounds, corrections anchored in the text by
// Lexical mark ids, 核红 verification, differences between rounds, quality figures and the 付印
// sign-off. Pure.

import type { SignOffStep } from './auth';

/**
 * A person as a proofreading record names them: the account that acted (null on rows written before
 * accounts existed and not matched to one), the name shown and the role they acted in.
 */
export interface Person {
  accountId: number | null;
  name: string;
  role: string;
}

export type RoundState = 'planned' | 'open' | 'closed';

export interface ProofRound {
  id: number;
  issueId: number;
  position: number;
  /** 一校, 二校, 三校, 通读 by default; editable. */
  name: string;
  state: RoundState;
  openedAt: string | null;
  openedBy: Person | null;
  closedAt: string | null;
  closedBy: Person | null;
  /** Articles the round covers, with who proofreads each. */
  articles: { articleId: number; proofreader: string | null }[];
}

/** 改, 删, 增, 对调, 另起段, 接排, 疑问/批注. */
export type CorrectionKind = 'replace' | 'delete' | 'insert' | 'transpose' | 'new-paragraph' | 'join-paragraphs' | 'query';
export const CORRECTION_KINDS: readonly CorrectionKind[] = ['replace', 'delete', 'insert', 'transpose', 'new-paragraph', 'join-paragraphs', 'query'];

export type CorrectionStatus = 'open' | 'accepted' | 'rejected';

export interface CorrectionReply {
  author: Person;
  text: string;
  at: string;
}

export interface Correction {
  id: number;
  issueId: number;
  articleId: number;
  roundId: number;
  /** The Lexical MarkNode id anchoring it in the article body. */
  markId: string;
  kind: CorrectionKind;
  /** The anchored text when proposed. */
  original: string;
  /** Replacement or inserted text; for transpose the swapped text; empty for delete, query, new-paragraph, join. */
  proposed: string;
  note: string;
  author: Person;
  createdAt: string;
  status: CorrectionStatus;
  resolvedBy: Person | null;
  resolvedAt: string | null;
  rejectReason: string | null;
  replies: CorrectionReply[];
  /** The anchored text was deleted by other means: kept and shown, never silently lost. */
  orphaned: boolean;
  /** Where the anchor is now: block index and character range in the block's text (null when orphaned). */
  anchor: { blockIndex: number; start: number; end: number } | null;
  /** 核红: checked in the next round that the accepted change was carried out. */
  verification: { state: 'confirmed' | 'reopened'; by: Person; at: string; note: string } | null;
}

/**
 * Hashes (SHA-256, hex) of what a signature covers: each article's text and options, the colophon,
 * the publication settings, the photos (files, captions, credits) and the other layout inputs (sections,
 * order, extras). `total` hashes all of them together.
 */
export interface CoverageHashes {
  articles: Record<string, string>;
  colophon: string;
  settings: string;
  photos: string;
  layout: string;
  total: string;
}

/** A part that differs between a signature's hashes and the issue now. */
export type ChangedPart =
  | { kind: 'article'; articleId: number; title: string }
  | { kind: 'article-removed'; articleId: number; title: string }
  | { kind: 'colophon' | 'settings' | 'photos' | 'layout' };

export interface SignOff {
  id: number;
  issueId: number;
  roundId: number;
  step: SignOffStep;
  /** The person who signed (with their password). */
  signer: Person;
  note: string;
  at: string;
  /** What the signature covered when it was given (null on signatures from before accounts). */
  covers: CoverageHashes | null;
  /** Withdrawn by the 主编 with a reason: it no longer counts. */
  withdrawn: { by: Person; at: string; reason: string } | null;
}

export interface SignOffCoverage {
  issueId: number;
  /** The issue as it stands: what a signature given now covers. */
  hashes: CoverageHashes;
  articles: { articleId: number; title: string; chars: number }[];
  /** Each standing signature of the last round with what changed since it was given. */
  changedSince: { signOffId: number; roundId: number; step: SignOffStep; changed: ChangedPart[] }[];
}

export interface QualityRow {
  /** Corrections that found an error (accepted, not queries). */
  errors: number;
  /** Characters covered (字数). */
  chars: number;
  /** Errors per 10,000 characters. */
  per10k: number;
}

export interface QualityFigures {
  issueId: number;
  /** The regulation's threshold (《报纸期刊质量管理规定》 2020): 2 errors per 10,000 characters. */
  thresholdPer10k: number;
  rounds: (QualityRow & { roundId: number; name: string })[];
  articles: (QualityRow & { articleId: number; title: string })[];
  issue: QualityRow;
}

export interface DiffSegment {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface ArticleDiff {
  articleId: number;
  /** The round whose opening snapshot is compared with the current text. */
  sinceRoundId: number;
  sinceName: string;
  /** One list per block of the current text (deleted blocks appear as a delete segment). */
  blocks: { blockIndex: number; segments: DiffSegment[] }[];
  inserted: number;
  deleted: number;
}

/** Why a print export is refused at sign-off (付印) time. */
export interface SignOffState {
  issueId: number;
  openCorrections: number;
  /** Closed rounds that lack signatures. */
  missing: { roundId: number; name: string; steps: SignOffStep[] }[];
  /** Signatures of the last round given to another text than the issue's now: to be signed again. */
  stale: { roundId: number; name: string; step: SignOffStep; changed: ChangedPart[] }[];
  /** Rounds not closed yet. */
  unclosedRounds: { roundId: number; name: string }[];
  ready: boolean;
  /** The 付印 signature stands: the issue is read-only until the 主编 withdraws it. */
  frozen: boolean;
  frozenBy: SignOff | null;
}
