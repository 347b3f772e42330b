// Scale: an issue four times the sample (its sections, each article four times over: about 256
// pages, 300,000 characters), generated here from the sample's text, exported cold from the
// command line beside the sample itself in the same run. Prints both times, their ratio (4.0 is
// linear) and the peak memory of each.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, type BenchFigure } from './bench-types';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'out', 'node', 'cli.cjs');
const HOOK = path.join(__dirname, 'cli-export-hook.cjs');
const RUNS = 3;
const TIMES = 4;

function node(args: string[]): string {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, QIKAN_LANG: 'en' } });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stderr;
}

/** The text from its k-th sentence on, then the sentences before it. */
function rotated(text: string, k: number): string {
  const sentences = text.match(/[^。！？]+[。！？]?/gu) ?? [text];
  if (sentences.length < 2) return text.length > 4 ? text.slice(k % text.length) + text.slice(0, k % text.length) : text;
  const at = k % sentences.length;
  return [...sentences.slice(at), ...sentences.slice(0, at)].join('');
}

/** The sample issue JSON with every section's articles repeated, as issue 12 of the year. */
function scaledIssue(times: number): string {
  const sample = JSON.parse(fs.readFileSync(path.join(ROOT, 'resources', 'sample-issue-2026-01.json'), 'utf8'));
  sample.masthead.issueNumber = 12;
  sample.masthead.totalNumber = 324;
  sample.masthead.publishDate = '2026-12-26';
  let next = 0;
  for (const section of sample.sections) {
    const originals = section.articles;
    section.articles = [];
    // Each copy's paragraphs start at another sentence (the text rotated), so no copy is set from the
    // paragraph cache of another: four times the text is four times the work.
    for (let k = 0; k < times; k++)
      for (const a of originals)
        section.articles.push({ ...a, id: `s${++next}`, printedStartPage: null, tocIndex: null, blocks: a.blocks.map((b: { type: string; text?: string }) => (k > 0 && b.type === 'paragraph' && b.text ? { ...b, text: rotated(b.text, k) } : b)) });
  }
  sample.toc = { sections: [], entries: [] };
  return JSON.stringify(sample);
}

function exportCold(dataDir: string, issue: string): { ms: number; rssMb: number; pages: number } {
  const out = path.join(dataDir, `${issue}.pdf`);
  const started = performance.now();
  const stderr = node(['--require', HOOK, CLI, 'export', issue, '--out', out, '--data', dataDir, '--override', 'bench: scale']);
  const ms = performance.now() - started;
  const line = stderr.split('\n').find((l) => l.startsWith('qikan-bench-report '))!;
  const rssMb = (JSON.parse(line.slice('qikan-bench-report '.length)) as { maxRssKb: number }).maxRssKb / 1024;
  const pages = Number(fs.readFileSync(out).toString('latin1').match(/\/Type\s*\/Pages[^>]*\/Count\s+(\d+)/u)?.[1] ?? 0);
  return { ms, rssMb, pages };
}

export function run(): BenchFigure[] {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qikan-bench-scale-'));
  try {
    node([path.join(ROOT, 'scripts', 'run-node.mjs'), 'cli', '--', 'list', '--data', dataDir]);
    const json = path.join(dataDir, 'scaled.json');
    fs.writeFileSync(json, scaledIssue(TIMES));
    node([CLI, 'import-json', json, '--data', dataDir]);
    // Once each untimed: the fonts' measured data is made on the first run (once per library).
    exportCold(dataDir, '2026-1');
    const one: ReturnType<typeof exportCold>[] = [];
    const four: ReturnType<typeof exportCold>[] = [];
    for (let k = 0; k < RUNS; k++) {
      one.push(exportCold(dataDir, '2026-1'));
      four.push(exportCold(dataDir, '2026-12'));
    }
    const ms1 = median(one.map((r) => r.ms));
    const ms4 = median(four.map((r) => r.ms));
    return [
      { label: 'scale: cold export of the sample', value: ms1, unit: 'ms' },
      { label: `scale: cold export of the issue ×${TIMES}`, value: ms4, unit: 'ms' },
      { label: `scale: pages of the issue ×${TIMES}`, value: four[0]!.pages, unit: 'pages' },
      { label: `scale: time ratio ×${TIMES} / ×1 (×1000; ${TIMES * 1000} is linear)`, value: Math.round((ms4 / ms1) * 1000), unit: 'count' },
      { label: 'scale: peak RSS, sample', value: Math.max(...one.map((r) => r.rssMb)), unit: 'MB' },
      { label: `scale: peak RSS, issue ×${TIMES}`, value: Math.max(...four.map((r) => r.rssMb)), unit: 'MB' },
    ];
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
