import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArticleDoc } from '../../src/shared/article-doc';
import type { Actor, Role } from '../../src/shared/auth';
import { QikanError } from '../../src/shared/errors';
import type { Person } from '../../src/shared/proof';
import { blockTexts, findMark } from '../../src/shared/proof/anchor';
import type { Library } from '../../src/node/library/open-library';
import { createLibraryService } from '../../src/node/services/library-service';
import { createProofService } from '../../src/node/services/proof-service';
import { addPerson, contextAs } from '../support/people';
import { openSampleLibrary, removeTempDirs } from './helpers';

let proofreader: Actor;
let editor: Actor;
let director: Actor;
let chief: Actor;
let designer: Actor;

let lib: Library;
let proof: ReturnType<typeof createProofService>;
let library: ReturnType<typeof createLibraryService>;
let issueId: number;
let articleId: number;

beforeEach(async () => {
  lib = openSampleLibrary();
  proof = createProofService(lib);
  library = createLibraryService(lib);
  issueId = library.listIssues({})[0]!.id;
  articleId = library.getIssueOutline({ issueId }).sections[0]!.articles[0]!.id;
  proofreader = await addPerson(lib, '李校', ['校对']);
  editor = await addPerson(lib, '王编', ['责任编辑']);
  director = await addPerson(lib, '陈主任', ['编辑部主任']);
  chief = await addPerson(lib, '张主编', ['主编']);
  designer = await addPerson(lib, '赵美', ['美编']);
});

/** The call context dispatch() gives a service when `actor` is signed in. */
const as = (actor: Actor) => contextAs(lib, actor);
/** The person a row records for `actor` acting in `role`. */
const who = (actor: Actor, role: Role = actor.roles[0]!): Person => ({ accountId: actor.accountId, name: actor.displayName, role });
afterEach(() => {
  lib.close();
  removeTempDirs();
});

const article = () => library.getArticle({ articleId });
const texts = () => blockTexts(article().body);

/** The error code (and reason) a call fails with, or 'ok'. */
async function code(call: () => unknown): Promise<string> {
  try {
    await call();
  } catch (err) {
    if (err instanceof QikanError) return `${err.code}${err.details.reason ? `:${err.details.reason}` : ''}`;
    throw err;
  }
  return 'ok';
}

function openFirstRound() {
  const rounds = proof.listRounds({ issueId }) as Awaited<ReturnType<typeof proof.listRounds>>;
  return proof.openRound({ roundId: (rounds as { id: number }[])[0]!.id }, as(editor));
}

function propose(kind: Parameters<typeof proof.proposeCorrection>[0]['kind'], blockIndex: number, start: number, end: number, proposed = '', actor = proofreader) {
  return proof.proposeCorrection({ articleId, baseRevision: article().revision, blockIndex, start, end, kind, proposed, note: '' }, as(actor)) as Awaited<
    ReturnType<typeof proof.proposeCorrection>
  >;
}

describe('rounds', () => {
  it('creates 一校 二校 三校 通读 and opens them in order, one at a time', async () => {
    const rounds = (await proof.listRounds({ issueId })).map((r) => [r.name, r.state]);
    expect(rounds).toEqual([
      ['一校', 'planned'],
      ['二校', 'planned'],
      ['三校', 'planned'],
      ['通读', 'planned'],
    ]);
    const [r1, r2] = await proof.listRounds({ issueId });
    expect(await code(() => proof.openRound({ roundId: r2!.id }, as(editor)))).toBe('conflict:not_next_round');
    expect(await code(() => proof.openRound({ roundId: r1!.id }))).toBe('unauthenticated:none');
    const opened = await proof.openRound({ roundId: r1!.id }, as(editor));
    expect(opened.state).toBe('open');
    expect(opened.openedBy).toEqual(who(editor));
    expect(opened.articles.length).toBe(library.getIssueOutline({ issueId }).sections.flatMap((s) => s.articles).length);
    expect(await code(() => proof.openRound({ roundId: r2!.id }, as(editor)))).toBe('conflict:not_next_round');
    const closed = await proof.closeRound({ roundId: r1!.id }, as(chief));
    expect(closed.closedBy).toEqual(who(chief));
    expect((await proof.openRound({ roundId: r2!.id, articles: [{ articleId, proofreader: '李校' }] }, as(editor))).articles).toEqual([
      { articleId, proofreader: '李校' },
    ]);
  });

  it('edits names and order, but an opened round can be neither removed nor moved', async () => {
    const [r1, r2, r3, r4] = await proof.listRounds({ issueId });
    await proof.openRound({ roundId: r1!.id }, as(editor));
    expect(await code(() => proof.setRounds({ issueId, rounds: [{ id: r2!.id, name: '二校' }] }, as(editor)))).toBe('conflict:round_started');
    const out = await proof.setRounds(
      { issueId, rounds: [{ id: r1!.id, name: '一校' }, { id: r3!.id, name: '二校' }, { id: r2!.id, name: '三校' }, { name: '四校' }, { id: r4!.id, name: '通读' }] },
      as(editor),
    );
    expect(out.map((r) => [r.name, r.id === r1!.id, r.position])).toEqual([
      ['一校', true, 0],
      ['二校', false, 1],
      ['三校', false, 2],
      ['四校', false, 3],
      ['通读', false, 4],
    ]);
  });

  it('refuses to close a round with open corrections', async () => {
    const round = await openFirstRound();
    propose('query', 0, 0, 2);
    expect(await code(() => proof.closeRound({ roundId: round.id }, as(editor)))).toBe('conflict:open_corrections');
  });
});

describe('corrections', () => {
  it('proposing marks the text without changing it; stale revisions are refused', async () => {
    await openFirstRound();
    const before = article();
    expect(await code(() => proof.proposeCorrection({ articleId, baseRevision: before.revision + 5, blockIndex: 0, start: 0, end: 2, kind: 'query', proposed: '', note: '' }, as(proofreader)))).toBe(
      'conflict:stale_revision',
    );
    const { correction, revision } = propose('replace', 0, 0, 2, '年序');
    expect(revision).toBe(before.revision + 1);
    expect(correction.markId).toBe(`qk-c${correction.id}`);
    expect(correction.original).toBe('岁序');
    expect(correction.author).toEqual(who(proofreader));
    expect(correction.anchor).toEqual({ blockIndex: 0, start: 0, end: 2 });
    expect(blockTexts(article().body)).toEqual(blockTexts(before.body));
    expect(JSON.stringify(article().body)).toContain(`"ids":["qk-c${correction.id}"]`);
  });

  it('proposals need an open round', async () => {
    expect(await code(() => proof.proposeCorrection({ articleId, baseRevision: article().revision, blockIndex: 0, start: 0, end: 1, kind: 'query', proposed: '', note: '' }, as(proofreader)))).toBe(
      'conflict:no_open_round',
    );
  });

  it('every kind is proposed and accepted: exactly the anchored text changes, the rest stays', async () => {
    await openFirstRound();
    const original = texts();
    expect(original[0]).toBe('岁序更替，华章日新。');
    const cases: [Parameters<typeof propose>, (t: string[]) => string[]][] = [
      [['replace', 0, 0, 2, '年序'], (t) => ['年序更替，华章日新。', ...t.slice(1)]],
      [['delete', 0, 4, 5], (t) => ['年序更替华章日新。', ...t.slice(1)]],
      [['insert', 0, 4, 4, '，'], (t) => ['年序更替，华章日新。', ...t.slice(1)]],
      [['transpose', 0, 5, 7, ''], (t) => ['年序更替，章华日新。', ...t.slice(1)]],
      [['new-paragraph', 0, 5, 5], (t) => ['年序更替，', '章华日新。', ...t.slice(1)]],
      [['join-paragraphs', 0, 5, 5], (t) => ['年序更替，章华日新。', ...t.slice(2)]],
      [['query', 0, 0, 1], (t) => t],
    ];
    for (const [args, expected] of cases) {
      const before = texts();
      const { correction } = propose(...args);
      const { correction: accepted, revision } = await proof.acceptCorrection({ correctionId: correction.id }, as(editor));
      expect(texts(), args[0]).toEqual(expected(before));
      expect(revision).toBe(article().revision);
      expect(accepted.status).toBe('accepted');
      expect(accepted.resolvedBy).toEqual(who(editor));
      expect(JSON.stringify(article().body)).not.toContain(correction.markId);
    }
    expect(texts().slice(1)).toEqual(original.slice(1));
  });

  it('every kind can be rejected with a reason, leaving the text alone; replies thread', async () => {
    await openFirstRound();
    const before = texts();
    for (const args of [
      ['replace', 0, 0, 2, '年序'],
      ['delete', 0, 4, 5],
      ['insert', 0, 4, 4, '，'],
      ['transpose', 0, 5, 7, ''],
      ['new-paragraph', 0, 5, 5],
      ['join-paragraphs', 0, 10, 10],
      ['query', 0, 0, 1],
    ] as Parameters<typeof propose>[]) {
      const { correction } = propose(...args);
      await proof.replyToCorrection({ correctionId: correction.id, text: '请核对原稿' }, as(designer));
      const rejected = await proof.rejectCorrection({ correctionId: correction.id, reason: '原文无误' }, as(chief));
      expect([rejected.status, rejected.rejectReason, rejected.resolvedBy]).toEqual(['rejected', '原文无误', who(chief)]);
      expect(rejected.replies.map((r) => [r.author, r.text])).toEqual([[who(designer), '请核对原稿']]);
      expect(await code(() => proof.acceptCorrection({ correctionId: correction.id }, as(editor)))).toBe('conflict:not_open');
    }
    expect(texts()).toEqual(before);
  });

  it('keeps the formats of the text around an accepted replacement', async () => {
    await openFirstRound();
    const a = article();
    const body = structuredClone(a.body) as ArticleDoc;
    const first = body.root.children[0]!;
    first.children = [
      { type: 'text', text: '岁序', format: 1, detail: 0, mode: 'normal', style: '', version: 1 },
      { type: 'text', text: '更替，华章日新。', format: 2, detail: 0, mode: 'normal', style: '', version: 1 },
    ];
    library.updateArticle({ articleId, baseRevision: a.revision, patch: { body } });
    const { correction } = propose('replace', 0, 1, 3, '序交');
    await proof.acceptCorrection({ correctionId: correction.id }, as(editor));
    expect(article().body.root.children[0]!.children.map((t) => [(t as { text: string }).text, (t as { format: number }).format])).toEqual([
      ['岁序交', 1],
      ['替，华章日新。', 2],
    ]);
  });

  it('anchors survive edits before and after the mark; a deleted anchor is orphaned, kept and listed', async () => {
    await openFirstRound();
    const { correction } = propose('replace', 1, 8, 11, '十五五');
    expect(correction.original).toBe('十四五');
    // Edit the way the editor saves: the body JSON with the MarkNode kept and text changed around it.
    const a = article();
    const body = structuredClone(a.body) as ArticleDoc;
    const para = body.root.children[1]!;
    const [beforeText, mark, afterText] = para.children as unknown as [{ text: string }, { children: { text: string }[] }, { text: string }];
    expect(mark.children[0]!.text).toBe(correction.original);
    beforeText.text = '新增文字' + beforeText.text;
    afterText.text = afterText.text.replace('收官之年', '收官之年（补）');
    library.updateArticle({ articleId, baseRevision: a.revision, patch: { body } });
    const [moved] = await proof.listCorrections({ issueId, articleId });
    expect(moved!.orphaned).toBe(false);
    expect(moved!.anchor).toEqual({ blockIndex: 1, start: 12, end: 15 });
    await proof.acceptCorrection({ correctionId: correction.id }, as(editor));
    expect(texts()[1]!.startsWith('新增文字2025年，是“十五五”收官之年（补）')).toBe(true);

    const { correction: second } = propose('delete', 2, 0, 2);
    const b = article();
    const cut = structuredClone(b.body) as ArticleDoc;
    cut.root.children.splice(2, 1);
    library.updateArticle({ articleId, baseRevision: b.revision, patch: { body: cut } });
    const orphaned = (await proof.listCorrections({ issueId, status: 'open' })).find((c) => c.id === second.id)!;
    expect(orphaned.orphaned).toBe(true);
    expect(orphaned.anchor).toBeNull();
    expect(orphaned.original).toBe(second.original);
    expect(await code(() => proof.acceptCorrection({ correctionId: second.id }, as(editor)))).toBe('conflict:orphaned');
    // An undo that brings the mark back anchors it again.
    const c = article();
    library.updateArticle({ articleId, baseRevision: c.revision, patch: { body: b.body } });
    expect((await proof.listCorrections({ issueId, status: 'open' }))[0]!.orphaned).toBe(false);
  });

  it('filters the list by round, status, article and author', async () => {
    await openFirstRound();
    const one = propose('query', 0, 0, 1).correction;
    const two = propose('query', 0, 2, 3, '', editor).correction;
    await proof.rejectCorrection({ correctionId: two.id, reason: '不需要' }, as(editor));
    expect((await proof.listCorrections({ issueId, author: proofreader.displayName })).map((c) => c.id)).toEqual([one.id]);
    expect((await proof.listCorrections({ issueId, status: 'rejected' })).map((c) => c.id)).toEqual([two.id]);
    expect((await proof.listCorrections({ issueId, roundId: one.roundId })).length).toBe(2);
    expect(await proof.listCorrections({ issueId, articleId: articleId + 1 })).toEqual([]);
  });
});

describe('核红, differences and figures', () => {
  it('lists exactly the corrections accepted in the previous round; reopening opens one again in the current round', async () => {
    const [r1, r2] = await proof.listRounds({ issueId });
    await proof.openRound({ roundId: r1!.id }, as(editor));
    const accepted1 = propose('replace', 0, 0, 2, '年序').correction;
    const rejected = propose('query', 0, 5, 7).correction;
    const accepted2 = propose('insert', 1, 5, 5, '又').correction;
    await proof.acceptCorrection({ correctionId: accepted1.id }, as(editor));
    await proof.rejectCorrection({ correctionId: rejected.id, reason: '无误' }, as(editor));
    await proof.acceptCorrection({ correctionId: accepted2.id }, as(editor));
    await proof.closeRound({ roundId: r1!.id }, as(editor));
    await proof.openRound({ roundId: r2!.id }, as(editor));
    expect(await proof.listVerifications({ roundId: r1!.id })).toEqual([]);
    expect((await proof.listVerifications({ roundId: r2!.id })).map((c) => c.id)).toEqual([accepted1.id, accepted2.id]);

    const confirmed = await proof.verifyCorrection({ correctionId: accepted1.id, result: 'confirmed' }, as(proofreader));
    expect(confirmed.verification).toMatchObject({ state: 'confirmed', by: who(proofreader) });
    expect(await code(() => proof.verifyCorrection({ correctionId: rejected.id, result: 'confirmed' }, as(proofreader)))).toBe('conflict:not_in_verification');
    const reopened = await proof.verifyCorrection({ correctionId: accepted2.id, result: 'reopened', note: '应为“又”字之后加逗号' }, as(proofreader));
    expect([reopened.status, reopened.roundId, reopened.orphaned]).toEqual(['open', r2!.id, false]);
    expect(reopened.anchor).toEqual({ blockIndex: 1, start: 5, end: 6 });
    expect(reopened.original).toBe('又');
    expect(findMark(article().body, reopened.markId)).toEqual(reopened.anchor);
    expect(await code(() => proof.closeRound({ roundId: r2!.id }, as(editor)))).toBe('conflict:open_corrections');
  });

  it('diffs the current text against the previous round’s opening text', async () => {
    const [r1, r2] = await proof.listRounds({ issueId });
    expect(await code(() => proof.getArticleDiff({ articleId }))).toBe('conflict:no_round_snapshot');
    await proof.openRound({ roundId: r1!.id }, as(editor));
    await proof.acceptCorrection({ correctionId: propose('replace', 0, 5, 7, '篇章').correction.id }, as(editor));
    await proof.closeRound({ roundId: r1!.id }, as(editor));
    await proof.openRound({ roundId: r2!.id }, as(editor));
    await proof.acceptCorrection({ correctionId: propose('insert', 0, 4, 4, '了').correction.id }, as(editor));
    const diff = await proof.getArticleDiff({ articleId });
    expect(diff.sinceName).toBe('一校');
    expect(diff.blocks[0]!.segments).toEqual([
      { op: 'equal', text: '岁序更替' },
      { op: 'insert', text: '了' },
      { op: 'equal', text: '，' },
      { op: 'delete', text: '华' },
      { op: 'insert', text: '篇' },
      { op: 'equal', text: '章日新。' },
    ]);
    expect(diff.blocks[1]!.segments).toEqual([{ op: 'equal', text: texts()[1] }]);
    expect([diff.inserted, diff.deleted]).toEqual([2, 1]);
    const sinceSecond = await proof.getArticleDiff({ articleId, sinceRoundId: r2!.id });
    expect(sinceSecond.blocks[0]!.segments.filter((s) => s.op !== 'equal')).toEqual([{ op: 'insert', text: '了' }]);
  });

  it('computes errors per 10,000 characters from accepted non-query corrections', async () => {
    const [r1] = await proof.listRounds({ issueId });
    await proof.openRound({ roundId: r1!.id }, as(editor));
    for (const args of [
      ['replace', 0, 0, 2, '年序'],
      ['delete', 0, 4, 5],
      ['query', 0, 0, 1],
    ] as Parameters<typeof propose>[]) {
      await proof.acceptCorrection({ correctionId: propose(...args).correction.id }, as(editor));
    }
    await proof.rejectCorrection({ correctionId: propose('query', 0, 1, 2).correction.id, reason: '无' }, as(editor));
    const chars = library.getIssueOutline({ issueId }).sections[0]!.articles[0]!.charCount;
    const all = library.getIssueOutline({ issueId }).sections.flatMap((s) => s.articles).reduce((n, a) => n + a.charCount, 0);
    const q = await proof.getQualityFigures({ issueId });
    const row = q.articles.find((a) => a.articleId === articleId)!;
    expect(row).toMatchObject({ errors: 2, chars, per10k: Math.round((2 * 10_000 * 100) / chars) / 100 });
    expect(q.rounds[0]).toMatchObject({ name: '一校', errors: 2, chars: all });
    expect(q.issue).toMatchObject({ errors: 2, chars: all });
    expect(q.thresholdPer10k).toBe(2);
  });
});

describe('付印 sign-off', () => {
  /** Closes every round (opening each in turn); returns them. */
  async function closeAll() {
    const rounds = await proof.listRounds({ issueId });
    for (const r of rounds) {
      await proof.openRound({ roundId: r.id }, as(editor));
      await proof.closeRound({ roundId: r.id }, as(editor));
    }
    return rounds;
  }
  // dispatch() has checked the password before the service runs.
  const sign = (roundId: number, step: '责任校对' | '初审' | '复审' | '终审', actor: Actor, note?: string) =>
    proof.signRound({ roundId, step, password: 'checked by dispatch', ...(note ? { note } : {}) }, as(actor));

  it('signs closed rounds by step and role, refuses a second signature and reports what is missing', async () => {
    const rounds = await proof.listRounds({ issueId });
    const fresh = await proof.getSignOffState({ issueId });
    expect(fresh).toMatchObject({ ready: false, frozen: false, frozenBy: null, stale: [] });
    expect(fresh.unclosedRounds.map((r) => r.name)).toEqual(['一校', '二校', '三校', '通读']);
    await proof.openRound({ roundId: rounds[0]!.id }, as(editor));
    propose('query', 0, 0, 1);
    expect(await code(() => sign(rounds[0]!.id, '初审', editor))).toBe('conflict:round_not_closed');
    expect((await proof.getSignOffState({ issueId })).openCorrections).toBe(1);
    await proof.acceptCorrection({ correctionId: (await proof.listCorrections({ issueId }))[0]!.id }, as(editor));
    await proof.closeRound({ roundId: rounds[0]!.id }, as(editor));
    // Only the last round carries 复审 and 终审; each step needs its role.
    expect(await code(() => sign(rounds[0]!.id, '终审', chief))).toBe('conflict:step_not_in_round');
    expect(await code(() => sign(rounds[0]!.id, '责任校对', editor))).toBe('forbidden:role');
    expect(await code(() => sign(rounds[0]!.id, '初审', proofreader))).toBe('forbidden:role');
    const first = await sign(rounds[0]!.id, '初审', editor, '同意');
    expect(first).toMatchObject({ step: '初审', signer: who(editor, '责任编辑'), note: '同意', withdrawn: null });
    expect(first.covers?.articles[String(articleId)]).toMatch(/^[0-9a-f]{64}$/);
    expect(first.covers?.total).toMatch(/^[0-9a-f]{64}$/);
    expect(first.covers).not.toHaveProperty('titles');
    const other = await addPerson(lib, '刘编', ['责任编辑']);
    expect(await code(() => sign(rounds[0]!.id, '初审', other))).toBe('conflict:already_signed');
    expect((await proof.getSignOffState({ issueId })).missing).toEqual([{ roundId: rounds[0]!.id, name: '一校', steps: ['责任校对'] }]);
    await sign(rounds[0]!.id, '责任校对', proofreader);
    const state = await proof.getSignOffState({ issueId });
    expect(state.missing).toEqual([]);
    expect(state.unclosedRounds.map((r) => r.name)).toEqual(['二校', '三校', '通读']);
    expect((await proof.listSignOffs({ issueId })).map((s) => [s.step, s.signer.name])).toEqual([
      ['初审', '王编'],
      ['责任校对', '李校'],
    ]);
  });

  it('separates duties: a round’s 校对 is none of its 审, and 初审, 复审 and 终审 are three people', async () => {
    const rounds = await closeAll();
    const both = await addPerson(lib, '孙兼', ['校对', '责任编辑']);
    const reviewer = await addPerson(lib, '周全', ['责任编辑', '编辑部主任', '主编']);
    const [r1, , , last] = rounds;
    await sign(r1!.id, '责任校对', both);
    const refused = await Promise.resolve()
      .then(() => proof.signRound({ roundId: r1!.id, step: '初审', password: 'x' }, as(both)))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QikanError);
    expect((refused as QikanError).code).toBe('forbidden');
    expect((refused as QikanError).details).toMatchObject({ reason: 'same_person', step: '初审', other: '责任校对' });
    await sign(r1!.id, '初审', editor);
    // In the last round: 初审 by one person, who can give neither 复审 nor 终审 too.
    await sign(last!.id, '初审', reviewer);
    expect(await code(() => sign(last!.id, '复审', reviewer))).toBe('forbidden:same_person');
    expect(await code(() => sign(last!.id, '责任校对', reviewer))).toBe('forbidden:role');
    expect(await code(() => sign(last!.id, '责任校对', both))).toBe('ok');
    await sign(last!.id, '复审', director);
    expect(await code(() => sign(last!.id, '终审', reviewer))).toBe('forbidden:same_person');
    expect((await proof.listSignOffs({ issueId })).filter((s) => s.roundId === last!.id).map((s) => [s.step, s.signer.name])).toEqual([
      ['初审', '周全'],
      ['责任校对', '孙兼'],
      ['复审', '陈主任'],
    ]);
  });

  it('the 终审 (付印) comes last and freezes the issue; after a withdrawal a change makes the last round stale, naming the article', async () => {
    const rounds = await closeAll();
    const last = rounds[3]!;
    for (const r of rounds.slice(0, 3)) {
      await sign(r.id, '责任校对', proofreader);
      await sign(r.id, '初审', editor);
    }
    await sign(last.id, '责任校对', proofreader);
    expect(await code(() => sign(last.id, '终审', chief))).toBe('conflict:signing_order');
    await sign(last.id, '初审', editor);
    await sign(last.id, '复审', director);
    const print = await sign(last.id, '终审', chief, '同意付印');
    const signed = await proof.getSignOffState({ issueId });
    expect(signed).toMatchObject({ ready: true, frozen: true, missing: [], stale: [] });
    expect(signed.frozenBy).toMatchObject({ id: print.id, step: '终审', signer: who(chief, '主编') });
    expect((await proof.getSignOffCoverage({ issueId })).changedSince.map((c) => [c.step, c.changed])).toEqual([
      ['责任校对', []],
      ['初审', []],
      ['复审', []],
      ['终审', []],
    ]);

    const withdrawn = await proof.withdrawSignOff({ signOffId: print.id, reason: '第一篇文章需改一句', password: 'x' }, as(chief));
    expect(withdrawn.withdrawn).toMatchObject({ by: { accountId: chief.accountId, name: '张主编' }, reason: '第一篇文章需改一句' });
    expect(await code(() => proof.withdrawSignOff({ signOffId: print.id, reason: '再撤一次', password: 'x' }, as(chief)))).toBe('conflict:already_withdrawn');
    const open = await proof.getSignOffState({ issueId });
    expect(open).toMatchObject({ frozen: false, frozenBy: null, ready: false, missing: [{ roundId: last.id, name: '通读', steps: ['终审'] }] });

    // An edit of the first article: the last round's standing signatures are stale and name it.
    const a = article();
    const body = structuredClone(a.body) as ArticleDoc;
    (body.root.children[0]!.children[0] as { text: string }).text = '岁序更替，华章日新！';
    library.updateArticle({ articleId, baseRevision: a.revision, patch: { body } });
    const title = a.titleLines.join('');
    const stale = await proof.getSignOffState({ issueId });
    expect(stale.stale.map((s) => [s.step, s.changed])).toEqual([
      ['责任校对', [{ kind: 'article', articleId, title }]],
      ['初审', [{ kind: 'article', articleId, title }]],
      ['复审', [{ kind: 'article', articleId, title }]],
    ]);
    expect(stale.ready).toBe(false);
    const coverage = await proof.getSignOffCoverage({ issueId });
    expect(coverage.articles.find((x) => x.articleId === articleId)?.title).toBe(title);
    expect(coverage.changedSince.map((c) => c.changed.length)).toEqual([1, 1, 1]);
    // Earlier rounds are not compared: their signatures covered the text of their time.
    expect(stale.missing).toEqual([{ roundId: last.id, name: '通读', steps: ['终审'] }]);
    expect(await code(() => sign(last.id, '终审', chief))).toBe('conflict:signing_order');

    // Signed again (new rows), then the 付印 again.
    await sign(last.id, '责任校对', proofreader);
    await sign(last.id, '初审', editor);
    await sign(last.id, '复审', director);
    expect(await code(() => sign(last.id, '复审', director))).toBe('conflict:already_signed');
    await sign(last.id, '终审', chief);
    expect(await proof.getSignOffState({ issueId })).toMatchObject({ ready: true, frozen: true, stale: [] });
    const all = await proof.listSignOffs({ issueId });
    expect(all.filter((s) => s.roundId === last.id).map((s) => [s.step, s.withdrawn !== null])).toEqual([
      ['责任校对', false],
      ['初审', false],
      ['复审', false],
      ['终审', true],
      ['责任校对', false],
      ['初审', false],
      ['复审', false],
      ['终审', false],
    ]);
  });

  it('a proof mark or a split text node changes no hash; a format change changes the article’s alone', async () => {
    await closeAll();
    const before = (await proof.getSignOffCoverage({ issueId })).hashes;
    const a = article();
    const body = structuredClone(a.body) as ArticleDoc;
    const para = body.root.children[0]!;
    const text = (para.children[0] as { text: string }).text;
    const run = (t: string, format = 0) => ({ type: 'text', text: t, format, detail: 0, mode: 'normal', style: '', version: 1 });
    para.children = [run(text.slice(0, 2)), { type: 'mark', ids: ['qk-c999'], children: [run(text.slice(2))], version: 1 }] as never;
    library.updateArticle({ articleId, baseRevision: a.revision, patch: { body } });
    expect((await proof.getSignOffCoverage({ issueId })).hashes).toEqual(before);
    const b = article();
    const bold = structuredClone(b.body) as ArticleDoc;
    (bold.root.children[0]!.children[0] as { format: number }).format = 1;
    library.updateArticle({ articleId, baseRevision: b.revision, patch: { body: bold } });
    const after = (await proof.getSignOffCoverage({ issueId })).hashes;
    expect(after.articles[String(articleId)]).not.toBe(before.articles[String(articleId)]);
    expect(Object.entries(after.articles).filter(([id, h]) => before.articles[id] !== h).map(([id]) => Number(id))).toEqual([articleId]);
    expect([after.colophon, after.settings, after.photos, after.layout]).toEqual([before.colophon, before.settings, before.photos, before.layout]);
    expect(after.total).not.toBe(before.total);
  });

  it('sign-offs and withdrawals cannot be updated or deleted, even with raw SQL; a withdrawn step is signed again', async () => {
    const [r1] = await closeAll();
    const s = await sign(r1!.id, '初审', editor);
    expect(() => lib.db.prepare('UPDATE proof_sign_off SET name = ? WHERE id = ?').run('别人', s.id)).toThrow(/cannot be changed/);
    expect(() => lib.db.prepare('DELETE FROM proof_sign_off WHERE id = ?').run(s.id)).toThrow(/cannot be removed/);
    expect(() => lib.db.prepare('DELETE FROM proof_round WHERE id = ?').run(r1!.id)).toThrow(/cannot be removed/);
    await proof.withdrawSignOff({ signOffId: s.id, reason: '签错了', password: 'x' }, as(chief));
    expect(() => lib.db.prepare("UPDATE proof_sign_off_withdrawal SET reason = '改'").run()).toThrow(/cannot be changed/);
    expect(() => lib.db.prepare('DELETE FROM proof_sign_off_withdrawal').run()).toThrow(/cannot be removed/);
    expect(() => lib.db.prepare('DELETE FROM issue WHERE id = ?').run(issueId)).toThrow(/cannot be removed/);
    expect((await proof.listSignOffs({ issueId })).map((x) => [x.signer.name, x.withdrawn?.reason])).toEqual([['王编', '签错了']]);
    expect(await code(() => sign(r1!.id, '初审', editor))).toBe('ok');
  });
});
