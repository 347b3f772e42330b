// The whole 三审三校 of issue 2026-1 on one server over HTTP, as the office runs it: the first
// administrator is created from loopback, adds five people, and they work with their own sessions
// (cookies). Four rounds (一校 二校 三校 通读), a correction proposed by the 校对 and accepted by the
// 责任编辑 in each, every signature with its password; the print export opens only at the end; after
// 付印 the issue is frozen until the 主编 withdraws; an edit then makes the signatures stale and the
// print refuses, naming the article, until they are given again. Every step is in the record.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/node/server/server';
import { fillPlaceholders, openSampleLibrary } from './helpers';
import type { ActivityEntry } from '../../src/shared/auth';
import type { ExportJob, PreflightResult } from '../../src/shared/print';
import type { ProofRound, SignOffState } from '../../src/shared/proof';

const PASSWORD = 'office pass 2026';
let work: string;
let server: RunningServer;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'qikan-office-'));
  const rendererDir = join(work, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  // The sample issue with its photos in (a placeholder is an error for print, and the flow ends in a print export).
  const lib = openSampleLibrary(join(work, 'data'));
  await fillPlaceholders(lib, 1);
  lib.close();
  server = await startServer({ dataDir: join(work, 'data'), port: 0, rendererDir, log: () => {} });
});
afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

interface Reply {
  status: number;
  ok: boolean;
  value: any;
  error: { code: string; details: Record<string, unknown> } | undefined;
}

/** One person's browser: a cookie jar of one cookie. */
function person() {
  let cookie = '';
  const origin = new URL(server.url).origin;
  return {
    get cookie() {
      return cookie;
    },
    async call(method: string, input: unknown = {}): Promise<Reply> {
      const res = await fetch(new URL(`/api/${method}`, server.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: origin, ...(cookie ? { Cookie: cookie } : {}) },
        body: JSON.stringify(input),
      });
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!.endsWith('=') ? '' : set.split(';')[0]!;
      const body = (await res.json()) as { ok: boolean; value?: unknown; error?: Reply['error'] };
      return { status: res.status, ok: body.ok, value: body.value, error: body.error };
    },
    async must(method: string, input: unknown = {}): Promise<any> {
      const r = await this.call(method, input);
      if (!r.ok) throw new Error(`${method} failed: ${r.status} ${JSON.stringify(r.error)}`);
      return r.value;
    },
  };
}

async function exported(p: ReturnType<typeof person>, jobId: string): Promise<ExportJob> {
  for (;;) {
    const job = (await p.must('getExportJob', { jobId })) as ExportJob;
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('三审三校 of the sample issue by five people on one server', () => {
  it('runs from the first administrator to the print export, with the freeze and the record', async () => {
    const admin = person();
    // Nobody is anybody before the setup; the first administrator is made from loopback.
    expect((await admin.call('listIssues')).status).toBe(401);
    expect((await admin.must('getAuthState')).needsSetup).toBe(true);
    await admin.must('setupFirstAdmin', { login: 'admin', displayName: '管理员甲', password: PASSWORD });
    expect((await admin.call('setupFirstAdmin', { login: 'admin2', displayName: '乙', password: PASSWORD })).error?.details['reason']).toBe('setup_done');

    const people = {
      editor: { login: 'xietao', displayName: '谢涛', roles: ['责任编辑'] },
      proofreader: { login: 'hecp', displayName: '何纯谱', roles: ['校对'] },
      director: { login: 'lizr', displayName: '李主任', roles: ['编辑部主任'] },
      chief: { login: 'tianhj', displayName: '田洪俊', roles: ['主编'] },
      designer: { login: 'zhaom', displayName: '赵美', roles: ['美编'] },
    };
    const as: Record<keyof typeof people, ReturnType<typeof person>> = {} as never;
    for (const [key, p] of Object.entries(people) as [keyof typeof people, (typeof people)[keyof typeof people]][]) {
      await admin.must('createAccount', { ...p, password: PASSWORD });
      as[key] = person();
      await as[key].must('login', { login: p.login, password: PASSWORD });
    }
    expect(Object.values(as).every((p) => p.cookie.startsWith('qikan_session_'))).toBe(true);

    const issueId = ((await as.editor.must('listIssues')) as { id: number }[])[0]!.id;
    const outline = await as.editor.must('getIssueOutline', { issueId });
    const articleId: number = outline.sections[1].articles[0].id;

    const rounds = (await as.editor.must('listRounds', { issueId })) as ProofRound[];
    expect(rounds.map((r) => r.name)).toEqual(['一校', '二校', '三校', '通读']);
    // A 校对 may not open rounds; the refusal names the roles and is in the record.
    const refused = await as.proofreader.call('openRound', { roundId: rounds[0]!.id });
    expect(refused.status).toBe(403);
    expect(refused.error?.details['reason']).toBe('role');
    for (const [i, round] of rounds.entries()) {
      await as.editor.must('openRound', { roundId: round.id });
      const article = await as.proofreader.must('getArticle', { articleId });
      const proposal = await as.proofreader.must('proposeCorrection', {
        articleId,
        baseRevision: article.revision,
        blockIndex: 0,
        start: 0,
        end: 1,
        kind: 'replace',
        proposed: '〇',
        note: `第${i + 1}处`,
      });
      // The 校对 proposes; only an editor decides.
      expect((await as.proofreader.call('acceptCorrection', { correctionId: proposal.correction.id })).status).toBe(403);
      await as.editor.must('acceptCorrection', { correctionId: proposal.correction.id });
      await as.editor.must('closeRound', { roundId: round.id });

      // Every signature asks for the password again.
      expect((await as.proofreader.call('signRound', { roundId: round.id, step: '责任校对', password: 'wrong password' })).status).toBe(401);
      await as.proofreader.must('signRound', { roundId: round.id, step: '责任校对', password: PASSWORD });
      // A 校对 signs no 审.
      expect((await as.proofreader.call('signRound', { roundId: round.id, step: '初审', password: PASSWORD })).status).toBe(403);
      await as.editor.must('signRound', { roundId: round.id, step: '初审', password: PASSWORD });
    }
    const last = rounds[rounds.length - 1]!;

    // Before 复审 and 终审 the print gate holds.
    const gate = async (): Promise<string[]> => {
      const preflight = (await as.designer.must('preflightIssue', { issueId, kind: 'print' })) as PreflightResult;
      return preflight.errors.map((e) => e.code).filter((c) => c.startsWith('signoff_') || c === 'not_proofread');
    };
    expect(await gate()).toContain('signoff_missing');
    const print = async () => exported(as.designer, ((await as.designer.must('startExport', { issueId, kind: 'print' })) as ExportJob).jobId);
    expect((await print()).state).toBe('refused');

    await as.director.must('signRound', { roundId: last.id, step: '复审', password: PASSWORD });
    await as.chief.must('signRound', { roundId: last.id, step: '终审', password: PASSWORD });
    const state = (await as.chief.must('getSignOffState', { issueId })) as SignOffState;
    expect(state.ready).toBe(true);
    expect(state.frozen).toBe(true);
    expect(await gate()).toEqual([]);
    const job = await print();
    expect(job.state).toBe('done');
    // A 校对 cannot export for print.
    expect((await as.proofreader.call('startExport', { issueId, kind: 'print' })).status).toBe(403);

    // 付印 freezes: nobody edits, not even the 主编.
    const current = await as.editor.must('getArticle', { articleId });
    const edit = { articleId, baseRevision: current.revision, patch: { notes: '付印后改动' } };
    const frozen = await as.editor.call('updateArticle', edit);
    expect(frozen.status).toBe(409);
    expect(frozen.error?.details['reason']).toBe('signed_off');

    // The 主编 withdraws with a reason; the edit goes through; the print refuses, naming the article.
    const signOffs = (await as.chief.must('listSignOffs', { issueId })) as { id: number; step: string; roundId: number }[];
    const printSignature = signOffs.find((s) => s.step === '终审' && s.roundId === last.id)!;
    expect((await as.director.call('withdrawSignOff', { signOffId: printSignature.id, reason: 'x', password: PASSWORD })).status).toBe(403);
    await as.chief.must('withdrawSignOff', { signOffId: printSignature.id, reason: '作者要求改一句', password: PASSWORD });
    await as.editor.must('updateArticle', edit);
    const after = (await as.designer.must('preflightIssue', { issueId, kind: 'print' })) as PreflightResult;
    const stale = after.errors.filter((e) => e.code.startsWith('signoff_'));
    expect(stale.length).toBeGreaterThan(0);
    expect(JSON.stringify(stale)).toContain(outline.sections[1].articles[0].titleLines.join(''));
    expect((await print()).state).toBe('refused');

    // Signed again by the same four people, it prints.
    const stateBefore = (await as.chief.must('getSignOffState', { issueId })) as SignOffState;
    const again: Record<string, ReturnType<typeof person>> = { 责任校对: as.proofreader, 初审: as.editor, 复审: as.director, 终审: as.chief };
    for (const step of ['责任校对', '初审', '复审', '终审']) {
      const needed = stateBefore.stale.some((s) => s.step === step) || step === '终审';
      if (needed) await again[step]!.must('signRound', { roundId: last.id, step, password: PASSWORD });
    }
    expect(await gate()).toEqual([]);
    expect((await print()).state).toBe('done');

    // The record names every person and step; nothing in it can be erased through the API.
    const record = (await as.chief.must('listActivity', { issueId, limit: 1000 })) as ActivityEntry[];
    const lines = record.map((l) => `${l.actorName}:${l.action}:${l.outcome}`);
    for (const expected of [
      '谢涛:openRound:done',
      '何纯谱:proposeCorrection:done',
      '谢涛:acceptCorrection:done',
      '谢涛:closeRound:done',
      '何纯谱:signRound:done',
      '李主任:signRound:done',
      '田洪俊:signRound:done',
      '田洪俊:withdrawSignOff:done',
      '谢涛:updateArticle:done',
      '赵美:startExport:done',
      '何纯谱:openRound:refused',
      '何纯谱:acceptCorrection:refused',
      '谢涛:updateArticle:refused',
    ]) {
      expect(lines, expected).toContain(expected);
    }
    const withdrawal = record.find((l) => l.action === 'withdrawSignOff')!;
    expect(withdrawal.note).toBe('作者要求改一句');
    expect(withdrawal.accountId).not.toBeNull();
  }, 240_000);
});
