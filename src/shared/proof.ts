// Proofreading under 三审三校 as the API carries it: rounds, corrections anchored in the text by
// Lexical mark ids, 核红 verification, differences between rounds, quality figures and the 付印
// sign-off. Pure.

export type PersonRole = '编辑' | '校对' | '主编' | '美编';
export const PERSON_ROLES: readonly PersonRole[] = ['编辑', '校对', '主编', '美编'];

/** The person working in the app, chosen there and recorded on everything they do. */
export interface Person {
  name: string;
  role: PersonRole;
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

export type SignOffRole = '责任编辑' | '责任校对' | '主编';
export const SIGN_OFF_ROLES: readonly SignOffRole[] = ['责任编辑', '责任校对', '主编'];

export interface SignOff {
  id: number;
  issueId: number;
  roundId: number;
  role: SignOffRole;
  name: string;
  note: string;
  at: string;
  /** Who recorded it in the app. */
  recordedBy: Person;
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
  /** Closed rounds that lack one of the three signatures. */
  missing: { roundId: number; name: string; roles: SignOffRole[] }[];
  /** Rounds not closed yet. */
  unclosedRounds: { roundId: number; name: string }[];
  ready: boolean;
}
