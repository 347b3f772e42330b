// The speed target as the office measures it: the cold command-line export of the sample issue
// against a cold Typst process setting the same seed text, side by side in one hyperfine run
// (../shared/bench/typst-peer/ratio.sh; only a ratio from one run counts). Skipped, with a line
// saying so, where the peer is not set up (its setup.sh installs it outside the project).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchFigure } from './bench-types';

const ROOT = path.join(__dirname, '..');
const PEER = path.resolve(ROOT, '..', 'shared', 'bench', 'typst-peer');

export async function run(): Promise<BenchFigure[]> {
  const script = path.join(PEER, 'ratio.sh');
  const peerDir = process.env.PB ?? '/tmp/typst-peer';
  if (!fs.existsSync(script) || !fs.existsSync(path.join(peerDir, 'node_modules', '@myriaddreamin', 'typst-ts-node-compiler'))) {
    console.log(`typst ratio: skipped (run bash ${path.join(PEER, 'setup.sh')} once to set the peer up)`);
    return [];
  }
  const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qikan-ratio-')), 'hyperfine.json');
  const result = spawnSync('bash', [script, ROOT], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, RUNS: process.env.RUNS ?? '5', OUT_JSON: json } });
  if (result.status !== 0) throw new Error(`ratio.sh failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  const summary = result.stdout.split('\n').filter((l) => /times (faster|slower) than/u.test(l) || /ran$/u.test(l.trim()));
  for (const line of summary) console.log(`typst ratio: ${line.trim()}`);
  const runs = (JSON.parse(fs.readFileSync(json, 'utf8')) as { results: { command: string; mean: number }[] }).results;
  const mean = (name: string) => (runs.find((r) => r.command === name)?.mean ?? Number.NaN) * 1000;
  const qikan = mean('qikan');
  const typst = mean('typst');
  return [
    { label: 'cold export, qikan (hyperfine mean, same run as typst)', value: qikan, unit: 'ms' },
    { label: 'cold compile, typst (same run)', value: typst, unit: 'ms' },
    { label: 'ratio qikan / typst ×1000 (under 1000 = faster)', value: Math.round((qikan / typst) * 1000), unit: 'count' },
  ];
}
