import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countChars } from '../../src/shared/text-stats';
import { jsonArticleTexts, openSampleLibrary, REPO_ROOT, removeTempDirs, sampleJson, tempDir } from './helpers';

let dataDir: string;

beforeAll(() => {
  dataDir = tempDir('qikan-cli-');
  openSampleLibrary(dataDir).close();
});
afterAll(removeTempDirs);

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), ['src/node/cli/main.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'C.UTF-8', QIKAN_DATA_DIR: dataDir, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n').filter((l) => l !== '') };
}

function expectOneLineError(r: ReturnType<typeof cli>, status: number) {
  expect(r.status).toBe(status);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return r.stderr.trim();
}

describe('command line', () => {
  it('lists the issues', () => {
    const r = cli(['list']);
    expect(r.status).toBe(0);
    expect(r.lines).toEqual(['2026年第1期（总第313期）  编辑中  9 个栏目，23 篇文章']);
  });

  it('prints the outline of 2026-1 with character counts that add up', () => {
    const json = sampleJson();
    const expectedTotal = json.sections
      .flatMap((s: { articles: unknown[] }) => s.articles)
      .reduce((n: number, a: unknown) => n + jsonArticleTexts(a).reduce((m, t) => m + countChars(t), 0), 0);
    const r = cli(['outline', '2026-1']);
    expect(r.status).toBe(0);
    expect(r.lines[0]).toBe('2026年第1期（总第313期）');
    const sectionLines = r.lines.filter((l) => /^\d+\. /.test(l));
    const articleLines = r.lines.filter((l) => /^ {3}\d+\) /.test(l));
    expect(sectionLines).toHaveLength(9);
    expect(sectionLines[0]).toMatch(/^1\. 卷首语（1 篇，\d+ 字）$/);
    expect(articleLines).toHaveLength(23);
    const sum = articleLines.reduce((n, l) => n + Number(/ (\d+) 字$/.exec(l)![1]), 0);
    expect(sum).toBe(expectedTotal);
    expect(r.lines.at(-1)).toBe(`合计：9 个栏目，23 篇文章，${expectedTotal} 字`);
  });

  it('speaks English with --lang en, $QIKAN_LANG=en or an English $LANG', () => {
    expect(cli(['--lang', 'en', 'list']).lines).toEqual(['2026 No. 1 (No. 313 overall)  editing  9 sections, 23 articles']);
    expect(cli(['list'], { QIKAN_LANG: 'en' }).lines[0]).toMatch(/^2026 No\. 1/);
    expect(cli(['list'], { LANG: 'en_GB.UTF-8' }).lines[0]).toMatch(/^2026 No\. 1/);
    expect(cli(['list', '--lang=zh-CN'], { LANG: 'en_GB.UTF-8' }).lines[0]).toMatch(/^2026年第1期/);
  });

  it('refuses a bad JSON file in one line naming the path, and changes nothing', () => {
    const j = sampleJson();
    j.masthead.issueNumber = 2;
    j.sections[4].articles[1].blocks[7].type = 'pullquote';
    const file = path.join(tempDir(), 'bad.json');
    fs.writeFileSync(file, JSON.stringify(j));
    const message = expectOneLineError(cli(['import-json', file]), 1);
    expect(message).toContain('sections[4].articles[1].blocks[7].type');
    expect(message).toContain('"paragraph"');
    expect(cli(['list']).lines).toHaveLength(1);
  });

  it('imports a good file and refuses the same issue again unless --replace', () => {
    const j = sampleJson();
    j.masthead.issueNumber = 3;
    j.masthead.totalNumber = 315;
    const file = path.join(tempDir(), 'issue-3.json');
    fs.writeFileSync(file, JSON.stringify(j));
    const first = cli(['--lang', 'en', 'import-json', file]);
    expect(first.status).toBe(0);
    expect(first.lines).toEqual(['Imported 2026 No. 3 (No. 315 overall): 9 sections, 23 articles']);
    expect(expectOneLineError(cli(['import-json', file]), 1)).toContain('--replace');
    expect(cli(['import-json', file, '--replace']).status).toBe(0);
    expect(cli(['list']).lines).toHaveLength(2);
  });

  it('reports an unknown issue, a malformed issue name, an unknown command and a missing file', () => {
    expect(expectOneLineError(cli(['outline', '2030-4']), 1)).toContain('2030-4');
    expect(expectOneLineError(cli(['outline', 'first']), 2)).toContain('first');
    expect(expectOneLineError(cli(['frobnicate']), 2)).toContain('frobnicate');
    expect(expectOneLineError(cli(['--lang', 'fr', 'list']), 2)).toContain('fr');
    expect(expectOneLineError(cli(['outline']), 2)).toContain('outline');
    expect(expectOneLineError(cli(['list', '--replace']), 2)).toContain('--replace');
    expect(expectOneLineError(cli(['import-json', '/nonexistent/issue.json']), 1)).toContain('/nonexistent/issue.json');
  });

  it('reports a library file that is not a database without touching it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'library.sqlite');
    fs.writeFileSync(file, 'not a database at all, just some words that are long enough to fill a header');
    const message = expectOneLineError(cli(['--data', dir, '--lang', 'en', 'list']), 1);
    expect(message).toContain(file);
    expect(message).toContain('not a SQLite database');
    expect(fs.readdirSync(dir)).toEqual(['library.sqlite']);
  });

  it('prints help', () => {
    const r = cli(['help']);
    expect(r.status).toBe(0);
    for (const command of ['list', 'outline', 'import-json', 'help']) expect(r.stdout).toContain(command);
  });
});
