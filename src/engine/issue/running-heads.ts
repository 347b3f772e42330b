// Running heads and folios (GB/T 3179 眉题): the 刊名 with year and issue on the inner side, the
// 栏目 and the folio on the outer side (recto right, verso left), a hairline under the head. Pure.

import type { PageGrid } from '../flow/geometry';
import { MM_TO_PT } from '../styles/sizes';
import type { PageCanvas } from './canvas';
import { fillWords, type IssueDesign } from './design';
import { isRecto } from './numbering';

export interface RunningHeadText {
  /** 刊名 and issue: "北京人大　2026年第1期". */
  title: string;
  /** 栏目, or null for pages that show only the folio (openers, contents, colophon). */
  section: string | null;
}

export function issueHeadTitle(design: IssueDesign, title: string, year: number, number: number): string {
  return `${title}　${fillWords(design.words.yearIssue, { year, number })}`;
}

const GAP_PT = 8;

/** Draw the head and folio of one numbered page. */
export function drawRunningHead(canvas: PageCanvas, design: IssueDesign, grid: PageGrid, pageIndex: number, folio: string, head: RunningHeadText): void {
  const recto = isRecto(pageIndex);
  const baseline = design.headBaselineMm * MM_TO_PT;
  const left = grid.left;
  const right = grid.left + grid.width;
  const half = grid.width / 2;
  const source = { owner: canvas.key, blockIndex: -2 };
  const folioW = canvas.measure(design.text.folio, folio) + 1;
  canvas.textAt(design.text.folio, folio, { x: recto ? right - folioW : left, baseline, width: folioW, align: recto ? 'end' : 'start', source });
  const outerW = half - folioW - GAP_PT;
  if (head.section) {
    canvas.textAt(design.text.runningSection, head.section, {
      x: recto ? left + half : left + folioW + GAP_PT,
      baseline,
      width: outerW,
      align: recto ? 'end' : 'start',
      source: { ...source, part: 'sectionLabel' },
    });
  }
  canvas.textAt(design.text.runningHead, head.title, { x: recto ? left : left + half, baseline, width: half - GAP_PT, align: recto ? 'start' : 'end', source });
  canvas.rule(left, baseline + 4, right, baseline + 4, 0.4, design.ruleColor);
}
