// Accounts, roles and the permission table: who may call which API method. Pure.
//
// The server (src/node/api/dispatch.ts) checks every call against METHOD_RULES before the payload is
// validated or a service is reached; the UI reads the same table (allowedFor) to hide or disable what
// the person may not do and to say why. tests/node/permissions.test.ts checks that every method of
// apiInputs has a rule, so a new method without one fails the build.

import type { ApiMethod } from './api';

/** The office's roles. A person may hold several. */
export type Role = '管理员' | '主编' | '编辑部主任' | '责任编辑' | '美编' | '校对';
export const ROLES: readonly Role[] = ['管理员', '主编', '编辑部主任', '责任编辑', '美编', '校对'];

/** A person as every record shows them: the account and the name it had when it acted. */
export interface Actor {
  accountId: number;
  login: string;
  displayName: string;
  roles: Role[];
}

export interface Account {
  id: number;
  login: string;
  displayName: string;
  roles: Role[];
  disabled: boolean;
  /** Made by a migration from a name in old records: it cannot log in until an administrator sets a password. */
  needsPassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface SessionInfo {
  id: string;
  accountId: number;
  displayName: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  address: string;
  userAgent: string;
  /** The session this request came from. */
  current: boolean;
}

/** What the app needs to know before anything else: is there anyone, and who is this. */
export interface AuthState {
  /** No account can log in yet: the first administrator must be created. */
  needsSetup: boolean;
  /** Whether the first administrator may be created from here (loopback or desktop only). */
  setupAllowed: boolean;
  me: Actor | null;
  /** Idle and absolute session limits, in minutes. */
  idleMinutes: number;
  absoluteMinutes: number;
}

/** One line of the record (操作记录). */
export interface ActivityEntry {
  id: number;
  at: string;
  accountId: number | null;
  actorName: string;
  /** The API method, or a word for what is not one ('login', 'cli:user add', …). */
  action: string;
  outcome: 'done' | 'refused';
  issueId: number | null;
  articleId: number | null;
  roundId: number | null;
  /** What the line says, as data (titles, names, revisions); the UI words it from activity.actions.<action>. */
  params: Record<string, string | number | boolean | null>;
  /** Text a person gave with it: a reason, a note. */
  note: string;
  /** Where it came from: an address, 'desktop' or 'cli'. */
  origin: string;
}

export interface ActivityQuery {
  issueId?: number;
  accountId?: number;
  action?: string;
  outcome?: 'done' | 'refused';
  limit?: number;
  beforeId?: number;
}

/** Who has an article open. */
export interface PresenceEntry {
  accountId: number;
  displayName: string;
  mode: 'edit' | 'read';
  since: string;
}

export interface ArticlePresence {
  articleId: number;
  /** The person holding the soft lock (editing), if anyone does. */
  editor: PresenceEntry | null;
  readers: PresenceEntry[];
}

/**
 * A rule: 'public' needs no session (logging in, the first-run setup); 'signed-in' any person with a
 * session; otherwise one of the roles. `elevated` adds a stricter rule when the payload asks for more
 * (a replacing import, an export past preflight errors, a print export).
 */
export type MethodRule =
  | { kind: 'public' }
  | { kind: 'signed-in'; mutates: boolean }
  | {
      kind: 'roles';
      roles: readonly Role[];
      mutates: boolean;
      elevated?: readonly { when: (input: Record<string, unknown>) => boolean; roles: readonly Role[]; what: string }[];
    };

const EDITORS: readonly Role[] = ['主编', '编辑部主任', '责任编辑'];
const CHIEFS: readonly Role[] = ['主编', '编辑部主任'];
const ART: readonly Role[] = ['主编', '编辑部主任', '责任编辑', '美编'];
const PROOF: readonly Role[] = ['主编', '编辑部主任', '责任编辑', '校对'];
const ADMIN: readonly Role[] = ['管理员'];

const read = { kind: 'signed-in', mutates: false } as const;
const own = { kind: 'signed-in', mutates: true } as const;
const roles = (r: readonly Role[]): MethodRule => ({ kind: 'roles', roles: r, mutates: true });

/** The permission table. Every API method has exactly one rule. */
export const METHOD_RULES: Record<ApiMethod, MethodRule> = {
  // Accounts and sessions.
  getAuthState: { kind: 'public' },
  login: { kind: 'public' },
  setupFirstAdmin: { kind: 'public' },
  logout: own,
  changeOwnPassword: own,
  listSessions: read,
  endSession: own, // one's own; an administrator's for anyone (checked in the service)
  listAccounts: read,
  createAccount: roles(ADMIN),
  updateAccount: roles(ADMIN),
  resetPassword: roles(ADMIN),
  listActivity: read,

  // Reading the library.
  listIssues: read,
  getIssueOutline: read,
  getArticle: read,
  getColophon: read,
  listPhotos: read,
  getPhotoPreview: read,
  listExtras: read,
  getPrintedToc: read,
  layoutArticle: read,
  getGlyphOutlines: read,
  getIssuePages: read,
  preflightIssue: read,
  getExportJob: read,
  revealExport: read,
  getFlatplan: read,
  searchLibrary: read,
  getPublication: read,
  listRounds: read,
  listCorrections: read,
  listVerifications: read,
  getArticleDiff: read,
  getQualityFigures: read,
  listSignOffs: read,
  getSignOffState: read,
  getSignOffCoverage: read,
  readManuscript: { kind: 'roles', roles: EDITORS, mutates: false },

  // Two people, one article.
  enterArticle: read, // opening read-only or for editing; taking over is recorded
  leaveArticle: read,
  getPresence: read,

  // Editing an issue.
  updateArticle: roles(EDITORS),
  createSection: roles(EDITORS),
  renameSection: roles(EDITORS),
  deleteSection: roles(CHIEFS),
  moveSection: roles(EDITORS),
  createArticle: roles(EDITORS),
  deleteArticle: roles(CHIEFS),
  moveArticle: roles(ART),
  commitManuscript: roles(EDITORS),
  importPhoto: roles(ART),
  updatePhoto: roles(ART),
  createIssue: roles(CHIEFS),
  importIssueJson: {
    kind: 'roles',
    roles: CHIEFS,
    mutates: true,
    elevated: [{ when: (i) => i['replace'] === true, roles: ['主编'], what: 'replace' }],
  },

  // Colophon and settings.
  updateColophon: roles(CHIEFS),
  updateMasthead: roles(CHIEFS),
  updatePublication: roles(['主编', '编辑部主任', '美编']),
  addFont: roles(['管理员', '主编', '美编']),

  // Export.
  startExport: {
    kind: 'roles',
    roles: ['主编', '编辑部主任', '责任编辑', '美编', '校对'],
    mutates: true,
    elevated: [
      { when: (i) => i['kind'] === 'print', roles: ['主编', '编辑部主任', '美编'], what: 'print' },
      // Printing past preflight errors (or past a missing 付印) is the 主编's decision alone.
      { when: (i) => i['overrideReason'] !== undefined, roles: ['主编'], what: 'override' },
    ],
  },
  startProofExport: roles(['主编', '编辑部主任', '责任编辑', '美编', '校对']),

  // Proofreading.
  setRounds: roles(EDITORS),
  openRound: roles(EDITORS),
  closeRound: roles(EDITORS),
  proposeCorrection: roles(PROOF),
  replyToCorrection: own,
  acceptCorrection: roles(EDITORS),
  rejectCorrection: roles(EDITORS),
  verifyCorrection: roles(PROOF),
  // Which signature a person may give is checked against SIGNATURE_ROLES in the service.
  signRound: roles(['主编', '编辑部主任', '责任编辑', '校对']),
  withdrawSignOff: roles(['主编']),
};

/**
 * The signatures of 三审三校 and the role each needs. Every round is signed by its 责任校对 and by the
 * 初审 (责任编辑); the last round also by the 复审 (编辑部主任) and the 终审 (主编), whose signature is
 * the 付印. The three 审 are three different people, and a round's 校对 is none of its 审.
 */
export type SignOffStep = '责任校对' | '初审' | '复审' | '终审';
export const SIGN_OFF_STEPS: readonly SignOffStep[] = ['责任校对', '初审', '复审', '终审'];
export const SIGNATURE_ROLES: Record<SignOffStep, Role> = {
  责任校对: '校对',
  初审: '责任编辑',
  复审: '编辑部主任',
  终审: '主编',
};
/** The steps a round needs: every round the first two, the last round all four. */
export function stepsOfRound(isLast: boolean): readonly SignOffStep[] {
  return isLast ? SIGN_OFF_STEPS : ['责任校对', '初审'];
}

export type Permission = { allowed: true } | { allowed: false; reason: 'not_signed_in' } | { allowed: false; reason: 'role'; needed: readonly Role[] };

/** Whether a person with `have` may call `method` with `input`; the UI and the server both ask this. */
export function allowedFor(method: ApiMethod, have: readonly Role[] | null, input: Record<string, unknown> = {}): Permission {
  const rule = METHOD_RULES[method];
  if (rule.kind === 'public') return { allowed: true };
  if (have === null) return { allowed: false, reason: 'not_signed_in' };
  if (rule.kind === 'signed-in') return { allowed: true };
  if (!rule.roles.some((r) => have.includes(r))) return { allowed: false, reason: 'role', needed: rule.roles };
  for (const e of rule.elevated ?? []) {
    if (e.when(input) && !e.roles.some((r) => have.includes(r))) return { allowed: false, reason: 'role', needed: e.roles };
  }
  return { allowed: true };
}

/** Whether a call changes something (recorded in the 操作记录 and refused on a signed-off issue). */
export function mutates(method: ApiMethod): boolean {
  const rule = METHOD_RULES[method];
  return rule.kind !== 'public' && rule.mutates;
}

export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/;
export const MIN_PASSWORD_LENGTH = 8;
export const SESSION_COOKIE = 'qikan_session';
