// Files a person hands the app (photos, manuscripts, fonts, issue JSON) travel as their own bytes, not
// as base64 inside a JSON call: the transport first uploads the file (HTTP: a raw POST streamed to a
// temporary file in the library; desktop: one IPC message), and the method that uses it names the
// upload by its id. Pure.

import { z } from 'zod';

export const UPLOAD_KINDS = ['photo', 'manuscript', 'font', 'issue_json'] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];

const MB = 1024 * 1024;

/** The largest file of each kind (a refusal names the limit in MB). */
export const MAX_UPLOAD_BYTES: Record<UploadKind, number> = {
  photo: 60 * MB,
  manuscript: 50 * MB,
  font: 64 * MB,
  issue_json: 60 * MB,
};

export function isUploadKind(x: string): x is UploadKind {
  return (UPLOAD_KINDS as readonly string[]).includes(x);
}

/** POST /uploads/<kind>?name=<file name>, body the file's bytes (application/octet-stream). */
export const HTTP_UPLOAD_PREFIX = '/uploads/';
/** The desktop's one upload channel (no API method has this name). */
export const IPC_UPLOAD_CHANNEL = 'qikan-upload';

/** 128 random bits, hex: an upload is only reachable by the person who sent it, and by its id. */
export const uploadIdSchema = z.string().regex(/^[0-9a-f]{32}$/u, 'an upload id from the upload step');

export interface UploadReceipt {
  uploadId: string;
  kind: UploadKind;
  fileName: string;
  size: number;
}
