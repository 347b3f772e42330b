// Sandboxed preload: exposes exactly the API methods as window.qikanTransport, each one an
// ipcRenderer.invoke on its own channel. Never ipcRenderer itself, never a generic invoke.
//
// A sandboxed preload can require only 'electron', and src/shared/api.ts pulls in zod at run time, so
// this file imports only types from it. The method table below is checked by the compiler to name
// every ApiMethod and nothing else (tests/shell/main-smoke.test.ts also checks the built bundle).

import { contextBridge, ipcRenderer } from 'electron';
import type { ApiMethod, QikanTransport } from '../shared/api';

// Same value as IPC_CHANNEL_PREFIX in src/shared/api.ts (a value import would bundle zod).
const CHANNEL_PREFIX = 'qikan:';

const METHODS = {
  getAuthState: true,
  login: true,
  setupFirstAdmin: true,
  logout: true,
  changeOwnPassword: true,
  listSessions: true,
  endSession: true,
  listAccounts: true,
  createAccount: true,
  updateAccount: true,
  resetPassword: true,
  listActivity: true,
  enterArticle: true,
  leaveArticle: true,
  getPresence: true,
  listIssues: true,
  getIssueOutline: true,
  getArticle: true,
  updateArticle: true,
  createSection: true,
  renameSection: true,
  deleteSection: true,
  moveSection: true,
  createArticle: true,
  deleteArticle: true,
  moveArticle: true,
  importIssueJson: true,
  getColophon: true,
  listPhotos: true,
  getPhotoPreview: true,
  listExtras: true,
  getPrintedToc: true,
  layoutArticle: true,
  getGlyphOutlines: true,
  getIssuePages: true,
  importPhoto: true,
  updatePhoto: true,
  preflightIssue: true,
  startExport: true,
  getExportJob: true,
  revealExport: true,
  createIssue: true,
  getFlatplan: true,
  searchLibrary: true,
  readManuscript: true,
  commitManuscript: true,
  getPublication: true,
  updatePublication: true,
  updateColophon: true,
  updateMasthead: true,
  addFont: true,
  listRounds: true,
  setRounds: true,
  openRound: true,
  closeRound: true,
  listCorrections: true,
  proposeCorrection: true,
  replyToCorrection: true,
  acceptCorrection: true,
  rejectCorrection: true,
  listVerifications: true,
  verifyCorrection: true,
  getArticleDiff: true,
  getQualityFigures: true,
  signRound: true,
  withdrawSignOff: true,
  getSignOffCoverage: true,
  listSignOffs: true,
  getSignOffState: true,
  startProofExport: true,
} satisfies Record<ApiMethod, true>;

// Same value as IPC_UPLOAD_CHANNEL in src/shared/uploads.ts.
const UPLOAD_CHANNEL = 'qikan-upload';

const transport = {
  ...Object.fromEntries(
    (Object.keys(METHODS) as ApiMethod[]).map((method) => [method, (input: unknown) => ipcRenderer.invoke(CHANNEL_PREFIX + method, input)]),
  ),
  // A file's bytes in one message (an ArrayBuffer crosses the bridge as it is, no base64).
  upload: (kind: string, fileName: string, data: ArrayBuffer) => ipcRenderer.invoke(UPLOAD_CHANNEL, kind, fileName, data),
} as unknown as QikanTransport;

contextBridge.exposeInMainWorld('qikanTransport', transport);
