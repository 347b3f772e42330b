// Long Latin runs (issue 10): URLs, paths, e-mail addresses and package names in Chinese prose, set with
// the bundled Noto faces at several measures by both breakers. Nothing may run past the measure; a run
// breaks only where the URL convention allows (after '/', before '.', after - _ ? & = #, before '@'),
// never inside '://' and never with an added hyphen; a word wider than the measure breaks between two
// characters as a last resort and says so; keep-together units stay whole unless they cannot fit.
import { beforeAll, describe, expect, it } from 'vitest';
import type { FontFace } from '../../src/engine/fonts/font-face';
import { composeParagraph, type ComposedParagraph, type ParagraphSettings } from '../../src/engine/paragraph/compose';
import { lineGlyphs } from './line-glyphs';
import type { LineBreaking } from '../../src/engine/paragraph/break';
import { keepSpans, nameMatcher } from '../../src/engine/paragraph/keep';
import { appendReport, emptyReport } from '../../src/engine/report';
import { summarizeReport } from '../../src/node/services/issue-layout';
import { runChecks } from '../../src/node/preflight/checks';
import { gatherPreflightInput } from '../../src/node/preflight/run-preflight';
import { createLibraryService } from '../../src/node/services/library-service';
import { openSampleLibrary, removeTempDirs } from '../node/helpers';
import { createI18n } from '../../src/shared/i18n';
import { DEFAULT_STYLES, paragraphSettings } from '../../src/engine/styles/styles';
import { loadFontRegistry } from '../../src/node/fonts/default-fonts';

const URL = 'https://hosted.weblate.org/projects/debian-reference/translations/zh_Hans/';
const PATH = '/usr/share/doc/base-passwd/users-and-groups.html';
const MAIL = 'debian-l10n-chinese@lists.debian.org';
const PARAGRAPHS = [
  `欢迎大家继续通过weblate参加翻译：${URL}，翻译完成后由维护者统一合并到软件包中。`,
  `由系统提供的用户和组的权威信息请参阅“${PATH}”，其中列出了每一个账号的用途和它能访问的文件。`,
  `如有疑问，请写信到邮件列表${MAIL}，或者在https://www.debian.org/doc/manuals/debian-reference/index.zh-cn.html上阅读本手册的最新版本。`,
  `软件包debian-reference-zh-cn安装在“/usr/share/debian-reference/debian-reference.zh-cn.pdf”，错误报告请提交到http://bugs.debian.org/package_name。`,
];
const RUNS = [URL, PATH, MAIL, 'https://www.debian.org/doc/manuals/debian-reference/index.zh-cn.html', 'debian-reference-zh-cn', '/usr/share/debian-reference/debian-reference.zh-cn.pdf', 'http://bugs.debian.org/package_name'];
/** em: body measures from a narrow three-column page to a wide single column. */
const MEASURES = [9, 11.5, 14, 17, 23, 30];
const MODES: readonly LineBreaking[] = ['greedy', 'optimum'];

/** Whether the convention allows a break between a and b inside a URL or path (no hyphen is added). */
function allowedUrlBreak(a: string, b: string): boolean {
  if (a === '/' && b !== '/') return true;
  if (b === '.' || b === '@') return true;
  return '-_?&=#'.includes(a);
}

/** Break offsets of a composed paragraph (the start of every line after the first). */
const breaksOf = (p: ComposedParagraph): number[] => p.lines.slice(1).map((l) => l.charStart);

/** Right edge of a line's ink boxes, em (a line-end mark keeps its left half, as overlongLines measures). */
function rightEdge(p: ComposedParagraph, face: FontFace, k: number): number {
  let r = 0;
  for (const g of lineGlyphs(p.lines[k]!)) r = Math.max(r, g.x + (g.advance / face.unitsPerEm) * ('。，、；：”）》'.includes(g.text) ? 0.5 : 1));
  return r;
}

describe('long Latin runs in Chinese prose', () => {
  let face: FontFace;
  let settings: ParagraphSettings;
  const set: { text: string; measure: number; mode: LineBreaking; p: ComposedParagraph }[] = [];
  beforeAll(() => {
    const { registry } = loadFontRegistry();
    face = registry.resolve(DEFAULT_STYLES.body.font.role, DEFAULT_STYLES.body.font.weight);
    settings = paragraphSettings(DEFAULT_STYLES.body);
    for (const text of PARAGRAPHS) for (const measure of MEASURES) for (const mode of MODES) set.push({ text, measure, mode, p: composeParagraph(text, face, settings, measure, [], undefined, mode) });
  });

  it('sets no line wider than the measure, by either breaker, at any measure', () => {
    for (const c of set) {
      c.p.lines.forEach((l, k) => {
        const where = `${c.mode} ${c.measure} em: ${l.text}`;
        expect(l.overfull, where).toBe(false);
        expect(l.width, where).toBeLessThanOrEqual(c.measure + 1e-6);
        expect(rightEdge(c.p, face, k), where).toBeLessThanOrEqual(c.measure + 1e-6);
      });
    }
  });

  it('sets every character once, in order: no hyphen or other mark is added at a break', () => {
    for (const c of set) {
      expect(c.p.lines.map((l) => l.text).join('').replace(/ /gu, ''), `${c.mode} ${c.measure}`).toBe(c.text.replace(/ /gu, ''));
      for (let k = 1; k < c.p.lines.length; k++) expect(c.p.lines[k]!.charStart).toBe(c.p.lines[k - 1]!.charEnd);
    }
  });

  it('breaks inside a URL, path or address only where the convention allows, and never inside ://', () => {
    let inside = 0;
    for (const c of set) {
      for (const q of breaksOf(c.p)) {
        for (const run of RUNS) {
          for (let at = c.text.indexOf(run); at >= 0; at = c.text.indexOf(run, at + 1)) {
            if (q <= at || q >= at + run.length) continue;
            inside++;
            const where = `${c.mode} ${c.measure} em: ${c.text.slice(at, q)}|${c.text.slice(q, at + run.length)}`;
            expect(allowedUrlBreak(c.text[q - 1]!, c.text[q]!), where).toBe(true);
            expect(c.text.slice(q - 2, q + 2).includes('://') && !c.text.slice(q, q + 3).startsWith('://'), where).toBe(false);
            expect(c.p.lines.find((l) => l.charEnd === q)!.brokenWord, where).toBe(false);
          }
        }
      }
    }
    // The runs are long enough that the narrow measures cannot do without breaking inside them.
    expect(inside).toBeGreaterThan(MEASURES.length);
  });

  it('breaks a run only when it must: wide enough for a run, a paragraph keeps it whole', () => {
    const short = '请参阅“/usr/share/doc/sudo/examples/sudoers”中的示例。';
    for (const mode of MODES) {
      const p = composeParagraph(short, face, settings, 40, [], undefined, mode);
      expect(p.lines.length, mode).toBe(1);
    }
  });

  it('no longer spreads the line before a long path to many times the allowed stretch', () => {
    // The text of the issue's worst case: a line holding just “和 before an unbreakable path (×94.5 the
    // allowed stretch). A line holding nothing but a path has no gap to justify into and counts as loose
    // (the optimum has no more of them than greedy); nothing is stretched to many times the allowed.
    const text = `用户和组的权威信息请参阅“/usr/share/doc/base-passwd/users-and-groups.txt.gz”和“${PATH}”。`;
    for (const measure of [14, 17, 23]) {
      const looseBy: Record<string, number> = {};
      for (const mode of MODES) {
        const p = composeParagraph(text, face, settings, measure, [], undefined, mode);
        looseBy[mode] = p.lines.filter((l) => l.loose).length;
        const where = `${mode} ${measure} em: ${p.lines.map((l) => l.text).join(' | ')}`;
        expect(Math.max(...p.lines.map((l) => l.stretchRatio)), where).toBeLessThan(15);
      }
      expect(looseBy.optimum, `${measure} em`).toBeLessThanOrEqual(looseBy.greedy!);
    }
  });

  it('sets a run that is not broken exactly as it is shaped whole (the pieces keep their glyph positions)', () => {
    const text = `网址是${URL}。`;
    const p = composeParagraph(text, face, { ...settings, align: 'start', firstLineIndent: 0 }, 80);
    expect(p.lines).toHaveLength(1);
    // The part of the URL that atoms.ts shapes as one Latin run (a '/' standing alone is a box of its own).
    const inner = URL.slice(URL.indexOf('://') + 3, -1);
    const line = p.lines[0]!;
    const joined = lineGlyphs(line).map((g) => g.text);
    let first = 0;
    for (let chars = 0; chars < line.text.indexOf(inner); first++) chars += joined[first]!.length;
    const set = lineGlyphs(line).slice(first, first + face.shape(inner).length);
    expect(set.map((g) => g.text).join('')).toBe(inner);
    let x = set[0]!.x;
    face.shape(inner).forEach((g, k) => {
      expect(set[k]!.x - x, `${k} ${g.text}`).toBeCloseTo(0, 9);
      x += g.advance / face.unitsPerEm;
    });
  });

  it('has the optimum leave no more loose lines than greedy over the set', () => {
    const loose = (mode: LineBreaking) => set.filter((c) => c.mode === mode).reduce((n, c) => n + c.p.lines.filter((l) => l.loose).length, 0);
    console.info(`long Latin runs: loose lines on ${set.length / 2} settings: greedy ${loose('greedy')}, optimum ${loose('optimum')}`);
    expect(loose('optimum')).toBeLessThanOrEqual(loose('greedy'));
  });

  it('breaks a word wider than the measure between two characters as a last resort, and marks the line', () => {
    const word = 'Pneumonoultramicroscopicsilicovolcanoconiosis';
    const text = `英语里最长的单词${word}共四十五个字母。`;
    for (const mode of MODES) {
      const p = composeParagraph(text, face, settings, 8, [], undefined, mode);
      p.lines.forEach((l, k) => {
        expect(l.overfull, l.text).toBe(false);
        expect(rightEdge(p, face, k), l.text).toBeLessThanOrEqual(8 + 1e-6);
      });
      expect(p.lines.map((l) => l.text).join('')).toBe(text);
      const inWord = p.lines.filter((l) => !l.last && l.charEnd > text.indexOf(word) && l.charEnd < text.indexOf(word) + word.length);
      expect(inWord.length, mode).toBeGreaterThan(0);
      expect(inWord.every((l) => l.brokenWord && !/-$/u.test(l.text)), mode).toBe(true);
      // Only the word breaks so: every other line ends at an ordinary break.
      expect(p.lines.filter((l) => l.brokenWord).length, mode).toBe(inWord.length);
    }
  });

  it('keeps a name or number with its unit whole next to a URL, and breaks one only when it is wider than the measure', () => {
    const names = nameMatcher(['欧阳明远']);
    const text = `欧阳明远在2026年3月15日把https://snapshot.debian.org/archive/debian/20260315T000000Z/的地址发给了大家。`;
    for (const mode of MODES) {
      for (const measure of [9, 11.5, 14]) {
        const spans = keepSpans(text, { names }, true);
        const p = composeParagraph(text, face, settings, measure, [], spans, mode);
        for (const q of breaksOf(p)) for (let s = 0; s < spans.length; s += 2) expect(q > spans[s]! && q < spans[s + 1]!, `${mode} ${measure}: ${text.slice(spans[s]!, spans[s + 1]!)}`).toBe(false);
        expect(p.lines.some((l) => l.overfull)).toBe(false);
      }
      // 不断行 over eight characters in a measure of five: broken as a last resort, and the lines say so.
      const marked = '会议审议通过了北京市人民代表大会常务委员会工作报告。';
      const span = [marked.indexOf('北京'), marked.indexOf('工作报告')];
      const p = composeParagraph(marked, face, { ...settings, firstLineIndent: 0 }, 5, [], span, mode);
      expect(p.lines.some((l) => l.overfull)).toBe(false);
      expect(p.lines.filter((l) => l.brokenWord).length, mode).toBeGreaterThan(0);
      for (const l of p.lines.filter((x) => x.brokenWord)) expect(l.charEnd > span[0]! && l.charEnd < span[1]!, l.text).toBe(true);
    }
  });
});

describe('overfull lines in the report and preflight', () => {
  it('are reported, merged and counted, and preflight makes each an error with its page and text, in both languages (a broken word a warning)', () => {
    const { registry } = loadFontRegistry();
    const face = registry.resolve(DEFAULT_STYLES.body.font.role, DEFAULT_STYLES.body.font.weight);
    // Narrower than one ideograph: nothing can make a line fit.
    const p = composeParagraph('路径', face, { ...paragraphSettings(DEFAULT_STYLES.body), firstLineIndent: 0 }, 0.8);
    expect(p.lines.length).toBe(2);
    expect(p.lines.every((l) => l.overfull)).toBe(true);

    const part = emptyReport();
    part.overfullLines.push({ owner: 7, blockIndex: 2, page: 1, text: '“/usr/share/doc/base-passwd/users-and-groups.html”' });
    part.brokenWords.push({ owner: 7, blockIndex: 4, page: 2, text: '英语里最长的单词Pneumono' });
    const issue = emptyReport();
    appendReport(issue, part, 10);
    expect(issue.overfullLines).toEqual([{ owner: 7, blockIndex: 2, page: 11, text: part.overfullLines[0]!.text }]);
    expect(issue.brokenWords.map((l) => l.page)).toEqual([12]);
    expect(summarizeReport(issue, null)).toMatchObject({ overfullLines: 1, brokenWords: 1 });

    const lib = openSampleLibrary();
    try {
      const issueId = createLibraryService(lib).listIssues({})[0]!.id;
      const input = gatherPreflightInput(lib, issueId, 'print', null, null);
      const article = input.articles[0]!;
      issue.overfullLines[0]!.owner = article.id;
      issue.brokenWords[0]!.owner = article.id;
      const pageLabels = Array.from({ length: 20 }, (_, k) => String(k + 1).padStart(2, '0'));
      const result = runChecks({ ...input, layout: { report: issue, pageLabels, starts: [], contentsFolios: new Map(), photoFrames: new Map(), missingFonts: [] } });
      const errors = result.errors.filter((e) => e.code === 'overfull_line');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.params).toMatchObject({ title: article.title, page: '12' });
      expect(errors[0]!.target).toMatchObject({ articleId: article.id, page: '12' });
      expect(createI18n('zh-CN').t('app:preflight.overfull_line', { ...errors[0]!.params })).toContain('第 12 页有一行超出栏宽');
      expect(createI18n('en').t('app:preflight.overfull_line', { ...errors[0]!.params })).toContain('page 12: a line runs past its column edge');
      // A word broken inside is a warning (it prints, in the column), with its page.
      const broken = result.warnings.filter((w) => w.code === 'broken_word');
      expect(broken.map((w) => w.params.page)).toEqual(['13']);
      expect(createI18n('zh-CN').t('app:preflight.broken_word', { ...broken[0]!.params })).toContain('第 13 页有一个词比栏宽还长');
      expect(result.errors.filter((e) => e.code === 'broken_word')).toEqual([]);
      // Without overfull lines there is no such error.
      const clean = runChecks({ ...input, layout: { report: emptyReport(), pageLabels, starts: [], contentsFolios: new Map(), photoFrames: new Map(), missingFonts: [] } });
      expect(clean.errors.filter((e) => e.code === 'overfull_line')).toEqual([]);
    } finally {
      lib.close();
      removeTempDirs();
    }
  });
});
