// 三审三校 through the real dispatch(): people with sessions, the permission table, the password asked
// again for a signature, separation of duties, the 付印 freeze, its withdrawal and the print gate.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../src/shared/api';
import type { ArticleDoc } from '../../src/shared/article-doc';
import type { Actor, SignOffStep } from '../../src/shared/auth';
import type { Envelope } from '../../src/shared/errors';
import type { ExportJob, PreflightResult } from '../../src/shared/print';
import type { Library } from '../../src/node/library/open-library';
import { createServices } from '../../src/node/services';
import { addPerson, createAccess, sessionOf, TEST_PASSWORD, uploadAs } from '../support/people';
import { countRows, fillPlaceholders, openSampleLibrary, removeTempDirs } from './helpers';

type Session = Awaited<ReturnType<typeof sessionOf>>;

let lib: Library;
let handlers: ReturnType<typeof createServices>;
let access: ReturnType<typeof createAccess>;
const issueId = 1;
let people: Record<'proofreader' | 'editor' | 'director' | 'chief' | 'designer', { actor: Actor; s: Session }>;

beforeEach(async () => {
  lib = openSampleLibrary();
  // The sign-off is what these tests are about: the sample's photos arrive first (a placeholder is an error for print).
  await fillPlaceholders(lib, 1);
  access = createAccess(lib);
  handlers = createServices(lib, access);
  const make = async (name: string, roles: Actor['roles']) => {
    const actor = await addPerson(lib, name, roles);
    return { actor, s: await sessionOf(handlers, access, actor.login) };
  };
  people = {
    proofreader: await make('李校', ['校对']),
    editor: await make('王编', ['责任编辑']),
    director: await make('陈主任', ['编辑部主任']),
    chief: await make('张主编', ['主编']),
    designer: await make('赵美', ['美编']),
  };
});
afterEach(() => {
  lib.close();
  removeTempDirs();
});

function failure(env: Envelope<unknown>): { code: string; reason: unknown; details: Record<string, unknown> } {
  if (env.ok) throw new Error('expected a refusal');
  return { code: env.error.code, reason: env.error.details['reason'], details: env.error.details };
}

const call = <M extends ApiMethod>(who: keyof typeof people, method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> => people[who].s.call(method, input);
const raw = (who: keyof typeof people, method: ApiMethod, input: unknown) => people[who].s.raw(method, input);
/** The sample issue's JSON uploaded by `who`, to replace the issue with. */
const replacing = (who: keyof typeof people, json: string) => ({ upload: uploadAs(lib, people[who].actor, 'issue_json', '2026-1.json', json), replace: true });
const sign = (who: keyof typeof people, roundId: number, step: SignOffStep) => call(who, 'signRound', { roundId, step, password: TEST_PASSWORD });

/** Opens and closes every round, signs all but the 付印; returns the rounds. */
async function everythingButPrint() {
  const rounds = await call('editor', 'listRounds', { issueId });
  for (const r of rounds) {
    await call('editor', 'openRound', { roundId: r.id });
    await call('editor', 'closeRound', { roundId: r.id });
    await sign('proofreader', r.id, '责任校对');
    await sign('editor', r.id, '初审');
  }
  const last = rounds[rounds.length - 1]!;
  await sign('director', last.id, '复审');
  return rounds;
}

const firstArticle = async () => {
  const outline = await call('editor', 'getIssueOutline', { issueId });
  const summary = outline.sections[0]!.articles[0]!;
  return call('editor', 'getArticle', { articleId: summary.id });
};

async function editFirstArticle(who: keyof typeof people = 'editor') {
  const a = await firstArticle();
  const body = structuredClone(a.body) as ArticleDoc;
  (body.root.children[0]!.children[0] as { text: string }).text = '岁序更替，华章日新！';
  return raw(who, 'updateArticle', { articleId: a.id, baseRevision: a.revision, patch: { body } });
}

const printPreflight = () => call('chief', 'preflightIssue', { issueId, kind: 'print' }) as Promise<PreflightResult>;
const signOffCodes = (p: PreflightResult) => p.errors.filter((e) => e.code.startsWith('signoff') || e.code === 'not_proofread');

describe('the permission table and the password on sign-offs', () => {
  it('a 校对 calling signRound for 终审 is refused with 403; a 校对 accepting a correction too', async () => {
    const rounds = await everythingButPrint();
    const last = rounds[rounds.length - 1]!;
    const refused = failure(await raw('proofreader', 'signRound', { roundId: last.id, step: '终审', password: TEST_PASSWORD }));
    expect(refused).toMatchObject({ code: 'forbidden', reason: 'role', details: { needed: '主编' } });

    const [r] = await call('editor', 'setRounds', { issueId, rounds: [...rounds.map((x) => ({ id: x.id, name: x.name })), { name: '加校' }] }).then((all) => all.slice(-1));
    expect(r!.state).toBe('planned');
    await call('editor', 'openRound', { roundId: r!.id });
    const a = await firstArticle();
    const { correction } = await call('proofreader', 'proposeCorrection', { articleId: a.id, baseRevision: a.revision, blockIndex: 0, start: 0, end: 2, kind: 'replace', proposed: '年序', note: '' });
    expect(correction.author).toEqual({ accountId: people.proofreader.actor.accountId, name: '李校', role: '校对' });
    expect(failure(await raw('proofreader', 'acceptCorrection', { correctionId: correction.id }))).toMatchObject({ code: 'forbidden', reason: 'role' });
    expect(failure(await raw('designer', 'proposeCorrection', { articleId: a.id, baseRevision: a.revision + 1, blockIndex: 0, start: 0, end: 2, kind: 'query', proposed: '', note: '' }))).toMatchObject({
      code: 'forbidden',
      reason: 'role',
    });
    // A payload naming an actor is refused: the person is the session's.
    expect(failure(await raw('proofreader', 'replyToCorrection', { correctionId: correction.id, text: '好', actor: { name: '张主编', role: '主编' } }))).toMatchObject({ code: 'invalid_request' });
    const accepted = await call('editor', 'acceptCorrection', { correctionId: correction.id });
    expect(accepted.correction.resolvedBy).toEqual({ accountId: people.editor.actor.accountId, name: '王编', role: '责任编辑' });
  });

  it('a wrong password on signRound is 401 and writes no signature; the attempt is in the record', async () => {
    const [r1] = await call('editor', 'listRounds', { issueId });
    await call('editor', 'openRound', { roundId: r1!.id });
    await call('editor', 'closeRound', { roundId: r1!.id });
    const before = countRows(lib.db, 'proof_sign_off');
    expect(failure(await raw('editor', 'signRound', { roundId: r1!.id, step: '初审', password: 'not my password' }))).toMatchObject({ code: 'unauthenticated', reason: 'wrong_password' });
    expect(countRows(lib.db, 'proof_sign_off')).toBe(before);
    const refused = await call('chief', 'listActivity', { issueId, outcome: 'refused' });
    expect(refused.map((l) => [l.action, l.actorName, l.params['reason']])).toContainEqual(['signRound', '王编', 'wrong_password']);
    const signed = await sign('editor', r1!.id, '初审');
    expect(signed.signer).toEqual({ accountId: people.editor.actor.accountId, name: '王编', role: '责任编辑' });
    expect((await call('chief', 'listActivity', { issueId, action: 'signRound', outcome: 'done' })).map((l) => l.params['step'])).toEqual(['初审']);
  });

  it('one person cannot sign 责任校对 and 初审 of a round; 初审, 复审 and 终审 are three people', async () => {
    const both = await addPerson(lib, '孙兼', ['校对', '责任编辑', '编辑部主任', '主编']);
    const s = await sessionOf(handlers, access, both.login);
    const rounds = await call('editor', 'listRounds', { issueId });
    for (const r of rounds) {
      await call('editor', 'openRound', { roundId: r.id });
      await call('editor', 'closeRound', { roundId: r.id });
    }
    const last = rounds[rounds.length - 1]!;
    await s.call('signRound', { roundId: rounds[0]!.id, step: '责任校对', password: TEST_PASSWORD });
    expect(failure(await s.raw('signRound', { roundId: rounds[0]!.id, step: '初审', password: TEST_PASSWORD }))).toMatchObject({
      code: 'forbidden',
      reason: 'same_person',
      details: { step: '初审', other: '责任校对' },
    });
    await s.call('signRound', { roundId: last.id, step: '初审', password: TEST_PASSWORD });
    expect(failure(await s.raw('signRound', { roundId: last.id, step: '复审', password: TEST_PASSWORD }))).toMatchObject({ reason: 'same_person', details: { other: '初审' } });
    expect(failure(await s.raw('signRound', { roundId: last.id, step: '终审', password: TEST_PASSWORD }))).toMatchObject({ reason: 'same_person' });
    expect(failure(await s.raw('signRound', { roundId: last.id, step: '责任校对', password: TEST_PASSWORD }))).toMatchObject({ reason: 'same_person' });
    expect((await call('chief', 'listSignOffs', { issueId })).map((x) => [x.step, x.signer.name])).toEqual([
      ['责任校对', '孙兼'],
      ['初审', '孙兼'],
    ]);
  });
});

describe('付印 freezes what was signed', () => {
  it('after 付印 an edit is 409 signed_off; the 主编 withdraws with a reason; the print gate names the changed article until it is signed again', async () => {
    const rounds = await everythingButPrint();
    const last = rounds[rounds.length - 1]!;
    const print = await sign('chief', last.id, '终审');
    expect(signOffCodes(await printPreflight())).toEqual([]);
    expect(await call('editor', 'getSignOffState', { issueId })).toMatchObject({ frozen: true, ready: true, frozenBy: { id: print.id } });

    // Frozen: an edit, a round change, a new article are all refused.
    expect(failure(await editFirstArticle())).toMatchObject({ code: 'conflict', reason: 'signed_off' });
    expect(failure(await raw('editor', 'createArticle', { sectionId: (await call('editor', 'getIssueOutline', { issueId })).sections[0]!.id, title: '新文章' }))).toMatchObject({
      reason: 'signed_off',
    });
    // Only the 主编 withdraws, with the password and a reason.
    expect(failure(await raw('director', 'withdrawSignOff', { signOffId: print.id, reason: '改一句', password: TEST_PASSWORD }))).toMatchObject({ code: 'forbidden', reason: 'role' });
    expect(failure(await raw('chief', 'withdrawSignOff', { signOffId: print.id, reason: '改一句', password: 'wrong' }))).toMatchObject({ code: 'unauthenticated' });
    expect(failure(await raw('chief', 'withdrawSignOff', { signOffId: print.id, password: TEST_PASSWORD }))).toMatchObject({ code: 'invalid_request' });
    const withdrawn = await call('chief', 'withdrawSignOff', { signOffId: print.id, reason: '第一篇需改一句', password: TEST_PASSWORD });
    expect(withdrawn.withdrawn).toMatchObject({ by: { accountId: people.chief.actor.accountId, name: '张主编' }, reason: '第一篇需改一句' });
    const line = (await call('chief', 'listActivity', { issueId, action: 'withdrawSignOff' }))[0]!;
    expect([line.actorName, line.note, line.outcome]).toEqual(['张主编', '第一篇需改一句', 'done']);

    // The edit goes through now.
    const saved = await editFirstArticle();
    expect(saved.ok).toBe(true);
    const a = await firstArticle();
    const title = a.titleLines.join('');
    const gate = signOffCodes(await printPreflight());
    expect(gate.map((e) => e.code)).toEqual(['signoff_missing', 'signoff_stale', 'signoff_stale', 'signoff_stale']);
    expect(gate[0]!.params).toMatchObject({ round: last.name, roles: '终审' });
    for (const e of gate.slice(1)) {
      expect(e.params['articles']).toBe(`《${title}》`);
      expect(e.target.articleId).toBe(a.id);
    }
    expect(gate.slice(1).map((e) => e.params['step'])).toEqual(['责任校对', '初审', '复审']);
    // The 付印 waits for the stale signatures.
    expect(failure(await raw('chief', 'signRound', { roundId: last.id, step: '终审', password: TEST_PASSWORD }))).toMatchObject({ reason: 'signing_order' });
    const coverage = await call('chief', 'getSignOffCoverage', { issueId });
    expect(coverage.changedSince.map((c) => c.changed)).toEqual([
      [{ kind: 'article', articleId: a.id, title }],
      [{ kind: 'article', articleId: a.id, title }],
      [{ kind: 'article', articleId: a.id, title }],
    ]);

    // Signed again, 付印 again: the print export goes through without an override.
    await sign('proofreader', last.id, '责任校对');
    await sign('editor', last.id, '初审');
    await sign('director', last.id, '复审');
    await sign('chief', last.id, '终审');
    expect(signOffCodes(await printPreflight())).toEqual([]);
    const started = await call('designer', 'startExport', { issueId, kind: 'print' });
    let job: ExportJob = started;
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = await call('designer', 'getExportJob', { jobId: started.jobId });
    }
    expect(job.error).toBeNull();
    expect(job.state).toBe('done');
    expect(job.preflight!.errors).toEqual([]);
  }, 180_000);

  it('a change that reaches a frozen issue past the freeze (the publication’s settings) fails the print hash check', async () => {
    const rounds = await everythingButPrint();
    await sign('chief', rounds[rounds.length - 1]!.id, '终审');
    const pub = (await call('chief', 'getIssueOutline', { issueId })).publication;
    const read = await call('chief', 'getPublication', { publicationId: pub.id });
    const { availableFonts: _fonts, ...settings } = read.settings as Record<string, unknown>;
    void _fonts;
    await call('designer', 'updatePublication', { publicationId: pub.id, patch: { settings: { ...settings, pinyin: 'BEIJING REN DA' } }, base: { ...read } });
    const gate = signOffCodes(await printPreflight());
    expect(gate.map((e) => [e.code, e.params['changed']])).toEqual([
      ['signoff_stale', '出版设置'],
      ['signoff_stale', '出版设置'],
      ['signoff_stale', '出版设置'],
      ['signoff_changed', '出版设置'],
    ]);
    expect(gate[3]!.params['signer']).toBe('张主编');
    const last = rounds[rounds.length - 1]!;
    // The stale 付印 still freezes the issue; its steps are signed again, the 付印 last.
    expect(failure(await raw('chief', 'signRound', { roundId: last.id, step: '终审', password: TEST_PASSWORD }))).toMatchObject({ reason: 'signing_order' });
    await sign('proofreader', last.id, '责任校对');
    await sign('editor', last.id, '初审');
    await sign('director', last.id, '复审');
    await sign('chief', last.id, '终审');
    expect(signOffCodes(await printPreflight())).toEqual([]);
  });
});

describe('replacing an issue', () => {
  it('is refused for an issue with sign-offs or opened rounds, with a reason; the record is never deleted by a replace', async () => {
    const { SAMPLE_TEXT } = await import('./helpers');
    // Recorded changes on the issue, then a replace while nothing is opened: it goes through.
    expect((await editFirstArticle()).ok).toBe(true);
    expect((await call('chief', 'listActivity', { issueId })).length).toBeGreaterThan(0);
    const activityRows = countRows(lib.db, 'activity');
    const lines = lib.db.prepare('SELECT * FROM activity ORDER BY id').all();
    const replaced = await call('chief', 'importIssueJson', replacing('chief', SAMPLE_TEXT));
    expect(countRows(lib.db, 'activity')).toBe(activityRows + 1);
    expect(lib.db.prepare('SELECT * FROM activity ORDER BY id LIMIT ?').all(activityRows)).toEqual(lines);
    expect(lib.db.prepare("SELECT action FROM activity WHERE action = 'updateArticle'").all()).toHaveLength(1);
    expect(() => lib.db.prepare('DELETE FROM activity').run()).toThrow(/cannot be erased/);

    // Only the 主编 replaces.
    expect(failure(await raw('director', 'importIssueJson', replacing('director', SAMPLE_TEXT)))).toMatchObject({ code: 'forbidden', reason: 'role' });

    // An opened round keeps the issue.
    const newId = replaced.issueId;
    const [r1] = await call('editor', 'listRounds', { issueId: newId });
    await call('editor', 'openRound', { roundId: r1!.id });
    const opened = failure(await raw('chief', 'importIssueJson', replacing('chief', SAMPLE_TEXT)));
    expect(opened).toMatchObject({ code: 'conflict', reason: 'issue_signed', details: { openedRounds: 1, signOffs: 0 } });
    // And a signature too.
    await call('editor', 'closeRound', { roundId: r1!.id });
    await sign('editor', r1!.id, '初审');
    expect(failure(await raw('chief', 'importIssueJson', replacing('chief', SAMPLE_TEXT)))).toMatchObject({ code: 'conflict', reason: 'issue_signed', details: { signOffs: 1 } });
    expect(countRows(lib.db, 'proof_sign_off')).toBe(1);
    expect((await call('chief', 'listIssues', {})).map((i) => i.id)).toEqual([newId]);
    expect(countRows(lib.db, 'activity')).toBeGreaterThan(activityRows + 1);
  });
});
