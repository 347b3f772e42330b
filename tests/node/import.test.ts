import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksFromDoc } from '../../src/shared/article-doc';
import { QikanError } from '../../src/shared/errors';
import { parseIssueJson } from '../../src/shared/seed-schema';
import type { Library } from '../../src/node/library/open-library';
import { createLibraryService, type LibraryService } from '../../src/node/services/library-service';
import { openSampleLibrary, removeTempDirs, sampleJson, snapshot } from './helpers';
import { importIssueJsonText } from '../../src/node/import/issue-json';

let lib: Library;
let service: LibraryService;

beforeAll(() => {
  lib = openSampleLibrary();
  service = createLibraryService(lib);
});
afterAll(() => {
  lib.close();
  removeTempDirs();
});

/** Imports `json` expecting a refusal; checks the library did not change and returns the error. */
function expectRefused(json: string, replace = false): QikanError {
  const before = snapshot(lib.db);
  let error: unknown;
  try {
    importIssueJsonText(lib.db, json, { replace });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(QikanError);
  expect(snapshot(lib.db)).toEqual(before);
  return error as QikanError;
}

function asIssue(year: number, number: number) {
  const j = sampleJson();
  j.masthead.year = year;
  j.masthead.issueNumber = number;
  j.masthead.totalNumber = 313 + number;
  return j;
}

describe('issue JSON import', () => {
  it('imports a good file as a new issue', () => {
    const j = asIssue(2026, 2);
    j.sections[0].articles[0].blocks[0].text = '第二期的第一段。';
    const result = importIssueJsonText(lib.db, JSON.stringify(j));
    expect(result).toMatchObject({ year: 2026, number: 2, sections: 9, articles: 23 });
    expect(service.listIssues({}).map((i) => `${i.year}-${i.number}`)).toEqual(['2026-2', '2026-1']);
    const first = service.getIssueOutline({ issueId: result.issueId }).sections[0]!.articles[0]!;
    expect(service.getArticle({ articleId: first.id }).body.root.children[0]!.children[0]).toMatchObject({ text: '第二期的第一段。' });
  });

  it('refuses a wrong block type deep inside, naming its path', () => {
    const j = asIssue(2026, 3);
    j.sections[2].articles[0].blocks[5].type = 'sidebar';
    const e = expectRefused(JSON.stringify(j));
    expect(e.code).toBe('import_invalid');
    expect(e.details.path).toBe('sections[2].articles[0].blocks[5].type');
    expect(e.details.expected).toMatch(/^one of "paragraph", "heading", "caption"/);
    expect(e.message).toContain('sections[2].articles[0].blocks[5].type: expected one of "paragraph"');
  });

  it('refuses a missing required field, naming its path', () => {
    const j = asIssue(2026, 4);
    delete j.sections[1].articles[1].endMark;
    const e = expectRefused(JSON.stringify(j));
    expect(e.details.path).toBe('sections[1].articles[1].endMark');
    expect(e.details.expected).toBe('boolean');
    const k = asIssue(2026, 4);
    delete k.colophon.editorialBoard.members;
    expect(expectRefused(JSON.stringify(k)).details.path).toBe('colophon.editorialBoard.members');
  });

  it('refuses text that is not JSON, saying where', () => {
    const text = JSON.stringify(asIssue(2026, 5), null, 2);
    const broken = text.replace('"coverLines": [', '"coverLines": [,');
    const e = expectRefused(broken);
    expect(e.code).toBe('import_invalid');
    const line = broken.split('\n').findIndex((l) => l.includes('"coverLines": [,')) + 1;
    expect(e.details.path).toMatch(new RegExp(`^\\(not JSON, line ${line} column \\d+\\)$`));
    expect(e.details.expected).toBe('JSON text');
  });

  it('refuses a wrong schema string and duplicate article ids', () => {
    const j = asIssue(2026, 6);
    j.schema = 'beijing-renda-issue/2';
    const e = expectRefused(JSON.stringify(j));
    expect(e.details).toMatchObject({ path: 'schema', expected: 'one of "beijing-renda-issue/1"' });

    const d = asIssue(2026, 6);
    d.sections[3].articles[1].id = 'a02';
    const dup = expectRefused(JSON.stringify(d));
    expect(dup.details.path).toBe('sections[3].articles[1].id');
    expect(dup.details.expected).toContain('"a02"');
  });

  it('refuses an issue already in the library unless asked to replace it', () => {
    const j = asIssue(2026, 1);
    const e = expectRefused(JSON.stringify(j));
    expect(e.code).toBe('conflict');
    expect(e.details.reason).toBe('issue_exists');

    j.sections[0].name = '卷首';
    const oldId = service.listIssues({}).find((i) => i.number === 1)!.id;
    const result = importIssueJsonText(lib.db, JSON.stringify(j), { replace: true });
    expect(service.listIssues({}).filter((i) => i.year === 2026 && i.number === 1)).toHaveLength(1);
    expect(service.getIssueOutline({ issueId: result.issueId }).sections[0]!.name).toBe('卷首');
    expect(() => service.getIssueOutline({ issueId: oldId })).toThrow(QikanError);
  });

  it('leaves nothing behind when a replacing import fails', () => {
    const j = asIssue(2026, 1);
    j.sections[8].articles[0].blocks[3].level = 7;
    const e = expectRefused(JSON.stringify(j), true);
    expect(e.details.path).toBe('sections[8].articles[0].blocks[3].level');
  });

  it('imports a list block as a list in the stored body', () => {
    const j = asIssue(2026, 8);
    const numbered = ['Debian 12 的 apt 来自 2.6 版。', '每个软件包约 2 MB，“稳定版”优先。'];
    j.sections[0].articles[0].blocks.splice(1, 0, { type: 'list', ordered: true, start: 3, items: numbered }, { type: 'list', items: ['甲', '乙'] });
    const result = importIssueJsonText(lib.db, JSON.stringify(j));
    const first = service.getIssueOutline({ issueId: result.issueId }).sections[0]!.articles[0]!;
    const stored = service.getArticle({ articleId: first.id });
    // The editor's list node (Lexical ListNode with ListItemNodes), not paragraphs with markers.
    const node = stored.body.root.children[1]!;
    expect(node).toMatchObject({ type: 'list', listType: 'number', tag: 'ol', start: 3 });
    expect(node.children.map((li) => [li.type, (li as { value?: number }).value])).toEqual([
      ['listitem', 3],
      ['listitem', 4],
    ]);
    expect(stored.body.root.children[2]).toMatchObject({ type: 'list', listType: 'bullet', tag: 'ul' });
    expect(blocksFromDoc(stored.body).slice(1, 3)).toEqual([
      { type: 'list', ordered: true, start: 3, items: numbered, text: numbered.join('\n') },
      { type: 'list', ordered: false, items: ['甲', '乙'], text: '甲\n乙' },
    ]);
    // The items count as the article's text.
    const listChars = [...numbered, '甲', '乙'].join('').replace(/\s/g, '').length;
    const without = importIssueJsonText(lib.db, JSON.stringify(asIssue(2026, 9)));
    const plain = service.getIssueOutline({ issueId: without.issueId }).sections[0]!.articles[0]!;
    expect(first.charCount - plain.charCount).toBe(listChars);
  });

  it('refuses a list without items or with a line break inside an item, naming its path', () => {
    const empty = asIssue(2026, 10);
    empty.sections[1].articles[1].blocks.push({ type: 'list', items: [] });
    const e = expectRefused(JSON.stringify(empty));
    expect(e.details.path).toBe(`sections[1].articles[1].blocks[${empty.sections[1].articles[1].blocks.length - 1}].items`);
    const broken = asIssue(2026, 10);
    broken.sections[1].articles[1].blocks.push({ type: 'list', items: ['一', '二\n三'] });
    const f = expectRefused(JSON.stringify(broken));
    expect(f.details.path).toBe(`sections[1].articles[1].blocks[${broken.sections[1].articles[1].blocks.length - 1}].items[1]`);
  });

  it('parses the sample file as it is', () => {
    const issue = parseIssueJson(JSON.stringify(sampleJson()));
    expect(issue.sections).toHaveLength(9);
  });
});
