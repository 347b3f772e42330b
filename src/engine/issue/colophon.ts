// 版权页 (colophon) in a column: organisation rows, 编辑委员会 with 主任, 副主任 and 委员 with the
// note, 主编, 编辑部 roles, contacts, 印刷, 发行, 定价. Labels are set in distributed spacing (均排,
// typography.md §4.6) in a fixed box; two-character names fill three em as printed ("王　旭").
//
// The board is printed in the order the office entered it. 姓名笔画 order is only suggested
// (`strokeOrder`, `inStrokeOrder`): the approved order of a board is the office's decision, so the
// engine never re-sorts it unless the publication's design asks for it (boardOrder: 'strokes').
//
// The colophon is one bounded frame, the column. Every row but the board's names has a fixed
// height; the names get the room that is left (the frame "colophon:board") and are fitted by rule:
//   1. names in the value column beside the 委员 label, at most `boardNamesPerRow` to a row;
//   2. else the names run across the whole column width, under the label (more names to a row);
//   3. else their size steps down by 0.5 pt, across the whole width, to `colophonBoardMinPt`;
//   4. else they stay at the floor and the names that do not fit are overset (not drawn, reported).
// Pure.

import type { Colophon, ColophonRow } from '../../shared/model';
import { sizeToPt } from '../styles/sizes';
import { frameBottom, frameOf, leadingOf, type PageCanvas, type TextFrame } from './canvas';
import type { IssueDesign, TextSpec } from './design';
import { inStrokeOrder, sortByStrokes } from './stroke-order';

/** Block indexes of colophon lines, so tests and proof marks find the board members. */
export const BOARD_MEMBER_BLOCK = 1000;

/** How the board's names were set (rule steps 1–4 above). */
export interface BoardFit {
  /** 'value-column': step 1; 'full-width': steps 2–4. */
  mode: 'value-column' | 'full-width';
  /** Size of the names, pt. */
  sizePt: number;
  namesPerRow: number;
  /** Names not drawn (step 4). */
  overset: number;
}

export interface ColophonResult {
  bottom: number;
  /** Members in the order printed. */
  boardOrder: string[];
  /** The members in 姓名笔画 order (a suggestion; printed only when the design asks for it). */
  strokeOrder: string[];
  /** Whether the printed order already is 姓名笔画 order. */
  inStrokeOrder: boolean;
  boardFit: BoardFit;
}

interface Piece {
  height: number;
  draw(y: number): void;
}

const SIZE_STEP_PT = 0.5;

export function drawColophon(canvas: PageCanvas, colophon: Colophon, design: IssueDesign, x: number, top: number, width: number, height = canvas.boxes.trimH - top): ColophonResult {
  const t = design.text;
  const labelSize = sizeToPt(t.colophonLabel.size);
  const labelW = design.colophonLabelEm * labelSize;
  const valueX = x + labelW + labelSize;
  const valueW = width - (valueX - x);
  const leading = leadingOf(t.colophonValue);
  const column = frameOf('column', x, top, width, height);
  let block = 0;
  const src = (part?: 'title') => ({ owner: 'colophon', blockIndex: block++, ...(part ? { part } : {}) });

  const pieces: Piece[] = [];
  const gap = (h: number): void => void pieces.push({ height: h, draw: () => undefined });
  const labelPiece = (text: string, at: number): void => {
    const chars = [...text.replace(/\s+/gu, '')].length;
    if (chars <= design.colophonLabelEm) canvas.text(t.colophonLabel, text, { x, top: at, width: labelW, align: 'distribute', lastAlign: 'distribute', source: src(), frame: column });
    else canvas.text(t.colophonLabel, text, { x, top: at, width, source: src(), frame: column });
  };
  /** A label with its value beside it; a label longer than the box gets its own line. */
  const row = (r: ColophonRow): void => {
    const long = [...r.label].length > design.colophonLabelEm;
    const valueH = Math.max(leading, canvas.heightOf(t.colophonValue, r.value, valueW));
    pieces.push({
      height: (long ? leading : 0) + valueH,
      draw(y) {
        labelPiece(r.label, y);
        canvas.text(t.colophonValue, r.value, { x: valueX, top: long ? y + leading : y, width: valueW, source: src(), frame: column });
      },
    });
  };
  const heading = (text: string): void => {
    gap(leading * 0.5);
    const h = canvas.heightOf(t.colophonHeading, text, width);
    pieces.push({ height: h, draw: (y) => void canvas.text(t.colophonHeading, text, { x, top: y, width, source: src('title'), frame: column }) });
  };

  for (const r of colophon.organisation) row(r);

  const board = colophon.editorialBoard;
  heading(board.heading);
  row({ label: board.roles.chair, value: board.chair });
  row({ label: board.roles.viceChair, value: board.viceChair });
  const order = design.boardOrder === 'strokes' ? sortByStrokes(board.members) : [...board.members];
  const boardIndex = pieces.length;
  pieces.push({ height: 0, draw: () => undefined }); // the names: height decided below
  if (board.note) {
    const note = `${design.words.boardNoteOpen}${board.note}${design.words.boardNoteClose}`;
    pieces.push({ height: canvas.heightOf(t.colophonNote, note, valueW), draw: (y) => void canvas.text(t.colophonNote, note, { x: valueX, top: y, width: valueW, source: src(), frame: column }) });
  }
  gap(leading * 0.5);
  row({ label: colophon.chiefEditor.role, value: colophon.chiefEditor.name });
  heading(colophon.editorialOfficeHeading);
  for (const r of colophon.editorialOffice) row({ label: r.role, value: r.names.join('　') });
  gap(leading * 0.5);
  for (const r of colophon.contacts) row(r);
  gap(leading * 0.5);
  for (const r of colophon.production) row(r);
  row({ label: colophon.price.label, value: colophon.price.value });

  // The names get what the fixed rows leave of the column.
  const fixed = pieces.reduce((h, p) => h + p.height, 0);
  const room = Math.max(0, height - fixed);
  const fit = fitBoard(order, t.colophonValue, design, { valueW, fullW: width, room, leading });
  pieces[boardIndex] = {
    height: Math.min(room, fit.height),
    draw(y) {
      labelPiece(board.roles.members, y);
      const frame = frameOf('board', x, y, width, Math.min(room, frameBottom(column) - y));
      drawBoard(canvas, order, fit, frame, fit.mode === 'value-column' ? valueX : x, fit.mode === 'value-column' ? y : y + leading);
    },
  };

  let y = top;
  for (const p of pieces) {
    p.draw(y);
    y += p.height;
  }
  const strokeOrder = sortByStrokes(order);
  return {
    bottom: y,
    boardOrder: order,
    strokeOrder,
    inStrokeOrder: inStrokeOrder(order),
    boardFit: { mode: fit.mode, sizePt: sizeToPt(fit.spec.size), namesPerRow: fit.cells, overset: fit.overset },
  };
}

interface BoardLayout {
  mode: BoardFit['mode'];
  spec: TextSpec;
  /** Cells to a row. */
  cells: number;
  /** Per name: row and first cell. */
  at: { row: number; cell: number; cells: number }[];
  height: number;
  overset: number;
}

/** Names in a grid of 3-em cells one em apart; a longer name takes as many cells as it needs. */
function gridNames(names: readonly string[], sizePt: number, areaW: number, maxCells: number): { cells: number; at: BoardLayout['at']; rows: number } {
  const cellW = 3 * sizePt;
  const cells = Math.max(1, Math.min(maxCells, Math.floor((areaW + sizePt) / (cellW + sizePt))));
  const at: BoardLayout['at'] = [];
  let rowIndex = 0;
  let cell = 0;
  for (const name of names) {
    const chars = [...name.replace(/\s+/gu, '')].length;
    const need = Math.min(cells, Math.max(1, Math.ceil((chars * sizePt + sizePt) / (cellW + sizePt))));
    if (cell + need > cells) {
      rowIndex++;
      cell = 0;
    }
    at.push({ row: rowIndex, cell, cells: need });
    cell += need;
  }
  return { cells, at, rows: names.length > 0 ? rowIndex + 1 : 0 };
}

function fitBoard(names: readonly string[], base: TextSpec, design: IssueDesign, o: { valueW: number; fullW: number; room: number; leading: number }): BoardLayout {
  const baseSize = sizeToPt(base.size);
  const ratio = leadingOf(base) / baseSize;
  const make = (mode: BoardFit['mode'], sizePt: number): BoardLayout => {
    const spec: TextSpec = sizePt === baseSize ? base : { ...base, size: sizePt, leadingPt: sizePt * ratio };
    const wide = mode === 'full-width';
    const g = gridNames(names, sizePt, wide ? o.fullW : o.valueW, wide ? Number.POSITIVE_INFINITY : design.boardNamesPerRow);
    // In the full width the names start on the line under the 委员 label.
    const labelLine = wide ? o.leading : 0;
    const height = Math.max(o.leading, labelLine + g.rows * leadingOf(spec));
    return { mode, spec, cells: g.cells, at: g.at, height, overset: 0 };
  };
  const first = make('value-column', baseSize);
  if (first.height <= o.room || names.length === 0) return first;
  const floor = Math.min(baseSize, design.colophonBoardMinPt);
  let last = make('full-width', baseSize);
  for (let size = baseSize; last.height > o.room && size - SIZE_STEP_PT >= floor - 1e-9; ) {
    size = Math.round((size - SIZE_STEP_PT) * 100) / 100;
    last = make('full-width', size);
  }
  if (last.height <= o.room) return last;
  // Step 4: the rows that fit are drawn, the rest is overset.
  const pitch = leadingOf(last.spec);
  const rowsThatFit = Math.max(0, Math.floor((o.room - o.leading + 1e-6) / pitch));
  const overset = last.at.filter((a) => a.row >= rowsThatFit).length;
  return { ...last, overset };
}

function drawBoard(canvas: PageCanvas, names: readonly string[], fit: BoardLayout, frame: TextFrame, x0: number, top: number): void {
  const sizePt = sizeToPt(fit.spec.size);
  const cellW = 3 * sizePt;
  const pitch = leadingOf(fit.spec);
  names.forEach((name, k) => {
    const a = fit.at[k]!;
    const short = [...name.replace(/\s+/gu, '')].length <= 3;
    canvas.text(fit.spec, name, {
      x: x0 + a.cell * (cellW + sizePt),
      top: top + a.row * pitch,
      width: a.cells * cellW + (a.cells - 1) * sizePt,
      align: short ? 'distribute' : 'start',
      lastAlign: short ? 'distribute' : 'start',
      source: { owner: 'colophon', blockIndex: BOARD_MEMBER_BLOCK + k },
      frame,
    });
  });
}
