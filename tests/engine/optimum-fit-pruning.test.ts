// The optimum-fit breaker first leaves out the loose candidate lines and keeps that breaking only
// when it costs less than one loose line (optimum-fit.ts, Search). That must give exactly the
// breaking the search over every candidate gives: checked on every paragraph of both test issues
// at the measures the issue uses (some of them need a loose line or a 孤字 decision, so both
// paths are taken: the test fails if the fallback is left out).
import { beforeAll, describe, expect, it } from 'vitest';
import type { FontFace } from '../../src/engine/fonts/font-face';
import { buildAtoms } from '../../src/engine/paragraph/atoms';
import { keepSpans, nameMatcher } from '../../src/engine/paragraph/keep';
import { prepareForBreaking } from '../../src/engine/paragraph/long-latin';
import { breakLinesOptimum } from '../../src/engine/paragraph/optimum-fit';
import type { ParagraphSettings } from '../../src/engine/paragraph/compose';
import { DEFAULT_STYLES, paragraphSettings } from '../../src/engine/styles/styles';
import { loadFontRegistry } from '../../src/node/fonts/default-fonts';
import { blocksFromDoc } from '../../src/shared/article-doc';
import { loadSampleArticles } from '../../bench/sample-issue';
import { secondIssueJson } from '../support/second-issue';
import { MEASURES, NAMES, PARAGRAPHS } from './optimum-fit-paragraphs';

let face: FontFace;
let settings: ParagraphSettings;
const names = nameMatcher(NAMES);

function texts(): string[] {
  const out: string[] = [...PARAGRAPHS];
  for (const a of loadSampleArticles()) for (const b of blocksFromDoc(a.body)) if ('text' in b && b.text) out.push(b.text);
  const second = secondIssueJson() as { sections: { articles: { blocks: { text?: string }[] }[] }[] };
  for (const s of second.sections) for (const a of s.articles) for (const b of a.blocks) if (b.text) out.push(b.text);
  return out;
}

function breakings(text: string, measure: number) {
  const atoms = buildAtoms(text, face, { kinsoku: settings.kinsoku, tracking: settings.tracking });
  const p = prepareForBreaking(text, atoms, { ...settings, measure }, keepSpans(text, { names }, true));
  const o = { width: measure, firstLineIndent: settings.firstLineIndent, lastLineMinEm: settings.lastLineMinEm, hanging: settings.hanging };
  return { pruned: breakLinesOptimum(p, o, 'pruned'), exhaustive: breakLinesOptimum(p, o, 'exhaustive') };
}

beforeAll(() => {
  face = loadFontRegistry().registry.resolve(DEFAULT_STYLES.body.font.role, DEFAULT_STYLES.body.font.weight);
  settings = paragraphSettings(DEFAULT_STYLES.body);
});

describe('pruned optimum-fit search', () => {
  it('breaks every paragraph of both test issues exactly as the exhaustive search', () => {
    const all = texts();
    expect(all.length).toBeGreaterThan(800);
    let compared = 0;
    for (const measure of [...MEASURES, 10.5, 21]) {
      for (const text of all) {
        const { pruned, exhaustive } = breakings(text, measure);
        expect(pruned, `${measure} em: ${text.slice(0, 30)}`).toEqual(exhaustive);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3000);
  });
});
