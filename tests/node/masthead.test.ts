// 封面要目 edited in the app: saved on the issue, laid out on the cover by the one issue layout,
// recorded with the person who changed them, refused for a role that may not and while 付印 stands.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Library } from '../../src/node/library/open-library';
import { queryActivity } from '../../src/node/record/activity-store';
import { getIssueLayout } from '../../src/node/services/issue-layout';
import { createLibraryService } from '../../src/node/services/library-service';
import type { Masthead } from '../../src/shared/model';
import { signedIn } from '../support/people';
import { openSampleLibrary, removeTempDirs } from './helpers';

/** The text the cover page prints, lines joined. */
function coverText(lib: Library, issueId: number): string {
  const cover = getIssueLayout(lib, issueId).document.pages.find((p) => p.kind === 'cover')!;
  return cover.lines.map((l) => l.text).join('\n');
}

describe('updateMasthead', () => {
  let lib: Library;
  let issueId: number;

  beforeEach(() => {
    lib = openSampleLibrary();
    issueId = createLibraryService(lib).listIssues({})[0]!.id;
  });
  afterEach(() => {
    lib.close();
    removeTempDirs();
  });

  it('saves the cover lines and the cover prints them, in the order given', async () => {
    const chief = await signedIn(lib, { roles: ['主编'], name: '李主编' });
    const before = createLibraryService(lib).getIssueOutline({ issueId }).masthead;
    expect(before.coverLines.length).toBeGreaterThan(0);
    for (const line of before.coverLines) expect(coverText(lib, issueId)).toContain(line);
    const lines = ['首都立法新进展', '代表履职在基层', '预算审查监督'];
    const saved = await chief.call<Masthead>('updateMasthead', { issueId, masthead: { coverLines: lines, issueLinePrinted: '总第313期 1' }, base: before });
    expect(saved).toMatchObject({ coverLines: lines, issueLinePrinted: '总第313期 1', publishDatePrinted: before.publishDatePrinted });
    expect(createLibraryService(lib).getIssueOutline({ issueId }).masthead.coverLines).toEqual(lines);
    const printed = coverText(lib, issueId);
    const at = lines.map((l) => printed.indexOf(l));
    for (const k of at) expect(k).toBeGreaterThanOrEqual(0);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const old of before.coverLines) if (!lines.includes(old)) expect(printed).not.toContain(old);
    const [line] = queryActivity(lib.db, { action: 'updateMasthead' });
    expect(line).toMatchObject({ actorName: '李主编', outcome: 'done', issueId });
  });

  it('refuses a 校对, an empty cover line and an unknown issue, and keeps what was saved', async () => {
    const proofreader = await signedIn(lib, { roles: ['校对'], name: '王校对' });
    const chief = await signedIn(lib, { roles: ['主编'], name: '李主编' });
    const before = createLibraryService(lib).getIssueOutline({ issueId }).masthead;
    expect(await proofreader.dispatch('updateMasthead', { issueId, masthead: { coverLines: ['改'] }, base: before })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await chief.dispatch('updateMasthead', { issueId, masthead: { coverLines: ['好', '  '] }, base: before })).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { path: 'masthead.coverLines[1]' } } });
    expect(await chief.dispatch('updateMasthead', { issueId: 99_999, masthead: { coverLines: ['好'] }, base: before })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(createLibraryService(lib).getIssueOutline({ issueId }).masthead).toEqual(before);
  });
});
