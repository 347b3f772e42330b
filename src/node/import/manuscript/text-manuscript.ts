// Plain text and Markdown manuscripts. Lines are gathered into paragraphs; a line break in the middle of
// a sentence (text copied out of a PDF keeps the PDF's line ends) is joined, and every join is listed so
// the editor can undo it before the manuscript is saved.
//
// A break is a paragraph end when the line before it ends a sentence (。！？…；：” and the like) or the
// line after it starts a new paragraph (indented, a list or heading marker, Markdown structure, or
// after a blank line). Every other break is a join.

import type { ManuscriptPreview } from '../../../shared/desk';
import { FORMAT_BOLD, FORMAT_ITALIC, normaliseRuns, plainText, trimRuns, type RichBlock, type Run } from './rich-blocks';
import { BYLINE, looksLikeTitle, splitHeader, SUBTITLE, type ManuscriptHeader } from './header';

export interface ParsedManuscript extends ManuscriptHeader {
  blocks: RichBlock[];
  joins: ManuscriptPreview['joins'];
}

/** Marks a join inside a paragraph's text until its offset is known (private use; stripped from input). */
const JOIN_MARK = '\ue000';
const SENTENCE_END = /[。！？!?…；;：:”’」』）)】》.]$/u;
const INDENTED = /^(\u3000|\t| {2,})/u;
const CHINESE_HEADING_1 = /^([一二三四五六七八九十百]+、|第[一二三四五六七八九十百\d]+[章节部分篇])/u;
const CHINESE_HEADING_2 = /^[（(][一二三四五六七八九十\d]+[）)]/u;
const LIST_MARKER = /^([-*+•●·]\s+|\d+[.)．、]\s*|[①-⑳])/u;
const MARKDOWN_HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/u;
const MARKDOWN_QUOTE = /^>\s?(.*)$/u;
const MARKDOWN_BULLET = /^\s*[-*+]\s+(.*)$/u;
const MARKDOWN_ORDERED = /^\s*(\d+)[.)]\s+(.*)$/u;
const MAX_HEADING_CHARS = 40;
const CONTEXT_CHARS = 12;

type Kind = 'paragraph' | 'quote' | 'item';
interface OpenParagraph {
  kind: Kind;
  text: string;
  lastLine: string;
}
type Pending = { type: 'heading'; level: 1 | 2; text: string; markdownLevel: number } | { type: Kind; text: string };

function isLatinEdge(a: string, b: string): boolean {
  return /[A-Za-z0-9,]$/u.test(a) && /^[A-Za-z0-9]/u.test(b);
}

/** Bold and italic in Markdown's asterisk forms; unmatched markers stay as typed. */
export function parseInline(text: string, format = 0): Run[] {
  const out: Run[] = [];
  const pattern = /\*\*(.+?)\*\*|__(.+?)__|\*(.+?)\*/gu;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    out.push({ text: text.slice(last, m.index), format });
    if (m[1] !== undefined || m[2] !== undefined) out.push(...parseInline((m[1] ?? m[2])!, format | FORMAT_BOLD));
    else out.push(...parseInline(m[3]!, format | FORMAT_ITALIC));
    last = m.index! + m[0].length;
  }
  out.push({ text: text.slice(last), format });
  return normaliseRuns(out);
}

export function parseTextManuscript(raw: string, opts: { markdown: boolean; fileStem: string; rejectedJoins?: ReadonlySet<number> }): ParsedManuscript {
  const { markdown } = opts;
  const text = raw.replaceAll(JOIN_MARK, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n').map((l) => l.replace(/[ \t]+$/u, ''));
  const pending: Pending[] = [];
  let open = null as OpenParagraph | null;
  let joinCount = 0;
  let firstLine: string | null = null;

  const close = () => {
    if (open) pending.push({ type: open.kind, text: open.text });
    open = null;
  };

  for (const line of lines) {
    if (line.trim() === '') {
      close();
      continue;
    }
    const heading = markdown ? MARKDOWN_HEADING.exec(line) : null;
    if (heading) {
      close();
      const depth = heading[1]!.length;
      pending.push({ type: 'heading', level: depth <= 2 ? 1 : 2, text: heading[2]!, markdownLevel: depth });
      continue;
    }
    const trimmed = line.replace(/^[\s\u3000]+/u, '');
    const quote = markdown ? MARKDOWN_QUOTE.exec(line) : null;
    let kind: Kind = 'paragraph';
    let content = trimmed;
    let startsNew = INDENTED.test(line) || LIST_MARKER.test(trimmed) || BYLINE.test(trimmed) || SUBTITLE.test(trimmed);
    if (quote) {
      kind = 'quote';
      content = quote[1]!.replace(/^[\s\u3000]+/u, '');
      startsNew = open?.kind !== 'quote' || content === '' || INDENTED.test(quote[1]!);
      if (content === '') {
        close();
        continue;
      }
    } else if (markdown && (MARKDOWN_BULLET.test(line) || MARKDOWN_ORDERED.test(line))) {
      kind = 'item';
      const bullet = MARKDOWN_BULLET.exec(line);
      const ordered = MARKDOWN_ORDERED.exec(line);
      content = bullet ? `● ${bullet[1]!}` : `${ordered![1]!}. ${ordered![2]!}`;
      startsNew = true;
    } else if (!markdown && trimmed.length <= MAX_HEADING_CHARS && !SENTENCE_END.test(trimmed) && (CHINESE_HEADING_1.test(trimmed) || CHINESE_HEADING_2.test(trimmed))) {
      // 一、… and （一）… on a line of their own are the two heading levels of Chinese manuscripts.
      close();
      pending.push({ type: 'heading', level: CHINESE_HEADING_1.test(trimmed) ? 1 : 2, text: trimmed, markdownLevel: 0 });
      continue;
    }
    const current: OpenParagraph | null = open;
    // The file's first line, short and unpunctuated, is its title: nothing is joined onto it.
    const isTitleLine = current !== null && pending.length === 0 && current.text === firstLine && looksLikeTitle(current.text);
    if (current && !isTitleLine && !startsNew && !SENTENCE_END.test(current.lastLine) && (current.kind === kind || (current.kind === 'item' && kind === 'paragraph'))) {
      const index = joinCount++;
      if (!opts.rejectedJoins?.has(index)) {
        current.text += (isLatinEdge(current.lastLine, content) ? ' ' : '') + JOIN_MARK + content;
        current.lastLine = content;
        continue;
      }
    }
    close();
    if (firstLine === null) firstLine = content;
    open = { kind, text: content, lastLine: content };
  }
  close();

  const header = splitHeader(
    pending.map((p) => ({ text: p.text, isTitleHeading: p.type === 'heading' && p.markdownLevel === 1, isHeading: p.type === 'heading' })),
    { fileStem: opts.fileStem, plainTextTitle: !markdown },
  );
  const blocks: RichBlock[] = [];
  const joins: ParsedManuscript['joins'] = [];
  for (const p of pending.slice(header.consumed)) {
    const runs = markdown ? parseInline(p.text) : [{ text: p.text, format: 0 }];
    const located = locateJoins(runs);
    const blockIndex = blocks.length;
    for (const offset of located.offsets) {
      const plain = plainText(located.runs);
      joins.push({ blockIndex, offset, before: plain.slice(Math.max(0, offset - CONTEXT_CHARS), offset), after: plain.slice(offset, offset + CONTEXT_CHARS) });
    }
    const cleanRuns = trimRuns(located.runs);
    if (cleanRuns.length === 0) continue;
    if (p.type === 'heading') blocks.push({ type: 'heading', level: p.level, runs: cleanRuns });
    else blocks.push({ type: p.type === 'quote' ? 'quote' : 'paragraph', runs: cleanRuns });
  }
  return { titleLines: header.titleLines, subtitle: header.subtitle, byline: header.byline, blocks, joins };
}

/** Removes the join marks from the runs and returns where they were in the plain text. */
function locateJoins(runs: Run[]): { runs: Run[]; offsets: number[] } {
  const offsets: number[] = [];
  let position = 0;
  const out = runs.map((run) => {
    let cleaned = '';
    for (const ch of run.text) {
      if (ch === JOIN_MARK) offsets.push(position);
      else {
        cleaned += ch;
        position += ch.length;
      }
    }
    return { text: cleaned, format: run.format };
  });
  // Leading whitespace is trimmed from the block later; offsets count from the trimmed text.
  const lead = /^[\s\u3000]*/u.exec(plainText(out))![0].length;
  return { runs: out, offsets: offsets.map((o) => o - lead) };
}
