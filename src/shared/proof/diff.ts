// Character-level differences between two versions of an article, suited to Chinese: the unit is the
// character (code point), not the word, since Chinese has no spaces to split on. Myers' O(ND) diff,
// then a cleanup that folds a lone shared character between two changes into them (a chance 的 or
// ， in the middle of a rewritten phrase reads better as part of the change). Pure.

import type { ArticleDiff, DiffSegment } from '../proof';

/** Past this many edits the middle is reported as one deletion and one insertion (bounded memory). */
const MAX_EDIT_DISTANCE = 2000;

function myers(a: readonly string[], b: readonly string[]): DiffSegment[] {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    // Only the diagonals reachable at this distance are kept: [-d-1, d+1].
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    v = next;
  }
  if (found < 0) {
    return [
      ...(n > 0 ? [{ op: 'delete' as const, text: a.join('') }] : []),
      ...(m > 0 ? [{ op: 'insert' as const, text: b.join('') }] : []),
    ];
  }
  // Walk back through the saved frontiers.
  const ops: { op: DiffSegment['op']; ch: string }[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const trimmed = trace[d]!;
    const at = (diagonal: number) => trimmed[diagonal + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) ops.push({ op: 'equal', ch: a[--x]! }), y--;
    if (x === prevX) ops.push({ op: 'insert', ch: b[--y]! });
    else ops.push({ op: 'delete', ch: a[--x]! });
  }
  while (x > 0 && y > 0) ops.push({ op: 'equal', ch: a[--x]! }), y--;
  ops.reverse();
  return merge(ops.map((o) => ({ op: o.op, text: o.ch })));
}

/** Joins neighbouring segments of one kind; within a change, deletions come before insertions. */
function merge(segments: readonly DiffSegment[]): DiffSegment[] {
  const out: DiffSegment[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ op: 'delete', text: del });
    if (ins) out.push({ op: 'insert', text: ins });
    del = ins = '';
  };
  for (const s of segments) {
    if (s.text === '') continue;
    if (s.op === 'delete') del += s.text;
    else if (s.op === 'insert') ins += s.text;
    else {
      flush();
      const last = out[out.length - 1];
      if (last?.op === 'equal') last.text += s.text;
      else out.push({ op: 'equal', text: s.text });
    }
  }
  flush();
  return out;
}

/** Characters changed in the run of changes next to segment i, in direction step (-1 before, 1 after). */
function changeSize(segments: readonly DiffSegment[], i: number, step: -1 | 1): number {
  let n = 0;
  for (let j = i + step; j >= 0 && j < segments.length && segments[j]!.op !== 'equal'; j += step) n += Array.from(segments[j]!.text).length;
  return n;
}

/** Folds a one-character equality between two rewrites (at least two characters changed on each side,
 *  e.g. 甲的乙 → 丙的丁) into them; a lone insertion or deletion next to it stays apart. Never folds
 *  next to a kept character (a block boundary: a deleted paragraph is not a rewritten phrase). */
function cleanup(segments: DiffSegment[], keep: (text: string) => boolean): DiffSegment[] {
  let current = segments;
  for (;;) {
    let changed = false;
    const out: DiffSegment[] = [];
    for (let i = 0; i < current.length; i++) {
      const s = current[i]!;
      const prevChange = i > 0 && current[i - 1]!.op !== 'equal';
      const nextChange = i + 1 < current.length && current[i + 1]!.op !== 'equal';
      const touchesKept = [current[i - 1], s, current[i + 1]].some((x) => x !== undefined && Array.from(x.text).some(keep));
      if (s.op === 'equal' && prevChange && nextChange && Array.from(s.text).length === 1 && !touchesKept && changeSize(current, i, -1) >= 2 && changeSize(current, i, 1) >= 2) {
        out.push({ op: 'delete', text: s.text }, { op: 'insert', text: s.text });
        changed = true;
      } else {
        out.push(s);
      }
    }
    current = merge(out);
    if (!changed) return current;
  }
}

/** The difference between two texts, character by character. `keep` names characters (block
 *  separators) the cleanup never folds across. */
export function diffChars(before: string, after: string, keep: (text: string) => boolean = () => false): DiffSegment[] {
  const a = Array.from(before);
  const b = Array.from(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const middle = myers(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix));
  const segments: DiffSegment[] = [
    { op: 'equal', text: a.slice(0, prefix).join('') },
    ...middle,
    { op: 'equal', text: a.slice(a.length - suffix).join('') },
  ];
  return cleanup(merge(segments), keep);
}

const BLOCK_SEPARATOR = '\u2029';

/** The article's difference per block of the current text: the texts are compared whole (so a moved
 *  or joined paragraph reads right), then cut at the current text's block boundaries. A deleted block
 *  shows as a deletion in the block that follows it (or the last block). */
export function diffBlocks(beforeBlocks: readonly string[], afterBlocks: readonly string[]): Pick<ArticleDiff, 'blocks' | 'inserted' | 'deleted'> {
  const segments = diffChars(beforeBlocks.join(BLOCK_SEPARATOR), afterBlocks.join(BLOCK_SEPARATOR), (ch) => ch === BLOCK_SEPARATOR);
  const blocks: ArticleDiff['blocks'] = afterBlocks.map((_, blockIndex) => ({ blockIndex, segments: [] }));
  if (blocks.length === 0) blocks.push({ blockIndex: 0, segments: [] });
  let current = 0;
  let inserted = 0;
  let deleted = 0;
  const push = (op: DiffSegment['op'], text: string) => {
    if (text === '') return;
    const list = blocks[Math.min(current, blocks.length - 1)]!.segments;
    const last = list[list.length - 1];
    if (last && last.op === op) last.text += text;
    else list.push({ op, text });
  };
  for (const s of segments) {
    if (s.op === 'delete') {
      // A deleted separator joined two blocks: it reads as a deleted paragraph break "¶" would, so
      // it is reported as a line break in the deleted text.
      push('delete', s.text.split(BLOCK_SEPARATOR).join('\n'));
      deleted += Array.from(s.text).filter((c) => c !== BLOCK_SEPARATOR).length;
      continue;
    }
    if (s.op === 'insert') inserted += Array.from(s.text).filter((c) => c !== BLOCK_SEPARATOR).length;
    const parts = s.text.split(BLOCK_SEPARATOR);
    parts.forEach((part, i) => {
      if (i > 0) current++;
      push(s.op, part);
    });
  }
  return { blocks, inserted, deleted };
}
