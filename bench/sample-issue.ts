// The sample issue as engine input (used by the engine bench and the whole-issue test).
import fs from 'node:fs';
import path from 'node:path';
import { docFromBlocks, type DocBlock } from '../src/shared/article-doc';
import type { Credit } from '../src/shared/model';
import type { LayoutArticle } from '../src/engine/index';

interface SeedBlock {
  type: string;
  text: string;
  level?: 1 | 2;
  label?: string;
  credit?: Credit | null;
}
interface SeedArticle {
  id: string;
  titleLines: string[];
  subtitle?: string;
  byline?: string;
  authorInfo?: string;
  sectionLabel?: string;
  endMark: boolean;
  blocks: SeedBlock[];
}

export const SAMPLE_ISSUE_PATH = path.join(__dirname, '..', 'resources', 'sample-issue-2026-01.json');

function toDocBlock(b: SeedBlock): DocBlock {
  switch (b.type) {
    case 'heading':
      return { type: 'heading', level: b.level === 2 ? 2 : 1, text: b.text };
    case 'caption':
      return { type: 'caption', text: b.text, credit: b.credit ?? null };
    case 'banner':
      return { type: 'banner', text: b.label ?? b.text };
    case 'note':
      return { type: 'note', text: b.text };
    case 'quote':
      return { type: 'quote', text: b.text };
    default:
      return { type: 'paragraph', text: b.text };
  }
}

export function loadSampleArticles(file = SAMPLE_ISSUE_PATH): LayoutArticle[] {
  const seed = JSON.parse(fs.readFileSync(file, 'utf8')) as { sections: { articles: SeedArticle[] }[] };
  const out: LayoutArticle[] = [];
  let id = 1;
  for (const section of seed.sections)
    for (const a of section.articles)
      out.push({
        id: id++,
        titleLines: a.titleLines,
        subtitle: a.subtitle ?? null,
        byline: a.byline ?? null,
        authorInfo: a.authorInfo ?? null,
        sectionLabel: a.sectionLabel ?? null,
        body: docFromBlocks(a.blocks.map(toDocBlock)),
        endMark: a.endMark,
      });
  return out;
}
