// Filling empty slots: a new issue made from the previous one carries its articles over as "（待定）"
// slots with page budgets; a manuscript imported onto a slot takes its title lines and keeps the slot's
// position and budget, through the API and on the command line. Other articles keep their titles.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { blocksFromDoc } from '../../src/shared/article-doc';
import { isEmptySlot, PLACEHOLDER_TITLE } from '../../src/shared/article-slots';
import { runCli } from '../../src/node/cli/run';
import { openLibrary, type Library } from '../../src/node/library/open-library';
import { createDeskService } from '../../src/node/services/desk-service';
import { createLibraryService } from '../../src/node/services/library-service';
import { createManuscriptService } from '../../src/node/services/manuscript-service';
import { sampleManuscriptDocx } from '../fixtures/manuscripts/build-docx';
import { uploader } from '../support/people';
import { openSampleLibrary, removeTempDirs, tempDir } from './helpers';

const libs: Library[] = [];
afterEach(() => {
  libs.splice(0).forEach((l) => l.close());
  removeTempDirs();
});

type CommitInput = Omit<Parameters<ReturnType<typeof createManuscriptService>['commitManuscript']>[0], 'upload'>;

/** commitManuscript as a person does it: the file uploaded first, then named. */
async function commit(lib: Library, input: CommitInput, fileName: string, bytes: Buffer) {
  const person = await uploader(lib);
  return createManuscriptService(lib).commitManuscript({ ...input, upload: person.upload('manuscript', fileName, bytes) }, person.ctx);
}
const TEXT = Buffer.from('关于加强监督的报告\n文/王五\n\n　　常委会听取和审议了报告。\n');

async function newIssueWithSlots(lib: Library) {
  const library = createLibraryService(lib);
  const sampleId = library.listIssues({})[0]!.id;
  const issue = await createDeskService(lib).createIssue({ fromIssueId: sampleId, year: 2026, number: 2, totalNumber: 314, publishDate: '2026-02-26' });
  const section = library.getIssueOutline({ issueId: issue.id }).sections.find((s) => s.articles.length >= 2)!;
  return { library, issue, section };
}

describe('isEmptySlot', () => {
  it('takes the placeholder title with no other printed text, and nothing else', () => {
    const slot = { titleLines: [PLACEHOLDER_TITLE], subtitle: null, byline: null, charCount: 4 };
    expect(isEmptySlot(slot)).toBe(true);
    expect(isEmptySlot({ ...slot, charCount: 12 })).toBe(false);
    expect(isEmptySlot({ ...slot, byline: '文 / 王五' })).toBe(false);
    expect(isEmptySlot({ ...slot, titleLines: ['让监督更有力量'] })).toBe(false);
    expect(isEmptySlot({ ...slot, titleLines: [PLACEHOLDER_TITLE, '二'] })).toBe(false);
  });
});

describe('commitManuscript onto an empty slot', () => {
  it('fills the slot in place: the manuscript title, subtitle and byline replace the placeholder, the budget stays', async () => {
    const lib = openSampleLibrary();
    libs.push(lib);
    const { library, issue, section } = await newIssueWithSlots(lib);
    const slot = section.articles[1]!;
    expect(isEmptySlot(slot)).toBe(true);
    expect(slot.pageBudget).not.toBeNull();

    const saved = await commit(lib, { sectionId: section.id, articleId: slot.id, baseRevision: slot.revision }, '监督综述.docx', await sampleManuscriptDocx());
    expect(saved).toMatchObject({ id: slot.id, position: slot.position, pageBudget: slot.pageBudget, titleLines: ['让监督更有力量'] });
    const article = library.getArticle({ articleId: slot.id });
    expect(article.subtitle).toBe('——2025年监督工作综述');
    expect(article.byline).toBe('文 / 本刊 张三');
    expect(blocksFromDoc(article.body).length).toBeGreaterThan(0);
    const after = library.getIssueOutline({ issueId: issue.id }).sections.find((s) => s.id === section.id)!;
    expect(after.articles.map((a) => a.id)).toEqual(section.articles.map((a) => a.id));
    expect(isEmptySlot(after.articles[1]!)).toBe(false);
    expect(isEmptySlot(after.articles[0]!)).toBe(true);
  });

  it('keeps the title of an article that is not an empty slot, as before', async () => {
    const lib = openSampleLibrary();
    libs.push(lib);
    const library = createLibraryService(lib);
    const section = library.getIssueOutline({ issueId: library.listIssues({})[0]!.id }).sections[1]!;
    const target = section.articles[0]!;
    expect(isEmptySlot(target)).toBe(false);
    await commit(lib, { sectionId: section.id, articleId: target.id, baseRevision: target.revision }, '报告.txt', TEXT);
    const article = library.getArticle({ articleId: target.id });
    expect(article.titleLines).toEqual(target.titleLines);
    expect(article.byline).toBe(target.byline ?? '文/王五'); // an empty byline is filled, as before
  });

  it('a slot that only carries the placeholder title but has body text keeps its title', async () => {
    const lib = openSampleLibrary();
    libs.push(lib);
    const { library, section } = await newIssueWithSlots(lib);
    const slot = section.articles[0]!;
    await commit(lib, { sectionId: section.id, articleId: slot.id, baseRevision: slot.revision }, '报告.txt', TEXT);
    // Now it has a title from the manuscript; put the placeholder back by hand: it has text, so it is no slot.
    const filled = library.getArticle({ articleId: slot.id });
    library.updateArticle({ articleId: slot.id, baseRevision: filled.revision, patch: { titleLines: [PLACEHOLDER_TITLE], byline: null } });
    await commit(lib, { sectionId: section.id, articleId: slot.id, baseRevision: filled.revision + 1 }, '监督综述.docx', await sampleManuscriptDocx());
    expect(library.getArticle({ articleId: slot.id }).titleLines).toEqual([PLACEHOLDER_TITLE]);
  });
});

describe('import-text --article onto an empty slot', () => {
  it('fills the slot the same way as the dialog', async () => {
    const dataDir = tempDir('qikan-cli-slots-');
    const setup = openSampleLibrary(dataDir);
    const { section } = await newIssueWithSlots(setup);
    setup.close();
    const files = tempDir('qikan-slot-files-');
    fs.writeFileSync(path.join(files, '报告.txt'), TEXT);

    const lib = openLibrary({ dataDir, seedSample: false });
    libs.push(lib);
    const library = createLibraryService(lib);
    const issueId = library.listIssues({}).find((i) => i.number === 2)!.id;
    const all = library.getIssueOutline({ issueId }).sections.flatMap((s) => s.articles);
    const slot = section.articles[0]!;
    const number = all.findIndex((a) => a.id === slot.id) + 1;
    const out: string[] = [];
    const err: string[] = [];
    const status = await runCli(['import-text', '2026-2', section.name, path.join(files, '报告.txt'), '--article', String(number)], { out: (l) => out.push(l), err: (l) => err.push(l) }, {
      QIKAN_DATA_DIR: dataDir,
      QIKAN_LANG: 'en',
    });
    expect(err).toEqual([]);
    expect(status).toBe(0);
    expect(out.join('\n')).toContain('关于加强监督的报告');
    const article = library.getArticle({ articleId: slot.id });
    expect(article).toMatchObject({ titleLines: ['关于加强监督的报告'], byline: '文/王五', position: slot.position, pageBudget: slot.pageBudget, sectionId: section.id });
  });
});
