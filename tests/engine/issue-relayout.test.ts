// An issue engine that keeps what it drew (running heads, contents, colophon, covers, articles)
// must give, after any change, exactly what a fresh engine gives for the changed issue: the
// preview and the export depend on it. Each step changes one thing the kept drawings depend on.
import { beforeAll, describe, expect, it } from 'vitest';
import { IssueLayoutEngine, type IssueLayoutOptions } from '../../src/engine/issue/index';
import type { IssueLayoutInput } from '../../src/engine/issue/types';
import type { FontRegistry } from '../../src/engine/fonts/registry';
import { sampleIssueInput } from './issue-support';

let input: IssueLayoutInput;
let fonts: FontRegistry;

beforeAll(() => {
  ({ input, fonts } = sampleIssueInput());
});

type Step = { name: string; change: (i: IssueLayoutInput) => IssueLayoutInput; options?: IssueLayoutOptions };

/** A copy of the input with one article replaced by `edit` of it (the others stay the same objects). */
function withArticle(i: IssueLayoutInput, section: number, article: number, edit: (a: IssueLayoutInput['sections'][number]['articles'][number]) => void): IssueLayoutInput {
  const sections = i.sections.map((s, k) => (k === section ? { ...s, articles: [...s.articles] } : s));
  const copy = structuredClone(sections[section]!.articles[article]!);
  edit(copy);
  sections[section]!.articles[article] = copy;
  return { ...i, sections };
}

function firstParagraphText(a: IssueLayoutInput['sections'][number]['articles'][number]): { text: string } {
  const block = a.body.root.children.find((c) => c.type === 'paragraph' && c.children.length > 0)!;
  return block.children[0] as unknown as { text: string };
}

const steps: Step[] = [
  { name: 'the same issue again', change: (i) => i },
  { name: 'one character typed in an article', change: (i) => withArticle(i, 2, 0, (a) => (firstParagraphText(a).text = '新' + firstParagraphText(a).text)) },
  { name: 'a paragraph added, so the article runs longer', change: (i) => withArticle(i, 2, 0, (a) => a.body.root.children.push(...structuredClone(a.body.root.children.slice(0, 6)))) },
  { name: 'an article title changed (the contents change)', change: (i) => withArticle(i, 1, 0, (a) => (a.titleLines = ['改过的标题'])) },
  { name: 'a byline with a new name (the names kept together change)', change: (i) => withArticle(i, 3, 0, (a) => (a.byline = '文/欧阳明月')) },
  { name: 'the colophon edited', change: (i) => ({ ...i, colophon: { ...i.colophon, organisation: i.colophon.organisation.map((r, k) => (k === 0 ? { ...r, value: r.value + '（试）' } : r)) } }) },
  { name: 'the cover lines edited', change: (i) => ({ ...i, masthead: { ...i.masthead, coverLines: ['封面要目一', ...i.masthead.coverLines.slice(1)] } }) },
  { name: 'the issue number changed (every running head changes)', change: (i) => ({ ...i, issue: { ...i.issue, number: 2 } }) },
  { name: 'the design changed', change: (i) => i, options: { design: { ruleColor: { space: 'cmyk', c: 0, m: 1, y: 1, k: 0 } } } },
  { name: 'back to the default design', change: (i) => i },
];

describe('an issue laid out again after changes equals a fresh layout of the changed issue', () => {
  it('at every step', () => {
    const kept = new IssueLayoutEngine(fonts);
    let current = input;
    kept.layout(current);
    for (const step of steps) {
      current = step.change(current);
      const again = kept.layout(current, step.options);
      const fresh = new IssueLayoutEngine(fonts).layout(current, step.options);
      expect(again, step.name).toEqual(fresh);
    }
  });

  it('is not vacuous: a step that changes the pages changes the result', () => {
    const engine = new IssueLayoutEngine(fonts);
    const before = engine.layout(input);
    const after = engine.layout(steps[7]!.change(input));
    expect(after.document.pages.map((p) => p.items.length)).toEqual(before.document.pages.map((p) => p.items.length));
    expect(after.document).not.toEqual(before.document);
  });
});
