// The head of a manuscript: title lines, a subtitle (——…) and a byline (文 / 张三) before the body.
// Shared by the Word and the text importers so both read a head the same way.

export interface ManuscriptHeader {
  titleLines: string[];
  subtitle: string | null;
  byline: string | null;
}

export interface HeadCandidate {
  text: string;
  /** Marked as the title by the source (Word's Title style, a Markdown "# " line). */
  isTitleHeading: boolean;
  isHeading: boolean;
}

export const SUBTITLE = /^[—–-]{1,2}\s*\S/u;
/** "文 / 张三", "文/本刊 张三", "作者：张三", "本刊记者 张三", "□ 张三". */
export const BYLINE = /^(文|撰文|作者|记者|本刊记者|特约记者|通讯员|□)\s*[/／:：]?\s*\S/u;
const MAX_TITLE_CHARS = 40;
const MAX_BYLINE_CHARS = 60;
const SENTENCE_END = /[。！？!?…；;：:]$/u;

/** A short first line without sentence-final punctuation reads as a title. */
export function looksLikeTitle(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && t.length <= MAX_TITLE_CHARS && !SENTENCE_END.test(t) && !BYLINE.test(t);
}

export function splitHeader(items: readonly HeadCandidate[], opts: { fileStem: string; plainTextTitle: boolean }): ManuscriptHeader & { consumed: number } {
  let i = 0;
  const titleLines: string[] = [];
  while (i < items.length && items[i]!.isTitleHeading && titleLines.length < 6) titleLines.push(items[i++]!.text.trim());
  if (titleLines.length === 0 && opts.plainTextTitle && items.length > 1 && !items[0]!.isHeading && looksLikeTitle(items[0]!.text)) {
    titleLines.push(items[i++]!.text.trim());
  }
  let subtitle: string | null = null;
  let byline: string | null = null;
  if (titleLines.length > 0) {
    if (i < items.length && !items[i]!.isHeading && SUBTITLE.test(items[i]!.text.trim()) && items[i]!.text.length <= 100) {
      subtitle = items[i++]!.text.trim().replace(/^[—–-]{1,2}\s*/u, '——');
    }
  }
  if (i < items.length && !items[i]!.isHeading && BYLINE.test(items[i]!.text.trim()) && items[i]!.text.trim().length <= MAX_BYLINE_CHARS) {
    byline = items[i++]!.text.trim();
  }
  if (titleLines.length === 0) titleLines.push(opts.fileStem.trim() || '—');
  return { titleLines, subtitle, byline, consumed: i };
}
