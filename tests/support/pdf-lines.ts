// The printed lines of an exported PDF as a reader sees them: pdf.js's text items grouped into lines
// by baseline and into columns by their left edge, so the tests can check what the printer gets
// (names never split, numbers with their units, end marks inside the measure, titles broken
// between words) without trusting the display list the PDF was written from.

export interface PdfLine {
  page: number;
  /** Left and right edge, baseline and type size, in PDF points (y upwards). */
  x: number;
  right: number;
  y: number;
  size: number;
  text: string;
}

/** Two lines follow one another in a column when the second sits this many type sizes lower, at most. */
const MAX_LEADING_EMS = 2.2;

type TextItem = { str: string; transform: number[]; width: number; height: number };

export async function pdfLines(bytes: Uint8Array): Promise<PdfLine[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const loaded = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  const pages: PdfLine[][] = [];
  try {
    for (let number = 1; number <= loaded.numPages; number++) {
      const content = await (await loaded.getPage(number)).getTextContent();
      const items = (content.items as unknown[]).filter((i): i is TextItem => typeof i === 'object' && i !== null && 'str' in i && (i as TextItem).str !== '');
      pages.push(linesOf(number - 1, items));
    }
  } finally {
    await loaded.destroy();
  }
  return pages;
}

/** Items on one baseline, of one size, closer than one em to each other, make a line. */
function linesOf(page: number, items: TextItem[]): PdfLine[] {
  const sorted = items
    .map((i) => ({ x: i.transform[4]!, y: i.transform[5]!, size: Math.hypot(i.transform[2]!, i.transform[3]!), width: i.width, str: i.str }))
    .sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PdfLine[] = [];
  for (const item of sorted) {
    const line = lines.find((l) => Math.abs(l.y - item.y) < 0.3 && Math.abs(l.size - item.size) < 0.05 && item.x >= l.right - 0.5 && item.x - l.right < item.size);
    if (line) {
      line.text += item.str;
      line.right = Math.max(line.right, item.x + item.width);
    } else {
      lines.push({ page, x: item.x, right: item.x + item.width, y: item.y, size: item.size, text: item.str });
    }
  }
  return lines;
}

export interface PdfJoin {
  page: number;
  before: PdfLine;
  after: PdfLine;
}

/** Lines of one size where the next one continues the same column: lower by at most about two
 *  line heights, its left edge within two ems of the first's (an indent). */
export function pdfJoins(pages: readonly PdfLine[][]): PdfJoin[] {
  const out: PdfJoin[] = [];
  for (const lines of pages) {
    for (const before of lines) {
      const next = lines
        .filter((l) => l !== before && Math.abs(l.size - before.size) < 0.05 && l.y < before.y - 0.3 && before.y - l.y < MAX_LEADING_EMS * before.size && Math.abs(l.x - before.x) < 2.1 * before.size)
        .sort((a, b) => b.y - a.y)[0];
      if (next) out.push({ page: before.page, before, after: next });
    }
  }
  return out;
}
