// Preflight stops a generated page that runs off its frame (issue 10, item 2): a long 封三 report and
// a board too long for the colophon are errors naming the page and the frame, with a suggestion, in
// the UI language and on the command line; the export's overset figure counts them. The board not in
// 姓名笔画 order is a warning with the suggested order, never a silent re-sort.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docFromBlocks } from '../../src/shared/article-doc';
import { createI18n } from '../../src/shared/i18n';
import type { Colophon } from '../../src/shared/model';
import type { PreflightItem } from '../../src/shared/print';
import { sortByStrokes } from '../../src/engine/issue/stroke-order';
import { oversetCount } from '../../src/engine/report';
import { createTranslator } from '../../src/node/cli/context';
import { preflightItemLine } from '../../src/node/cli/preflight-lines';
import type { Library } from '../../src/node/library/open-library';
import { preflight } from '../../src/node/preflight/run-preflight';
import { getIssueLayout, summarizeReport } from '../../src/node/services/issue-layout';
import { createLibraryService } from '../../src/node/services/library-service';
import { createSettingsService } from '../../src/node/services/settings-service';
import { openSampleLibrary, removeTempDirs } from './helpers';

const REPORT = '市人大常委会召开会议，听取和审议市政府关于本市国民经济和社会发展计划执行情况的报告，围绕推动高质量发展、保障和改善民生提出意见建议，要求有关部门认真研究处理。';

describe('preflight of overset generated pages', () => {
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

  const oversetErrors = (kind: 'print' | 'screen' = 'print'): PreflightItem[] => preflight(lib, issueId, kind, getIssueLayout(lib, issueId), null).errors.filter((e) => e.code === 'overset_frame');

  it('finds no overset on the sample issue', () => {
    const layout = getIssueLayout(lib, issueId);
    expect(oversetCount(layout.report)).toBe(0);
    expect(oversetErrors()).toEqual([]);
  });

  it('reports a 封三 report longer than its page as an error naming 封三 and its text frame, in both languages', () => {
    const body = docFromBlocks(Array.from({ length: 50 }, (_, k) => ({ type: 'paragraph' as const, text: `${k + 1}. ${REPORT}` })));
    const changed = lib.db.prepare("UPDATE extra SET body = ? WHERE issue_id = ? AND (placement LIKE '%封三%' OR lower(placement) LIKE '%inside back cover%')").run(JSON.stringify(body), issueId);
    expect(changed.changes).toBe(1);
    const layout = getIssueLayout(lib, issueId);
    expect(summarizeReport(layout.report, null).oversetBlocks).toBe(oversetCount(layout.report));
    expect(oversetCount(layout.report)).toBeGreaterThanOrEqual(1);

    for (const kind of ['print', 'screen'] as const) {
      const errors = oversetErrors(kind);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ severity: 'error', target: { page: 'inside-back-cover' }, params: { frame: 'inside-back-cover:body', part: 'body' } });
      expect(Number(errors[0]!.params.lines)).toBeGreaterThan(0);
    }
    const item = oversetErrors()[0]!;
    const zh = createI18n('zh-CN').t(`app:preflight.${item.code}`, { ...item.params });
    expect(zh).toContain('正文排不下');
    expect(zh).toMatch(/删减.*缩小字号.*另一页/u);
    expect(zh).not.toMatch(/inside|body|\$t/u);
    const en = createI18n('en').t(`app:preflight.${item.code}`, { ...item.params });
    expect(en).toMatch(/^The text does not fit/u);
    expect(en).toMatch(/Shorten.*smaller.*another page/u);
    const line = preflightItemLine(createTranslator('zh-CN'), item);
    expect(line).toContain('封三');
    expect(line).toContain('正文排不下');
    expect(line).not.toMatch(/inside-back-cover|\$t/u);
  });

  it('reports a board too long for the colophon; 120 members still fit by the rule', () => {
    const settings = createSettingsService(lib);
    const colophon = createLibraryService(lib).getColophon({ issueId });
    const surnames = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡'];
    const given = [...'旭明华强伟芳军丽敏静'];
    const members = (n: number) => Array.from({ length: n }, (_, k) => `${surnames[k % surnames.length]}${given[Math.floor(k / surnames.length) % given.length]}${given[(k * 3) % given.length]}`);
    const withBoard = (n: number): Colophon =>
      settings.updateColophon({
        issueId,
        colophon: { ...colophon, editorialBoard: { ...colophon.editorialBoard, members: members(n) } },
        base: { ...createLibraryService(lib).getColophon({ issueId }) },
      }) as Colophon;

    withBoard(120);
    expect(oversetErrors()).toEqual([]);
    withBoard(200); // the most the colophon schema takes
    const errors = oversetErrors();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ target: { page: 'colophon' }, params: { frame: 'colophon:board', part: 'board' } });
    expect(createI18n('zh-CN').t('app:preflight.overset_frame', { ...errors[0]!.params })).toContain('编委名单排不下');
    expect(createI18n('en').t('app:preflight.overset_frame', { ...errors[0]!.params })).toContain('The board list does not fit');
  });

  it('warns that the board is not in stroke order with the suggested order, unless the office marked its order', () => {
    const layout = getIssueLayout(lib, issueId);
    const members = createLibraryService(lib).getColophon({ issueId }).editorialBoard.members;
    expect(layout.boardOrder).toEqual(members);
    const warning = preflight(lib, issueId, 'print', layout, null).warnings.find((w) => w.code === 'board_order');
    expect(warning).toBeDefined();
    expect(warning!.params.suggested).toBe(sortByStrokes(members).join('、'));
    expect(warning!.target).toMatchObject({ page: 'colophon' });
    expect(createI18n('zh-CN').t('app:preflight.board_order', { ...warning!.params })).toContain('未按姓名笔画排列');

    const settings = createSettingsService(lib);
    const colophon = createLibraryService(lib).getColophon({ issueId });
    settings.updateColophon({ issueId, colophon: { ...colophon }, manualBoardOrder: true, base: { ...colophon } });
    const marked = preflight(lib, issueId, 'print', getIssueLayout(lib, issueId), null);
    expect(marked.warnings.map((w) => w.code)).not.toContain('board_order');
    expect(getIssueLayout(lib, issueId).boardOrder).toEqual(members);
  });
});
