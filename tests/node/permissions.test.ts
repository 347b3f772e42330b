// The permission table (METHOD_RULES in src/shared/auth.ts), first as a table: every method of
// apiInputs has a rule and no rule names a method that does not exist. Then as the server enforces it:
// every method × every role (one account per single role, and no session at all) through the real
// dispatch(). The role is checked before the payload is validated, so the refusal comes back the same
// for an invalid payload; an allowed role reaches validation and the service. The elevated rules
// (a replacing import, a print export, an override) and the record of refused attempts too.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type ApiHandlers, type CallInfo } from '../../src/node/api/dispatch';
import type { Access } from '../../src/node/auth/access';
import type { Library } from '../../src/node/library/open-library';
import { queryActivity } from '../../src/node/record/activity-store';
import { createServices } from '../../src/node/services';
import { API_METHODS, apiInputs, type ApiMethod } from '../../src/shared/api';
import { allowedFor, METHOD_RULES, mutates, ROLES, type Actor, type Role } from '../../src/shared/auth';
import type { Envelope, ErrorPayload } from '../../src/shared/errors';
import { createI18n } from '../../src/shared/i18n';
import { addPerson, createAccess, sessionOf, TEST_PASSWORD } from '../support/people';
import { openSampleLibrary, removeTempDirs } from './helpers';

/** An id nothing has: a valid payload that changes nothing when it does reach the service. */
const NX = 999_999;

interface Ids {
  issueId: number;
  articleId: number;
  publicationId: number;
}

let unique = 0;
/** An upload id no one holds: the call passes its schema and the permission check decides. */
const NO_UPLOAD = '0'.repeat(32);

/**
 * A payload for every method, valid for its schema. Reads name the sample issue; changes name ids
 * that do not exist (or content that is refused), so the matrix runs on one library without changing
 * it — what matters is whether the permission check lets the call through. A new method needs a line.
 */
function payloadOf(m: ApiMethod, ids: Ids, caller: { login: string } | null): Record<string, unknown> {
  const { issueId, articleId, publicationId } = ids;
  switch (m) {
    case 'getAuthState':
    case 'logout':
    case 'listSessions':
    case 'listAccounts':
    case 'listActivity':
    case 'listIssues':
      return {};
    case 'login':
      return { login: caller?.login ?? 'nobody', password: caller ? TEST_PASSWORD : 'not a password' };
    case 'setupFirstAdmin':
      return { login: 'firstadmin', displayName: '第一管理员', password: 'a long password 1' };
    case 'changeOwnPassword':
      // The right current password (a wrong one would count against the address's login limit); the same new one.
      return { current: TEST_PASSWORD, next: TEST_PASSWORD };
    case 'endSession':
      return { sessionId: 'no-such-session' };
    case 'createAccount':
      return { login: `made${++unique}`, displayName: '新人', roles: ['校对'], password: 'a long password 1' };
    case 'updateAccount':
      return { accountId: NX, displayName: '改名' };
    case 'resetPassword':
      return { accountId: NX, password: 'a long password 1' };
    case 'enterArticle':
      return { articleId, mode: 'read' };
    case 'leaveArticle':
      return { articleId };
    case 'getPresence':
    case 'getIssueOutline':
    case 'getColophon':
    case 'listPhotos':
    case 'listExtras':
    case 'getPrintedToc':
    case 'getFlatplan':
    case 'listRounds':
    case 'listCorrections':
    case 'getQualityFigures':
    case 'getSignOffCoverage':
    case 'listSignOffs':
    case 'getSignOffState':
      return { issueId };
    case 'getArticle':
      return { articleId };
    case 'updateArticle':
      return { articleId: NX, baseRevision: 0, patch: { notes: 'x' } };
    case 'createSection':
      return { issueId: NX, name: '新栏目' };
    case 'renameSection':
      return { sectionId: NX, name: '改名' };
    case 'deleteSection':
      return { sectionId: NX };
    case 'moveSection':
      return { sectionId: NX, toIndex: 0 };
    case 'createArticle':
      return { sectionId: NX, title: '新文章' };
    case 'deleteArticle':
      return { articleId: NX };
    case 'moveArticle':
      return { articleId: NX, toSectionId: NX, toIndex: 0 };
    case 'importIssueJson':
      return { upload: NO_UPLOAD };
    case 'layoutArticle':
      return { articleId: NX };
    case 'getGlyphOutlines':
      return { font: 'NoSuchFont-Regular', gids: [1] };
    case 'getIssuePages':
      return { issueId: NX, detail: 'lines' };
    case 'importPhoto':
      return { issueId: NX, articleId: null, placement: 'cover', upload: NO_UPLOAD };
    case 'updatePhoto':
      return { photoId: NX, caption: 'x', base: { caption: '', credit: null } };
    case 'getPhotoPreview':
      return { photoId: NX };
    case 'updateMasthead':
      return { issueId: NX, masthead: { coverLines: ['要目'] }, base: {} };
    case 'preflightIssue':
      return { issueId: NX };
    case 'startExport':
      return { issueId: NX, kind: 'screen' };
    case 'getExportJob':
    case 'revealExport':
      return { jobId: 'no-such-job' };
    case 'createIssue':
      return { fromIssueId: NX, year: 2030, number: 1, totalNumber: 1, publishDate: '2030-01-01' };
    case 'searchLibrary':
      return { query: '首钢园' };
    case 'readManuscript':
      return { upload: NO_UPLOAD };
    case 'commitManuscript':
      return { sectionId: NX, upload: NO_UPLOAD };
    case 'getPublication':
      return { publicationId };
    case 'updatePublication':
      return { publicationId: NX, patch: { sponsor: 'x' }, base: {} };
    case 'updateColophon':
      return { issueId: NX, colophon: {}, base: {} };
    case 'addFont':
      return { upload: NO_UPLOAD };
    case 'setRounds':
      return { issueId: NX, rounds: [{ name: '一校' }] };
    case 'openRound':
    case 'closeRound':
    case 'listVerifications':
      return { roundId: NX };
    case 'proposeCorrection':
      return { articleId: NX, baseRevision: 0, blockIndex: 0, start: 0, end: 1, kind: 'replace', proposed: '地', note: '' };
    case 'replyToCorrection':
      return { correctionId: NX, text: '同意' };
    case 'acceptCorrection':
      return { correctionId: NX };
    case 'rejectCorrection':
      return { correctionId: NX, reason: '原文无误' };
    case 'verifyCorrection':
      return { correctionId: NX, result: 'confirmed' };
    case 'getArticleDiff':
      return { articleId: NX };
    case 'signRound':
      return { roundId: NX, step: '终审', password: TEST_PASSWORD };
    case 'withdrawSignOff':
      return { signOffId: NX, reason: '要改一处', password: TEST_PASSWORD };
    case 'startProofExport':
      return { issueId: NX, roundId: NX };
  }
}

/** The refusals dispatch() itself gives for who is calling (services refuse with other details). */
const isRoleRefusal = (e: Envelope<unknown>, m: string) => !e.ok && e.error.code === 'forbidden' && e.error.details.reason === 'role' && e.error.details.method === m;
const isNoSessionRefusal = (e: Envelope<unknown>, m: string) => !e.ok && e.error.code === 'unauthenticated' && e.error.details.method === m;

const PUBLIC = API_METHODS.filter((m) => METHOD_RULES[m].kind === 'public');

describe('the permission table', () => {
  it('has exactly one rule for every method of apiInputs, and none for a method that does not exist', () => {
    const methods = Object.keys(apiInputs).sort();
    expect(Object.keys(METHOD_RULES).sort()).toEqual(methods);
    expect([...API_METHODS].sort()).toEqual(methods);
    for (const [m, rule] of Object.entries(METHOD_RULES)) {
      if (rule.kind !== 'roles') continue;
      expect(rule.roles.length, m).toBeGreaterThan(0);
      for (const r of rule.roles) expect(ROLES, m).toContain(r);
      for (const e of rule.elevated ?? []) for (const r of e.roles) expect(ROLES, `${m} ${e.what}`).toContain(r);
    }
  });

  it('needs no session only for logging in, the first-run setup and asking who is signed in', () => {
    expect(PUBLIC.sort()).toEqual(['getAuthState', 'login', 'setupFirstAdmin']);
  });

  it('keeps accounts with the administrator, and the decisions of 三审三校 with their roles', () => {
    for (const m of ['createAccount', 'updateAccount', 'resetPassword'] as const) expect(METHOD_RULES[m]).toMatchObject({ kind: 'roles', roles: ['管理员'] });
    expect(METHOD_RULES.withdrawSignOff).toMatchObject({ kind: 'roles', roles: ['主编'] });
    expect(allowedFor('proposeCorrection', ['校对'])).toEqual({ allowed: true });
    expect(allowedFor('acceptCorrection', ['校对'])).toMatchObject({ allowed: false, reason: 'role' });
    expect(allowedFor('startExport', ['校对'], { kind: 'screen' })).toEqual({ allowed: true });
    expect(allowedFor('startExport', ['校对'], { kind: 'print' })).toMatchObject({ allowed: false, needed: ['主编', '编辑部主任', '美编'] });
    expect(allowedFor('updateArticle', ['美编'])).toMatchObject({ allowed: false });
    // Reads are for every signed-in person; changes are recorded, reads are not.
    expect(mutates('listIssues')).toBe(false);
    expect(mutates('updateArticle')).toBe(true);
    expect(mutates('login')).toBe(false);
  });
});

describe('every method × every role through dispatch()', () => {
  let lib: Library;
  let access: Access;
  let handlers: ApiHandlers;
  let ids: Ids;
  const people = new Map<Role, { actor: Actor; session: Awaited<ReturnType<typeof sessionOf>> }>();
  const anonymous: CallInfo = { token: null, origin: '127.0.0.1', userAgent: 'vitest', setupAllowed: true };
  const zh = createI18n('zh-CN');

  beforeAll(async () => {
    lib = openSampleLibrary();
    access = createAccess(lib);
    handlers = createServices(lib, access);
    const issueId = (lib.db.prepare('SELECT id FROM issue ORDER BY id LIMIT 1').get() as { id: number }).id;
    const articleId = (lib.db.prepare('SELECT id FROM article WHERE issue_id = ? ORDER BY id LIMIT 1').get(issueId) as { id: number }).id;
    const publicationId = (lib.db.prepare('SELECT publication_id AS id FROM issue WHERE id = ?').get(issueId) as { id: number }).id;
    ids = { issueId, articleId, publicationId };
    for (const role of ROLES) {
      const actor = await addPerson(lib, `只有${role}`, [role]);
      people.set(role, { actor, session: await sessionOf(handlers, access, actor.login) });
    }
  });
  afterAll(() => {
    lib?.close();
    removeTempDirs();
  });

  /** Calls `m` as the person holding only `role`; logout gets a session of its own (it ends the one it is called with). */
  async function callAs(role: Role, m: ApiMethod, input: unknown): Promise<Envelope<unknown>> {
    const p = people.get(role)!;
    if (m === 'logout') return (await sessionOf(handlers, access, p.actor.login)).raw(m, input);
    return p.session.raw(m, input);
  }

  for (const role of ROLES) {
    it(`a person who is only ${role}`, async () => {
      const p = people.get(role)!;
      const problems: string[] = [];
      for (const m of API_METHODS) {
        const input = payloadOf(m, ids, p.actor);
        const permission = allowedFor(m, [role], input);
        const answer = await callAs(role, m, input);
        if (permission.allowed) {
          if (isRoleRefusal(answer, m) || isNoSessionRefusal(answer, m)) problems.push(`${m}: allowed but refused ${JSON.stringify(answer)}`);
          if (!answer.ok && answer.error.code === 'internal') problems.push(`${m}: internal error ${answer.error.message}`);
          // The role is not the answer for an invalid payload either: validation speaks.
          if (METHOD_RULES[m].kind !== 'public' && Object.keys(apiInputs[m].shape).length > 0) {
            const invalid = await callAs(role, m, { definitelyNotAField: true });
            if (invalid.ok || invalid.error.code !== 'invalid_request') problems.push(`${m}: an invalid payload was not refused as invalid: ${JSON.stringify(invalid)}`);
          }
          continue;
        }
        expect(permission.reason, m).toBe('role');
        const needed = permission.reason === 'role' ? permission.needed : [];
        for (const payload of [input, { definitelyNotAField: true }, 'not even an object']) {
          const refused = await callAs(role, m, payload);
          if (!isRoleRefusal(refused, m)) {
            problems.push(`${m}: ${role} should be refused for the role: ${JSON.stringify(refused)}`);
            continue;
          }
          const error = (refused as { ok: false; error: ErrorPayload }).error;
          expect(error.details.needed, m).toBe(needed.join('、'));
          for (const r of needed) expect(error.message, m).toContain(r);
          // What the person reads names the roles too.
          expect(zh.t('errors:auth.role', error.details)).toBe(`需要以下角色之一：${needed.join('、')}`);
        }
      }
      expect(problems).toEqual([]);
    }, 120_000);
  }

  it('without a session: 401 for everything but the public methods, whatever the payload', async () => {
    const problems: string[] = [];
    for (const m of API_METHODS) {
      for (const payload of [payloadOf(m, ids, null), { definitelyNotAField: true }]) {
        const { envelope } = await dispatch(handlers, access, m, payload, anonymous, () => undefined);
        const refused = isNoSessionRefusal(envelope, m);
        if (PUBLIC.includes(m) === refused) problems.push(`${m}: ${JSON.stringify(envelope)}`);
        if (refused && !envelope.ok) expect(envelope.error.details.reason).toBe('none');
      }
    }
    expect(problems).toEqual([]);
  });

  it('elevated rules: a replacing import needs the 主编, a print export 主编/编辑部主任/美编, an override the 主编', async () => {
    const refusedFor = async (role: Role, m: ApiMethod, input: Record<string, unknown>) => {
      const answer = await callAs(role, m, input);
      return isRoleRefusal(answer, m) ? String((answer as { ok: false; error: ErrorPayload }).error.details.needed) : null;
    };
    expect(await refusedFor('编辑部主任', 'importIssueJson', { upload: NO_UPLOAD })).toBeNull();
    expect(await refusedFor('编辑部主任', 'importIssueJson', { upload: NO_UPLOAD, replace: true })).toBe('主编');
    expect(await refusedFor('主编', 'importIssueJson', { upload: NO_UPLOAD, replace: true })).toBeNull();

    const print = { issueId: NX, kind: 'print' };
    expect(await refusedFor('校对', 'startExport', { issueId: NX, kind: 'screen' })).toBeNull();
    expect(await refusedFor('校对', 'startExport', print)).toBe('主编、编辑部主任、美编');
    expect(await refusedFor('责任编辑', 'startExport', print)).toBe('主编、编辑部主任、美编');
    for (const role of ['主编', '编辑部主任', '美编'] as const) expect(await refusedFor(role, 'startExport', print), role).toBeNull();

    const override = { ...print, overrideReason: '定价待定' };
    for (const role of ['编辑部主任', '美编'] as const) expect(await refusedFor(role, 'startExport', override), role).toBe('主编');
    expect(await refusedFor('主编', 'startExport', override)).toBeNull();
    // Even a screen export may not carry an override past the 主编.
    expect(await refusedFor('美编', 'startExport', { issueId: NX, kind: 'screen', overrideReason: '定价待定' })).toBe('主编');
  });

  it('writes the refused attempts of a signed-in person to the record, and nothing for a caller without a session', async () => {
    const li = people.get('校对')!;
    const before = queryActivity(lib.db, { accountId: li.actor.accountId, outcome: 'refused', limit: 1000 }).length;
    const answer = await li.session.raw('deleteArticle', { articleId: ids.articleId });
    expect(isRoleRefusal(answer, 'deleteArticle')).toBe(true);
    const lines = queryActivity(lib.db, { accountId: li.actor.accountId, outcome: 'refused', limit: 1000 });
    expect(lines).toHaveLength(before + 1);
    expect(lines[0]).toMatchObject({
      action: 'deleteArticle',
      outcome: 'refused',
      actorName: '只有校对',
      issueId: ids.issueId,
      articleId: ids.articleId,
      params: { code: 'forbidden', reason: 'role' },
    });
    // The article is still there.
    expect(lib.db.prepare('SELECT 1 FROM article WHERE id = ?').get(ids.articleId)).toBeTruthy();
    // Every method the 校对 was refused in the matrix above is in the record.
    const refusedMethods = new Set(lines.map((l) => l.action));
    for (const m of API_METHODS) {
      if (!allowedFor(m, ['校对'], payloadOf(m, ids, li.actor)).allowed) expect(refusedMethods.has(m), m).toBe(true);
    }
    const total = queryActivity(lib.db, { limit: 1000 }).length;
    await dispatch(handlers, access, 'deleteArticle', { articleId: ids.articleId }, anonymous, () => undefined);
    expect(queryActivity(lib.db, { limit: 1000 })).toHaveLength(total);
  });
});
