// `npm run bench`: runs every bench/*.bench.ts in name order (engine first, so its cold figure
// is really cold), then prints peak memory of the whole run. A module exports either
// `run(): BenchFigure[]` (see bench-types.ts) or a pair `bench…()` + `format…(result) → lines`.
// `npm run bench -- engine` runs only the modules whose file name starts with "engine".
import fs from 'node:fs';
import path from 'node:path';
import type { BenchFigure, BenchModule } from './bench-types';

type LooseModule = Partial<BenchModule> & Record<string, unknown>;

function formatFigures(figures: BenchFigure[]): string[] {
  const width = Math.max(...figures.map((f) => f.label.length));
  return figures.map((f) => {
    const value = f.unit === 'ms' || f.unit === 'MB' ? f.value.toFixed(1) : String(Math.round(f.value));
    return `${f.label.padEnd(width)}  ${value.padStart(9)} ${f.unit}`;
  });
}

async function runModule(mod: LooseModule): Promise<string[]> {
  if (typeof mod.run === 'function') return formatFigures(await mod.run());
  const names = Object.keys(mod);
  const bench = names.find((n) => n.startsWith('bench') && typeof mod[n] === 'function');
  const format = names.find((n) => n.startsWith('format') && typeof mod[n] === 'function');
  if (!bench || !format) throw new Error('a bench module exports run() or bench…() with format…()');
  const result: unknown = await (mod[bench] as () => unknown)();
  return (mod[format] as (r: unknown) => string[])(result);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  for (const file of files) {
    const mod = require(path.join(__dirname, file)) as LooseModule;
    for (const line of await runModule(mod)) console.log(line);
  }
  console.log(formatFigures([
    { label: 'peak memory (maxRSS, whole run)', value: process.resourceUsage().maxRSS / 1024, unit: 'MB' },
    { label: 'heap used at end', value: process.memoryUsage().heapUsed / 1024 / 1024, unit: 'MB' },
  ]).join('\n'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
