// 版权页 (colophon) in a column: organisation rows, 编辑委员会 with 主任, 副主任 and 委员 in
// 姓名笔画 order with the note, 主编, 编辑部 roles, contacts, 印刷, 发行, 定价. Labels are set in
// distributed spacing (均排, typography.md §4.6) in a fixed box; two-character names fill three
// em as printed ("王　旭"). Pure.

import type { Colophon, ColophonRow } from '../../shared/model';
import { sizeToPt } from '../styles/sizes';
import { leadingOf, type PageCanvas } from './canvas';
import type { IssueDesign } from './design';
import { sortByStrokes } from './stroke-order';

/** Block indexes of colophon lines, so tests and proof marks find the board members. */
export const BOARD_MEMBER_BLOCK = 1000;

export interface ColophonResult {
  bottom: number;
  boardOrder: string[];
}

export function drawColophon(canvas: PageCanvas, colophon: Colophon, design: IssueDesign, x: number, top: number, width: number): ColophonResult {
  const t = design.text;
  const labelSize = sizeToPt(t.colophonLabel.size);
  const labelW = design.colophonLabelEm * labelSize;
  const valueX = x + labelW + labelSize;
  const valueW = width - (valueX - x);
  const leading = leadingOf(t.colophonValue);
  let y = top;
  let block = 0;
  const src = (part?: 'title') => ({ owner: 'colophon', blockIndex: block++, ...(part ? { part } : {}) });

  const label = (text: string, at: number): void => {
    const chars = [...text.replace(/\s+/gu, '')].length;
    if (chars <= design.colophonLabelEm) canvas.text(t.colophonLabel, text, { x, top: at, width: labelW, align: 'distribute', lastAlign: 'distribute', source: src() });
    else canvas.text(t.colophonLabel, text, { x, top: at, width, source: src() });
  };
  /** A label with its value beside it; a label longer than the box gets its own line. */
  const row = (r: ColophonRow): void => {
    const long = [...r.label].length > design.colophonLabelEm;
    label(r.label, y);
    if (long) y += leading;
    y = canvas.text(t.colophonValue, r.value, { x: valueX, top: y, width: valueW, source: src() }).bottom;
  };
  const heading = (text: string): void => {
    y += leading * 0.5;
    y = canvas.text(t.colophonHeading, text, { x, top: y, width, source: src('title') }).bottom;
  };

  for (const r of colophon.organisation) row(r);

  const board = colophon.editorialBoard;
  heading(board.heading);
  row({ label: board.roles.chair, value: board.chair });
  row({ label: board.roles.viceChair, value: board.viceChair });
  const order = design.boardOrder === 'given' ? [...board.members] : sortByStrokes(board.members);
  label(board.roles.members, y);
  const nameW = 3 * labelSize;
  const perRow = Math.max(1, Math.min(design.boardNamesPerRow, Math.floor((valueW + labelSize) / (nameW + labelSize))));
  order.forEach((name, k) => {
    const col = k % perRow;
    if (k > 0 && col === 0) y += leading;
    const short = [...name].length <= 3;
    canvas.text(t.colophonValue, name, {
      x: valueX + col * (nameW + labelSize),
      top: y,
      width: short ? nameW : nameW * 2,
      align: short ? 'distribute' : 'start',
      lastAlign: short ? 'distribute' : 'start',
      source: { owner: 'colophon', blockIndex: BOARD_MEMBER_BLOCK + k },
    });
  });
  if (order.length > 0) y += leading;
  if (board.note) y = canvas.text(t.colophonNote, `${design.words.boardNoteOpen}${board.note}${design.words.boardNoteClose}`, { x: valueX, top: y, width: valueW, source: src() }).bottom;

  y += leading * 0.5;
  row({ label: colophon.chiefEditor.role, value: colophon.chiefEditor.name });
  heading(colophon.editorialOfficeHeading);
  for (const r of colophon.editorialOffice) row({ label: r.role, value: r.names.join('　') });
  y += leading * 0.5;
  for (const r of colophon.contacts) row(r);
  y += leading * 0.5;
  for (const r of colophon.production) row(r);
  row({ label: colophon.price.label, value: colophon.price.value });
  return { bottom: y, boardOrder: order };
}
