// Word manuscripts. The zip is checked first (zip-guard), then mammoth turns the document into HTML
// with a style map for the styles Chinese and English Word use for titles, headings and quotes; the
// HTML is walked into blocks: headings, paragraphs with bold and italic runs, list items with their
// markers, footnotes and endnotes as numbered note blocks at the end, and embedded images as photo blocks.

import { convertDocxInWorker, DocxConversionError } from './docx-convert';
import type { ManuscriptPreview } from '../../../shared/desk';
import { splitHeader } from './header';
import { tokenizeHtml } from './html-tokens';
import { refuseManuscript } from './refusal';
import { FORMAT_BOLD, FORMAT_ITALIC, plainText, trimRuns, type RichBlock, type Run } from './rich-blocks';
import type { ParsedManuscript } from './text-manuscript';
import { checkZip } from './zip-guard';

export interface EmbeddedImage {
  name: string;
  contentType: string;
  bytes: Buffer;
}

export interface ParsedDocx extends ParsedManuscript {
  images: EmbeddedImage[];
  warnings: ManuscriptPreview['warnings'];
}

const STYLE_MAP = [
  "p[style-name='Title'] => h1.qk-title:fresh",
  "p[style-name='标题'] => h1.qk-title:fresh",
  "p[style-name='Subtitle'] => p.qk-subtitle:fresh",
  "p[style-name='副标题'] => p.qk-subtitle:fresh",
  "p[style-name='标题 1'] => h1:fresh",
  "p[style-name='标题 2'] => h2:fresh",
  "p[style-name='标题 3'] => h3:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='引用'] => blockquote > p:fresh",
  "p[style-name='明显引用'] => blockquote > p:fresh",
];

const EXTENSION_OF_TYPE: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/tiff': 'tif', 'image/gif': 'gif', 'image/bmp': 'bmp' };

interface WalkBlock {
  kind: 'paragraph' | 'quote' | 'note' | 'heading' | 'title' | 'subtitle';
  level: number;
  runs: Run[];
}
type Walked = WalkBlock | { kind: 'image'; image: number; alt: string };

/** Walks mammoth's HTML into blocks in reading order; footnotes come back separately, in number order. */
function walkHtml(html: string): { body: Walked[]; notes: Run[][]; tables: number } {
  const body: Walked[] = [];
  const notes: Run[][] = [];
  let tables = 0;
  let current = null as WalkBlock | null;
  let bold = 0;
  let italic = 0;
  let quoteDepth = 0;
  let skipDepth = 0; // inside a footnote's back link (↑)
  let noteRuns: Run[] | null = null;
  const lists: { ordered: boolean; counter: number }[] = [];

  const flush = () => {
    if (current && noteRuns) {
      if (noteRuns.length && current.runs.length) noteRuns.push({ text: '\n', format: 0 });
      noteRuns.push(...current.runs);
    } else if (current) body.push(current);
    current = null;
  };
  const start = (kind: WalkBlock['kind'], level = 0, prefix = '') => {
    flush();
    current = { kind, level, runs: prefix ? [{ text: prefix, format: 0 }] : [] };
  };
  const format = () => (bold > 0 ? FORMAT_BOLD : 0) | (italic > 0 ? FORMAT_ITALIC : 0);

  for (const token of tokenizeHtml(html)) {
    if (token.kind === 'text') {
      if (skipDepth > 0) continue;
      if (!current) {
        if (token.text.trim() === '') continue;
        start(quoteDepth > 0 ? 'quote' : 'paragraph');
      }
      current!.runs.push({ text: token.text, format: format() });
      continue;
    }
    const { tag } = token;
    if (token.kind === 'open') {
      const cls = token.attrs.class ?? '';
      if (/^h[1-6]$/u.test(tag)) start(cls.includes('qk-title') ? 'title' : 'heading', Number(tag[1]));
      else if (tag === 'p') {
        if (noteRuns) start('note');
        else if (lists.length && current) {
          // A second paragraph inside a list item continues it on a new line.
          current.runs.push({ text: '\n', format: 0 });
        } else start(cls.includes('qk-subtitle') ? 'subtitle' : quoteDepth > 0 ? 'quote' : 'paragraph');
      } else if (tag === 'strong' || tag === 'b') bold++;
      else if (tag === 'em' || tag === 'i') italic++;
      else if (tag === 'blockquote') quoteDepth++;
      else if (tag === 'ul' || tag === 'ol') {
        flush();
        lists.push({ ordered: tag === 'ol', counter: 0 });
      } else if (tag === 'li') {
        const id = token.attrs.id ?? '';
        if (/^(footnote|endnote)-/u.test(id)) {
          flush();
          noteRuns = [];
        } else {
          const list = lists[lists.length - 1];
          const depth = Math.max(0, lists.length - 1);
          const marker = list?.ordered ? `${++list.counter}. ` : '● ';
          start('paragraph', 0, '\u3000'.repeat(depth) + marker);
        }
      } else if (tag === 'a' && /^#(footnote|endnote)-ref-/u.test(token.attrs.href ?? '')) {
        if (!token.selfClosing) skipDepth++;
      } else if (tag === 'a' && skipDepth > 0 && !token.selfClosing) skipDepth++;
      else if (tag === 'br') {
        if (current) current.runs.push({ text: '\n', format: 0 });
      } else if (tag === 'img') {
        const m = /^qk-image:(\d+)$/u.exec(token.attrs.src ?? '');
        if (m) {
          // An image ends the paragraph it sits in: photo blocks stand on their own.
          const open: WalkBlock | null = current;
          flush();
          body.push({ kind: 'image', image: Number(m[1]), alt: (token.attrs.alt ?? '').trim() });
          if (open && !noteRuns) current = { kind: open.kind, level: open.level, runs: [] };
        }
      } else if (tag === 'table') tables++;
      else if (tag === 'td' || tag === 'th') flush();
      continue;
    }
    // Closing tags.
    if (/^h[1-6]$/u.test(tag) || tag === 'p' || tag === 'td' || tag === 'th') {
      if (!(tag === 'p' && lists.length && !noteRuns)) flush();
    } else if (tag === 'strong' || tag === 'b') bold = Math.max(0, bold - 1);
    else if (tag === 'em' || tag === 'i') italic = Math.max(0, italic - 1);
    else if (tag === 'blockquote') quoteDepth = Math.max(0, quoteDepth - 1);
    else if (tag === 'a' && skipDepth > 0) skipDepth--;
    else if (tag === 'li') {
      flush();
      if (noteRuns) {
        notes.push(noteRuns);
        noteRuns = null;
      }
    } else if (tag === 'ul' || tag === 'ol') {
      flush();
      lists.pop();
    }
  }
  flush();
  return { body, notes, tables };
}

function headingLevel(htmlLevel: number): 1 | 2 {
  return htmlLevel <= 1 ? 1 : 2;
}

/** Paragraphs and runs a manuscript may have: far above a 1,000,000-character article's. */
export const MAX_DOCX_PARAGRAPHS = 100_000;
export const MAX_DOCX_RUNS = 500_000;
/** Bytes of text: 1,000,000 characters (read-manuscript.ts's limit) at up to 3 bytes each, and entities. */
const MAX_DOCX_TEXT_BYTES = 4_000_000;
/** Elements of any kind: what the converter builds a tree of (a real manuscript has far fewer than
 *  ten per run; a document padded with other elements would otherwise pass the counts above). */
export const MAX_DOCX_ELEMENTS = 5_000_000;

/**
 * Counts paragraphs (<w:p>), runs (<w:r>) and the bytes of text (<w:t>) in the document's XML in one
 * pass over the bytes, and refuses a document past the limits.
 */
export function checkDocumentSize(xml: Buffer, file: string): void {
  let paragraphs = 0;
  let runs = 0;
  let textBytes = 0;
  let elements = 0;
  const LT = 0x3c;
  const W = 0x77;
  const COLON = 0x3a;
  const isNameEnd = (c: number | undefined): boolean => c === 0x20 || c === 0x3e || c === 0x2f || c === 0x09 || c === 0x0a || c === 0x0d;
  for (let at = xml.indexOf(LT); at >= 0 && at < xml.length; at = xml.indexOf(LT, at + 1)) {
    const next = xml[at + 1];
    if (next !== 0x2f && next !== 0x3f && next !== 0x21 && ++elements > MAX_DOCX_ELEMENTS) {
      throw refuseManuscript('manuscript_too_complex', file, `more than ${MAX_DOCX_ELEMENTS} XML elements`);
    }
    if (next !== W || xml[at + 2] !== COLON) continue;
    const tag = xml[at + 3];
    if (!isNameEnd(xml[at + 4])) continue;
    if (tag === 0x70) paragraphs++; // p
    else if (tag === 0x72) runs++; // r
    else if (tag === 0x74) {
      // t: its text runs to the next tag
      const close = xml.indexOf(0x3e, at);
      const next = close < 0 ? -1 : xml.indexOf(LT, close);
      if (close >= 0 && next > close) textBytes += next - close - 1;
    } else continue;
    if (paragraphs > MAX_DOCX_PARAGRAPHS || runs > MAX_DOCX_RUNS) {
      throw refuseManuscript('manuscript_too_complex', file, `more than ${MAX_DOCX_PARAGRAPHS} paragraphs or ${MAX_DOCX_RUNS} runs`);
    }
    if (textBytes > MAX_DOCX_TEXT_BYTES) throw refuseManuscript('manuscript_too_long', file, `more than ${MAX_DOCX_TEXT_BYTES} bytes of text`);
  }
}

export async function parseDocx(bytes: Buffer, file: string, fileStem: string, limits?: { memoryMb?: number; timeMs?: number }): Promise<ParsedDocx> {
  const entries = checkZip(bytes, file);
  const documentXml = entries.get('word/document.xml');
  if (!documentXml) throw refuseManuscript('docx_not_word', file, 'no word/document.xml in the zip');
  // Bounded before conversion: a small file of a million tiny paragraphs would otherwise take mammoth
  // minutes and gigabytes, holding up everyone else, before the character limit could refuse it.
  checkDocumentSize(documentXml, file);
  let result: { value: string; messages: { type: string; message: string }[] };
  let images: EmbeddedImage[];
  try {
    const converted = await convertDocxInWorker(bytes, STYLE_MAP, limits);
    result = { value: converted.html, messages: converted.messages };
    images = converted.images.map((image, index) => ({
      name: `image${index + 1}.${EXTENSION_OF_TYPE[image.contentType] ?? image.contentType.split('/')[1] ?? 'bin'}`,
      contentType: image.contentType,
      bytes: image.bytes,
    }));
  } catch (err) {
    if (err instanceof DocxConversionError && err.kind !== 'error') throw refuseManuscript('manuscript_too_complex', file, `converting it ran out of ${err.kind === 'memory' ? 'memory' : 'time'} (${err.message})`);
    throw refuseManuscript('docx_damaged', file, `Word document could not be read (${err instanceof Error ? err.message : String(err)})`);
  }

  const warnings: ParsedDocx['warnings'] = [];
  const styles = new Set<string>();
  for (const m of result.messages) {
    const style = /Unrecognised (?:paragraph|run) style: '([^']*)'/u.exec(m.message);
    if (style) styles.add(style[1]!);
  }
  for (const style of styles) warnings.push({ code: 'unknown_style', params: { style } });

  const walked = walkHtml(result.value);
  if (walked.tables > 0) warnings.push({ code: 'tables_flattened', params: { count: walked.tables } });

  const textual = walked.body.filter((b): b is WalkBlock => b.kind !== 'image' && plainText(trimRuns(b.runs)) !== '');
  const hasTitleStyle = textual.some((b) => b.kind === 'title');
  // Without a Title style, a heading that opens the document is its title.
  const firstIsHeading = !hasTitleStyle && textual[0]?.kind === 'heading';
  const candidates = walked.body.filter((b) => b.kind === 'image' || plainText(trimRuns(b.runs)) !== '');
  const headItems = candidates.map((b, i) =>
    b.kind === 'image'
      ? { text: '', isTitleHeading: false, isHeading: true }
      : {
          text: b.kind === 'subtitle' && !/^[—–-]/u.test(plainText(b.runs).trim()) ? `——${plainText(trimRuns(b.runs))}` : plainText(trimRuns(b.runs)),
          isTitleHeading: b.kind === 'title' || (firstIsHeading && i === 0),
          isHeading: b.kind === 'heading' || b.kind === 'title',
        },
  );
  const header = splitHeader(headItems, { fileStem, plainTextTitle: false });
  if (!hasTitleStyle && !firstIsHeading) warnings.push({ code: 'no_title', params: { title: header.titleLines.join(' ') } });

  const blocks: RichBlock[] = [];
  for (const b of candidates.slice(header.consumed)) {
    if (b.kind === 'image') blocks.push({ type: 'image', image: b.image, caption: b.alt });
    else if (b.kind === 'heading' || b.kind === 'title') blocks.push({ type: 'heading', level: headingLevel(b.level), runs: trimRuns(b.runs) });
    else blocks.push({ type: b.kind === 'quote' ? 'quote' : 'paragraph', runs: trimRuns(b.runs) });
  }
  walked.notes.forEach((runs, i) => {
    const trimmed = trimRuns(runs);
    blocks.push({ type: 'note', runs: [{ text: `[${i + 1}] `, format: 0 }, ...trimmed] });
  });
  return { titleLines: header.titleLines, subtitle: header.subtitle, byline: header.byline, blocks, joins: [], images, warnings };
}
