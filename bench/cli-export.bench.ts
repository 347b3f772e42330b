// The cold command-line export as a user runs it: `node out/node/cli.cjs export 2026-1 --out …`
// (what `npm run cli -- export` runs once the bundle is built), each run a fresh process on the same
// fresh library. Prints the median wall time and peak RSS over the runs, and the median split by
// pipeline stage (startup until the layout starts, then layout, preflight, images, pdf, write),
// read from the stage lines the command prints. Run alone with `npx tsx bench/run.ts cli`.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXPORT_STAGES } from '../src/node/export/pipeline';
import { median, type BenchFigure } from './bench-types';

const ROOT = path.join(__dirname, '..');
const BUNDLE = path.join(ROOT, 'out', 'node', 'cli.cjs');
const HOOK = path.join(__dirname, 'cli-export-hook.cjs');
const RUNS = 5;

interface HookReport {
  code: number;
  stageTimes: number[];
  exitTime: number;
  maxRssKb: number;
}

function runOrThrow(args: string[]): string {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, QIKAN_LANG: 'en' } });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stderr;
}

function hookReportOf(stderr: string): HookReport {
  const line = stderr.split('\n').find((l) => l.startsWith('qikan-bench-report '));
  if (!line) throw new Error(`the export printed no bench report:\n${stderr}`);
  const report = JSON.parse(line.slice('qikan-bench-report '.length)) as HookReport;
  if (report.stageTimes.length !== EXPORT_STAGES.length) {
    throw new Error(`expected ${EXPORT_STAGES.length} stage lines, saw ${report.stageTimes.length}`);
  }
  return report;
}

export function run(): BenchFigure[] {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qikan-bench-cli-'));
  try {
    // Builds the bundle when a source changed and seeds the library: neither belongs in the figure.
    runOrThrow([path.join(ROOT, 'scripts', 'run-node.mjs'), 'cli', '--', 'list', '--data', dataDir]);
    const outFile = path.join(dataDir, 'issue.pdf');
    const wall: number[] = [];
    const rssMb: number[] = [];
    const stageMs = new Map<string, number[]>([['startup', []], ...EXPORT_STAGES.map((s): [string, number[]] => [s, []])]);
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const stderr = runOrThrow(['--require', HOOK, BUNDLE, 'export', '2026-1', '--out', outFile, '--data', dataDir, '--override', 'bench: the sample is never proofread']);
      wall.push(performance.now() - started);
      const report = hookReportOf(stderr);
      rssMb.push(report.maxRssKb / 1024);
      stageMs.get('startup')!.push(report.stageTimes[0]!);
      EXPORT_STAGES.forEach((stage, k) => {
        const end = report.stageTimes[k + 1] ?? report.exitTime;
        stageMs.get(stage)!.push(end - report.stageTimes[k]!);
      });
    }
    if (!fs.existsSync(outFile) || fs.statSync(outFile).size === 0) throw new Error('the export wrote no PDF');
    return [
      { label: `cold CLI export, whole issue (median of ${RUNS} processes)`, value: median(wall), unit: 'ms' },
      { label: 'cold CLI export, peak RSS (median)', value: median(rssMb), unit: 'MB' },
      { label: 'cold CLI export, peak RSS (max)', value: Math.max(...rssMb), unit: 'MB' },
      ...[...stageMs].map(([stage, ms]): BenchFigure => ({ label: `  cold CLI export: ${stage}`, value: median(ms), unit: 'ms' })),
    ];
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
