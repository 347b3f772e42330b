// What each role may do in the proof UI; the back end enforces the same rules (proof-service.ts).

import type { PersonRole, SignOffRole } from '../../shared/proof';

/** Edit the rounds, open and close them, accept and reject corrections. */
export const canManage = (role: PersonRole): boolean => role === '编辑' || role === '主编';
/** Propose corrections and do 核红. */
export const canProofread = (role: PersonRole): boolean => role === '校对' || role === '编辑' || role === '主编';
/** A proofreader works in proof mode always; the others may switch it on. */
export const proofModeForced = (role: PersonRole): boolean => role === '校对';

const SIGNERS: Record<SignOffRole, readonly PersonRole[]> = { 责任编辑: ['编辑', '主编'], 责任校对: ['校对', '主编'], 主编: ['主编'] };
export const canSignAs = (role: PersonRole, as: SignOffRole): boolean => SIGNERS[as].includes(role);
