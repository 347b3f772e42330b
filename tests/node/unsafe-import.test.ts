// Imported text carries no control, bidi-override or zero-width characters into the library, the
// import says how many it removed, and the command line shows such characters escaped (a title that
// reached the library before this rule, say) instead of letting the terminal act on them.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/node/cli/run';
import { readManuscriptFile } from '../../src/node/import/manuscript/read-manuscript';
import { createLibraryService } from '../../src/node/services/library-service';
import { openSampleLibrary, removeTempDirs, sampleJson, tempDir } from './helpers';
import { uploader } from '../support/people';

afterEach(removeTempDirs);

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), stdinIsTTY: false }, { QIKAN_LANG: 'zh-CN' });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('unsafe characters in imports', () => {
  it('an issue JSON is imported without them and the import counts what it removed', async () => {
    const dir = tempDir();
    openSampleLibrary(dir).close();
    const json = sampleJson();
    json.masthead.issueNumber = 3;
    const article = json.sections[1].articles[0];
    article.titleLines[0] = `\u001b[2J${article.titleLines[0]}\u0007`;
    article.blocks[0].text = `\u202e${article.blocks[0].text}\u200b`;
    const file = path.join(dir, 'issue.json');
    fs.writeFileSync(file, JSON.stringify(json));
    const result = await cli(['--data', dir, 'import-json', file]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('已删除 4 个不可见字符或控制字符');

    const lib = openSampleLibrary(dir);
    try {
      const rows = lib.db.prepare('SELECT title_lines AS t, body AS b FROM article').all() as { t: string; b: string }[];
      for (const r of rows) expect(/[\u0000-\u0008\u001b\u202e\u200b]/u.test(JSON.parse(r.t).join('') + r.b)).toBe(false);
      // Through the service, as a person uploads the file.
      const person = await uploader(lib);
      const upload = person.upload('issue_json', '第4期.json', JSON.stringify({ ...json, masthead: { ...json.masthead, issueNumber: 4 } }));
      const again = createLibraryService(lib).importIssueJson({ upload }, person.ctx);
      expect(again.removedCharacters).toEqual({ control: 2, bidi: 1, zeroWidth: 1 });
    } finally {
      lib.close();
    }
  });

  it('a manuscript is read without them, with a warning', async () => {
    const text = '标题\n\n　　正文\u0007第一段\u202e倒置\u200c。\n';
    const { preview } = await readManuscriptFile('来稿.txt', Buffer.from(text, 'utf8'));
    expect(JSON.stringify(preview.blocks)).not.toMatch(/[\u0007\u202e\u200c]/u);
    expect(preview.warnings).toContainEqual({ code: 'unsafe_characters_removed', params: { control: 1, bidi: 1, zeroWidth: 1, total: 3 } });
  });

  it('the command line prints them escaped', async () => {
    const dir = tempDir();
    const lib = openSampleLibrary(dir);
    lib.db.prepare("UPDATE article SET title_lines = json_array('标题\u001b]0;被改的窗口标题\u0007尾') WHERE id = (SELECT min(id) FROM article)").run();
    lib.close();
    const result = await cli(['--data', dir, 'outline', '2026-1']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/[\u001b\u0007]/u);
    expect(result.stdout).toContain('标题\\u{001b}]0;被改的窗口标题\\u{0007}尾');
  });
});
