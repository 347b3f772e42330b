// What an importer produces: blocks whose text keeps bold and italic runs. They become the article's
// Lexical body (text nodes with the editor's format bits) and, flattened, the preview's DocBlocks.

import { blockToNode, type ArticleDoc, type DocBlock, type SerializedBlock, type SerializedInline } from '../../../shared/article-doc';

/** Lexical's text format bits. */
export const FORMAT_BOLD = 1;
export const FORMAT_ITALIC = 2;

export interface Run {
  text: string;
  format: number;
}

export type RichBlock =
  | { type: 'paragraph' | 'quote' | 'note'; runs: Run[] }
  | { type: 'heading'; level: 1 | 2; runs: Run[] }
  /** An embedded image: `image` indexes the manuscript's images; the caption comes from its alt text. */
  | { type: 'image'; image: number; caption: string };

export function plainText(runs: readonly Run[]): string {
  return runs.map((r) => r.text).join('');
}

/** Merges neighbours of the same format and drops empty runs. */
export function normaliseRuns(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    if (r.text === '') continue;
    const last = out[out.length - 1];
    if (last && last.format === r.format) last.text += r.text;
    else out.push({ text: r.text, format: r.format });
  }
  return out;
}

export function trimRuns(runs: readonly Run[]): Run[] {
  const out = normaliseRuns(runs);
  while (out.length && out[0]!.text.trim() === '') out.shift();
  while (out.length && out[out.length - 1]!.text.trim() === '') out.pop();
  if (out.length) {
    out[0] = { ...out[0]!, text: out[0]!.text.replace(/^[\s\u3000]+/, '') };
    const last = out.length - 1;
    out[last] = { ...out[last]!, text: out[last]!.text.replace(/[\s\u3000]+$/, '') };
  }
  return out;
}

function inlineNodes(runs: readonly Run[]): SerializedInline[] {
  const out: SerializedInline[] = [];
  for (const run of normaliseRuns(runs)) {
    run.text.split('\n').forEach((part, i) => {
      if (i > 0) out.push({ type: 'linebreak', version: 1 });
      if (part !== '') out.push({ type: 'text', text: part, format: run.format, detail: 0, mode: 'normal', style: '', version: 1 });
    });
  }
  return out;
}

/** The preview's block: photo blocks are captions without a credit (the editor adds it). */
export function toDocBlock(block: RichBlock, photoIds: readonly (number | undefined)[] = []): DocBlock {
  if (block.type === 'image') {
    const photoId = photoIds[block.image];
    return { type: 'caption', text: block.caption, credit: null, ...(photoId ? { photoId } : {}) };
  }
  if (block.type === 'heading') return { type: 'heading', level: block.level, text: plainText(block.runs) };
  return { type: block.type, text: plainText(block.runs) };
}

/** The article body: the shared builder's node shapes, with formatted text runs where the manuscript had them. */
export function toArticleDoc(blocks: readonly RichBlock[], photoIds: readonly (number | undefined)[] = []): ArticleDoc {
  const children: SerializedBlock[] = blocks.map((block) => {
    const node = blockToNode(toDocBlock(block, photoIds));
    return block.type === 'image' ? node : { ...node, children: inlineNodes(block.runs) };
  });
  if (children.length === 0) children.push(blockToNode({ type: 'paragraph', text: '' }));
  return { root: { type: 'root', children, direction: 'ltr', format: '', indent: 0, version: 1 } };
}
