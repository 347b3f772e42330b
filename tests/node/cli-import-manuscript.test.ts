// import-docx and import-text on the command line: what they print, what they save, and refusals worded
// as the app words them (the file and the problem, in the chosen language), with the library unchanged.

import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/node/cli/run';
import { blocksFromDoc } from '../../src/shared/article-doc';
import { openLibrary } from '../../src/node/library/open-library';
import { createLibraryService } from '../../src/node/services/library-service';
import { pngBytes, sampleManuscriptDocx } from '../fixtures/manuscripts/build-docx';
import { openSampleLibrary, removeTempDirs, snapshot, tempDir } from './helpers';

let dataDir: string;
let files: string;

beforeAll(async () => {
  dataDir = tempDir('qikan-cli-manuscript-');
  openSampleLibrary(dataDir).close();
  files = tempDir('qikan-manuscripts-');
  fs.writeFileSync(path.join(files, '监督综述.docx'), await sampleManuscriptDocx());
  fs.writeFileSync(path.join(files, '照片.docx'), await pngBytes());
  fs.writeFileSync(path.join(files, '报告.txt'), iconv.encode('关于加强监督的报告\n文/王五\n\n　　常委会听取和\n审议了报告。\n', 'gbk'));
  fs.writeFileSync(path.join(files, 'latin1.txt'), Buffer.from('Café crème, déjà vu.', 'latin1'));
});
afterAll(removeTempDirs);

async function cli(args: string[], lang: 'zh-CN' | 'en' = 'zh-CN') {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, { QIKAN_DATA_DIR: dataDir, QIKAN_LANG: lang });
  return { status, out, err };
}

function readLibrary<T>(fn: (service: ReturnType<typeof createLibraryService>, db: ReturnType<typeof openLibrary>['db']) => T): T {
  const lib = openLibrary({ dataDir, seedSample: false });
  try {
    return fn(createLibraryService(lib), lib.db);
  } finally {
    lib.close();
  }
}

describe('import-docx and import-text', () => {
  it('imports a Word manuscript into a section by name and prints what came in', async () => {
    const section = readLibrary((s) => s.getIssueOutline({ issueId: s.listIssues({})[0]!.id }).sections[2]!);
    const r = await cli(['import-docx', '2026-1', section.name, path.join(files, '监督综述.docx')]);
    expect(r.err).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.out[0]).toBe(`已将 监督综述.docx 导入栏目“${section.name}”成为新文章：让监督更有力量`);
    expect(r.out[1]).toBe('共 11 段（小标题 2 个，注释 1 条），图片 1 张，合并断行 0 处');
    expect(r.out[2]).toMatch(/^提示：图片 \d+ 尚无署名/u);
    const after = readLibrary((s) => s.getIssueOutline({ issueId: s.listIssues({})[0]!.id }).sections[2]!);
    expect(after.articles).toHaveLength(section.articles.length + 1);
    expect(after.articles.at(-1)!.titleLines).toEqual(['让监督更有力量']);
  });

  it('imports GBK text by section number over an existing article, listing the joins (English output)', async () => {
    const target = readLibrary((s) => s.getIssueOutline({ issueId: s.listIssues({})[0]!.id }).sections[0]!.articles[0]!);
    const all = readLibrary((s) => s.getIssueOutline({ issueId: s.listIssues({})[0]!.id }).sections.flatMap((x) => x.articles));
    const number = all.findIndex((a) => a.id === target.id) + 1;
    const r = await cli(['import-text', '2026-1', '1', path.join(files, '报告.txt'), '--article', String(number)], 'en');
    expect(r.err).toEqual([]);
    expect(r.out).toEqual([
      `Replaced the body of "${target.titleLines.join(' ')}" in "${readLibrary((s) => s.getIssueOutline({ issueId: s.listIssues({})[0]!.id }).sections[0]!.name)}" with 报告.txt`,
      'Text encoding: gb18030',
      '1 blocks (0 headings, 0 notes), 0 photos, 1 joined lines',
      '  join 0: …常委会听取和 + 审议了报告。…',
    ]);
    const body = readLibrary((s) => blocksFromDoc(s.getArticle({ articleId: target.id }).body));
    expect(body).toEqual([{ type: 'paragraph', text: '常委会听取和审议了报告。' }]);
  });

  it('refuses bad files naming the file and the problem, in the chosen language, and changes nothing', async () => {
    const before = readLibrary((_s, db) => snapshot(db));
    const png = await cli(['import-docx', '2026-1', '1', path.join(files, '照片.docx')]);
    expect(png.status).toBe(1);
    expect(png.err).toEqual(['错误：无法导入 照片.docx：它并不是 Word 文档（只是改了扩展名）。资料库未作任何改动。']);
    const latin = await cli(['import-text', '2026-1', '1', path.join(files, 'latin1.txt')], 'en');
    expect(latin.err).toEqual(['Error: Cannot import latin1.txt: the text is neither UTF-8 nor GBK/GB18030. The library was not changed.']);
    const wrongKind = await cli(['import-docx', '2026-1', '1', path.join(files, '报告.txt')], 'en');
    expect(wrongKind.status).toBe(2);
    expect(wrongKind.err).toEqual(['Error: import-docx reads .docx files, not 报告.txt.']);
    const noSection = await cli(['import-text', '2026-1', '不存在的栏目', path.join(files, '报告.txt')]);
    expect(noSection.status).toBe(1);
    expect(noSection.err[0]).toMatch(/^错误：本期没有栏目“不存在的栏目”；请写栏目序号或名称：1 /u);
    expect(readLibrary((_s, db) => snapshot(db))).toEqual(before);
  });
});
