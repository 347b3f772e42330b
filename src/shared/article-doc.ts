// An article body is stored as Lexical editor-state JSON (the editor's own format), so the editor
// opens it without conversion and proof marks (Lexical MarkNodes with ids) live inside it.
// This file is the one place that knows that JSON shape: it builds it from plain blocks (imports)
// and reads plain blocks back (engine, counts, search). The renderer registers node classes whose
// `type` names and fields match the ones below (src/renderer/editor/nodes).
// Pure: no Lexical runtime needed here.

import type { Credit } from './model';

/** A formatted span of a block's plain text: [start, end) in UTF-16 units, `format` the Lexical
 *  text-format bits (FORMAT_BOLD, FORMAT_ITALIC, …), `nobreak` when the editor marked the span
 *  不断行 (no line break inside it). Only formatted or marked spans are listed. */
export interface TextRun {
  start: number;
  end: number;
  format: number;
  nobreak?: true;
}

/** Lexical text-node format bits the typesetter honours. */
export const FORMAT_BOLD = 1;
export const FORMAT_ITALIC = 2;

/**
 * 不断行 (keep a word on one line) is the text node's inline style `white-space: nowrap`: Lexical
 * keeps a node's style through edits, merges and copy/paste, the editor shows it the same way
 * (the browser does not wrap inside it), and no text-format bit is taken from Lexical's range.
 */
export const NOBREAK_STYLE = 'white-space: nowrap';
const NOBREAK_STYLE_RE = /(?:^|;)\s*white-space\s*:\s*nowrap\s*(?:;|$)/iu;

/** Whether a text node's inline style marks it 不断行. */
export function isNobreakStyle(style: unknown): boolean {
  return typeof style === 'string' && style !== '' && NOBREAK_STYLE_RE.test(style);
}

export type DocBlock =
  | { type: 'paragraph'; text: string; runs?: TextRun[] }
  | { type: 'heading'; level: 1 | 2; text: string; runs?: TextRun[] }
  | { type: 'quote'; text: string; runs?: TextRun[] }
  /** A photo with its caption; `photoId` names the photo row it shows (imports made before photos
   *  had files leave it out: then the n-th caption of an article shows its n-th photo). */
  | { type: 'caption'; text: string; credit: Credit | null; originalPosition?: string; photoId?: number; span?: CaptionSpan }
  | { type: 'note'; text: string }
  /** A section banner, printed as "// label //"; `text` is the label. */
  | { type: 'banner'; text: string }
  /** A bulleted or numbered list (a Lexical ListNode). `text` is the items joined by "\n", so line
   *  sources, search and proof anchors count offsets in it as for any block; `runs` use those offsets.
   *  `start` is the first number of an ordered list. */
  | { type: 'list'; ordered: boolean; start?: number; items: string[]; text: string; runs?: TextRun[] };

export type DocBlockType = DocBlock['type'];

/** How wide a photo with its caption is placed: one column (the default) or the whole type area
 *  (通栏). Only 'page' is written on the qk-caption node, as `span`. */
export type CaptionSpan = 'column' | 'page';

/** Lexical node type names of the custom block nodes. */
export const NODE_TYPES = {
  caption: 'qk-caption',
  note: 'qk-note',
  banner: 'qk-banner',
} as const;

export interface SerializedText {
  type: 'text';
  text: string;
  format: number;
  detail: number;
  mode: 'normal' | 'token' | 'segmented';
  style: string;
  version: 1;
}
export interface SerializedLineBreak {
  type: 'linebreak';
  version: 1;
}
export interface SerializedElementBase {
  children: SerializedInline[];
  direction: 'ltr' | 'rtl' | null;
  format: string | number;
  indent: number;
  version: 1;
  [extra: string]: unknown;
}
export interface SerializedMark extends SerializedElementBase {
  type: 'mark';
  ids: string[];
}
export type SerializedInline = SerializedText | SerializedLineBreak | SerializedMark | (SerializedElementBase & { type: string });
export interface SerializedBlock extends SerializedElementBase {
  type: string;
}
export interface ArticleDoc {
  root: {
    type: 'root';
    children: SerializedBlock[];
    direction: 'ltr' | 'rtl' | null;
    format: string | number;
    indent: number;
    version: 1;
  };
}

const HEADING_TAG: Record<1 | 2, string> = { 1: 'h2', 2: 'h3' };

function inlinesOf(text: string): SerializedInline[] {
  const out: SerializedInline[] = [];
  text.split('\n').forEach((part, i) => {
    if (i > 0) out.push({ type: 'linebreak', version: 1 });
    if (part !== '') out.push({ type: 'text', text: part, format: 0, detail: 0, mode: 'normal', style: '', version: 1 });
  });
  return out;
}

function element(type: string, text: string, extra: Record<string, unknown> = {}): SerializedBlock {
  return { type, children: inlinesOf(text), direction: 'ltr', format: '', indent: 0, version: 1, ...extra };
}

export function blockToNode(block: DocBlock): SerializedBlock {
  switch (block.type) {
    case 'paragraph':
      return element('paragraph', block.text, { textFormat: 0, textStyle: '' });
    case 'heading':
      return element('heading', block.text, { tag: HEADING_TAG[block.level] });
    case 'quote':
      return element('quote', block.text);
    case 'caption':
      return element(NODE_TYPES.caption, block.text, {
        creditKind: block.credit?.kind ?? null,
        creditName: block.credit?.name ?? null,
        creditRaw: block.credit?.raw ?? null,
        creditScope: block.credit?.scope ?? null,
        originalPosition: block.originalPosition ?? null,
        ...(block.photoId ? { photoId: block.photoId } : {}),
        ...(block.span === 'page' ? { span: 'page' } : {}),
      });
    case 'note':
      return element(NODE_TYPES.note, block.text);
    case 'banner':
      return element(NODE_TYPES.banner, block.text);
    case 'list':
      return {
        type: 'list',
        listType: block.ordered ? 'number' : 'bullet',
        start: block.start ?? 1,
        tag: block.ordered ? 'ol' : 'ul',
        children: block.items.map((item, i) => element('listitem', item, { value: (block.start ?? 1) + i })) as SerializedInline[],
        direction: 'ltr',
        format: '',
        indent: 0,
        version: 1,
      };
  }
}

/** A list node's block: one item per top-level list item (a nested list reads as part of its item,
 *  as the editor's text walk counts it), items joined by "\n". */
function listBlock(node: SerializedBlock): DocBlock {
  const listItems = node.children as SerializedBlock[];
  const items = listItems.map((li) => inlineText(li.children));
  const runs: TextRun[] = [];
  let offset = 0;
  listItems.forEach((li, i) => {
    for (const r of inlineRuns(li.children)) runs.push({ ...r, start: r.start + offset, end: r.end + offset });
    offset += items[i]!.length + 1;
  });
  const ordered = node.listType === 'number';
  const start = ordered && typeof node.start === 'number' && Number.isInteger(node.start) && node.start >= 0 ? node.start : undefined;
  return {
    type: 'list',
    ordered,
    ...(start !== undefined && start !== 1 ? { start } : {}),
    items,
    text: items.join('\n'),
    ...(runs.length > 0 ? { runs } : {}),
  };
}

export function docFromBlocks(blocks: DocBlock[]): ArticleDoc {
  return {
    root: { type: 'root', children: blocks.map(blockToNode), direction: 'ltr', format: '', indent: 0, version: 1 },
  };
}

export function emptyDoc(): ArticleDoc {
  return docFromBlocks([{ type: 'paragraph', text: '' }]);
}

/** Plain text of an inline subtree; marks are transparent, line breaks become "\n". */
export function inlineText(nodes: readonly SerializedInline[] | undefined): string {
  if (!nodes) return '';
  let s = '';
  for (const n of nodes) {
    if (n.type === 'text') s += (n as SerializedText).text;
    else if (n.type === 'linebreak') s += '\n';
    else if (Array.isArray((n as SerializedElementBase).children)) s += inlineText((n as SerializedElementBase).children);
  }
  return s;
}

/** Formatted and 不断行 spans of an inline subtree, offsets as in inlineText; adjacent spans of the
 *  same format merge (a mark splitting a bold word is not a style change). */
export function inlineRuns(nodes: readonly SerializedInline[] | undefined): TextRun[] {
  const runs: TextRun[] = [];
  let offset = 0;
  const walk = (list: readonly SerializedInline[]): void => {
    for (const n of list) {
      if (n.type === 'text') {
        const t = n as SerializedText;
        const format = typeof t.format === 'number' ? t.format : 0;
        const nobreak = isNobreakStyle(t.style);
        const end = offset + t.text.length;
        if ((format !== 0 || nobreak) && end > offset) {
          const prev = runs[runs.length - 1];
          if (prev && prev.end === offset && prev.format === format && (prev.nobreak === true) === nobreak) prev.end = end;
          else runs.push(nobreak ? { start: offset, end, format, nobreak: true } : { start: offset, end, format });
        }
        offset = end;
      } else if (n.type === 'linebreak') offset += 1;
      else if (Array.isArray((n as SerializedElementBase).children)) walk((n as SerializedElementBase).children);
    }
  };
  if (nodes) walk(nodes);
  return runs;
}

function withRuns<B extends DocBlock>(block: B, nodes: readonly SerializedInline[] | undefined): B {
  const runs = inlineRuns(nodes);
  return runs.length > 0 ? ({ ...block, runs } as B) : block;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function nodeToBlock(node: SerializedBlock): DocBlock {
  const text = inlineText(node.children);
  switch (node.type) {
    case 'heading':
      return withRuns({ type: 'heading', level: node.tag === 'h3' || node.tag === 'h4' ? 2 : 1, text }, node.children);
    case 'quote':
      return withRuns({ type: 'quote', text }, node.children);
    case NODE_TYPES.caption: {
      const kind = str(node.creditKind);
      const name = str(node.creditName);
      const credit: Credit | null =
        kind && name
          ? {
              kind: kind as Credit['kind'],
              name,
              ...(str(node.creditRaw) ? { raw: str(node.creditRaw) } : {}),
              ...(str(node.creditScope) ? { scope: str(node.creditScope) } : {}),
            }
          : null;
      const originalPosition = str(node.originalPosition);
      const photoId = typeof node.photoId === 'number' && node.photoId > 0 ? node.photoId : undefined;
      const span: CaptionSpan | undefined = node.span === 'page' ? 'page' : undefined;
      return { type: 'caption', text, credit, ...(originalPosition ? { originalPosition } : {}), ...(photoId ? { photoId } : {}), ...(span ? { span } : {}) };
    }
    case NODE_TYPES.note:
      return { type: 'note', text };
    case NODE_TYPES.banner:
      return { type: 'banner', text };
    case 'list':
      return listBlock(node);
    default:
      return withRuns({ type: 'paragraph', text }, node.children);
  }
}

export function blocksFromDoc(doc: ArticleDoc): DocBlock[] {
  return doc.root.children.map(nodeToBlock);
}

/** The banner as printed. */
export function bannerPrinted(label: string): string {
  return `// ${label} //`;
}
